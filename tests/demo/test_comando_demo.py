"""`manage.py demo` refuses production, refuses to mix with other data, and --dry-run keeps nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from dependencias.models import Dependencia, Meta
from fichas.models import FichaTecnica
from tests.factories import DependenciaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desarrollo(settings):
    """A development machine: the only place the demo loads (pytest-django runs DEBUG=False)."""
    settings.DEBUG = True


@pytest.mark.parametrize("argumentos", [[], ["--dry-run"], ["--cuentas"]])
def test_it_refuses_to_run_with_debug_off(settings, argumentos):
    settings.DEBUG = False
    salida = StringIO()
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("demo", *argumentos, stdout=salida)
    assert salida.getvalue() == ""
    assert not get_user_model().objects.exists()
    assert not Dependencia.objects.exists()


def test_it_refuses_when_other_data_uses_its_keys_and_changes_nothing(desarrollo):
    DependenciaFactory(siglas="DIF", nombre="Otro DIF")
    with pytest.raises(CommandError, match="dependencia DIF"):
        call_command("demo", stdout=StringIO())
    assert Dependencia.objects.count() == 1
    assert not Meta.objects.exists()


@pytest.mark.slow  # loads the whole demo
def test_dry_run_loads_and_rolls_back(desarrollo):
    salida = StringIO()
    call_command("demo", "--dry-run", stdout=salida)
    assert "'metas': 147" in salida.getvalue()
    assert not FichaTecnica.objects.exists()
    assert not Dependencia.objects.exists()
