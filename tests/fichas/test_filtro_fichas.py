"""The shared fichas filter narrows by each field, and by late/on time on the first submission."""

import datetime

import pytest
from django.utils import timezone

from fichas.filters import FiltroFichas
from fichas.models import FichaTecnica
from tests.factories import FichaFactory, MetaFactory, periodo

pytestmark = pytest.mark.django_db


def _enviada(meta, numero, cuando):
    return FichaFactory(
        meta=meta, periodo=periodo(2022, numero), estado="enviada", primer_envio_en=cuando
    )


def test_late_and_on_time_are_judged_by_the_first_submission():
    meta = MetaFactory()
    limite = periodo(2022, 1).fecha_limite
    a_tiempo = _enviada(
        meta, 1, timezone.make_aware(datetime.datetime.combine(limite, datetime.time(23, 0)))
    )
    tarde = _enviada(meta, 2, timezone.make_aware(datetime.datetime(2022, 7, 30, 9, 0)))
    borrador = FichaFactory(meta=meta, periodo=periodo(2022, 3))

    def ids(**data):
        filtro = FiltroFichas(data)
        return set(filtro.filtrar(FichaTecnica.objects.all()).values_list("pk", flat=True))

    assert ids(oportunidad="a_tiempo") == {a_tiempo.pk}
    assert ids(oportunidad="tardia") == {tarde.pk}
    assert ids(oportunidad="sin_enviar") == {borrador.pk}
    assert ids(estado="enviada") == {a_tiempo.pk, tarde.pk}
    assert ids(periodo=periodo(2022, 2).pk) == {tarde.pk}
    assert ids(dependencia=meta.dependencia.pk) == {a_tiempo.pk, tarde.pk, borrador.pk}
