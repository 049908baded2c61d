"""`manage.py demo` refuses to mix with other data and --dry-run keeps nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dependencias.models import Dependencia, Meta
from fichas.models import FichaTecnica
from tests.factories import DependenciaFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_when_other_data_uses_its_keys_and_changes_nothing():
    DependenciaFactory(siglas="DIF", nombre="Otro DIF")
    with pytest.raises(CommandError, match="dependencia DIF"):
        call_command("demo", stdout=StringIO())
    assert Dependencia.objects.count() == 1
    assert not Meta.objects.exists()


def test_dry_run_loads_and_rolls_back():
    salida = StringIO()
    call_command("demo", "--dry-run", stdout=salida)
    assert "'metas': 147" in salida.getvalue()
    assert not FichaTecnica.objects.exists()
    assert not Dependencia.objects.exists()
