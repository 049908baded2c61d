"""The three rules that choose a page's periodo live on `Periodo.objects`, each for its own
question: the last closed one (the corte that no longer moves), the one in progress (the latest
with submitted fichas) and the enlace's (the earliest still owed)."""

import datetime

import pytest
from django.utils import timezone

from avgm.models import Periodo
from fichas.models import FichaTecnica
from tests.factories import FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


def _cerrar(*periodos):
    Periodo.objects.filter(pk__in=[p.pk for p in periodos]).update(cerrado=True)


def _ids(*periodos):
    return Periodo.objects.filter(pk__in=[p.pk for p in periodos]).values("pk")


@pytest.fixture
def hoy(monkeypatch):
    def fijar(fecha: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: fecha)

    return fijar


def test_the_last_closed_is_the_latest_closed_across_ejercicios():
    ejercicio(2022), ejercicio(2023)
    assert Periodo.objects.ultimo_cerrado() is None
    _cerrar(periodo(2022, 4), periodo(2022, 1), periodo(2023, 1))
    assert Periodo.objects.ultimo_cerrado() == periodo(2023, 1)


def test_in_progress_is_the_latest_with_a_submitted_ficha_closed_or_not(
    django_assert_num_queries,
):
    ejercicio(2022)
    assert Periodo.objects.en_curso(FichaTecnica.objects.reportadas()) == periodo(2022, 4)
    meta = MetaFactory()
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada")
    FichaFactory(meta=meta, periodo=periodo(2022, 2), estado="enviada")
    FichaFactory(meta=meta, periodo=periodo(2022, 3))  # a borrador was not submitted
    _cerrar(periodo(2022, 1))
    t2 = periodo(2022, 2)
    with django_assert_num_queries(1):  # the latest periodo with a submitted ficha
        assert Periodo.objects.en_curso(FichaTecnica.objects.reportadas()) == t2
    assert Periodo.objects.ultimo_cerrado() == periodo(2022, 1)  # the other rule waits


def test_in_progress_reads_only_the_fichas_in_view(dependencia_a, dependencia_b):
    ejercicio(2022)
    FichaFactory(meta=MetaFactory(dependencia=dependencia_a), estado="enviada")
    FichaFactory(
        meta=MetaFactory(dependencia=dependencia_b), periodo=periodo(2022, 3), estado="enviada"
    )
    de_a = FichaTecnica.objects.filter(meta__dependencia=dependencia_a).reportadas()
    assert Periodo.objects.en_curso(de_a) == periodo(2022, 1)


def test_the_enlace_starts_on_the_earliest_open_periodo_still_owed(hoy, django_assert_num_queries):
    ejercicio(2022)
    t1, t2, t3 = (periodo(2022, n) for n in (1, 2, 3))
    _cerrar(t1)
    hoy(datetime.date(2022, 11, 1))
    with django_assert_num_queries(1):
        assert Periodo.objects.por_omision_para_enlace(_ids(t1, t3, t2)) == t2


def test_with_nothing_owed_the_enlace_gets_the_latest_open_periodo_that_started(hoy):
    ejercicio(2022)
    _cerrar(periodo(2022, 1))
    hoy(datetime.date(2022, 8, 15))
    assert Periodo.objects.por_omision_para_enlace(_ids()) == periodo(2022, 3)
    hoy(datetime.date(2021, 12, 1))  # none started yet: the latest open one
    assert Periodo.objects.por_omision_para_enlace(_ids()) == periodo(2022, 4)


def test_with_everything_closed_the_enlace_gets_the_latest(hoy):
    ejercicio(2022)
    _cerrar(*(periodo(2022, n) for n in (1, 2, 3, 4)))
    hoy(datetime.date(2023, 2, 1))
    assert Periodo.objects.por_omision_para_enlace(_ids(periodo(2022, 2))) == periodo(2022, 4)


def test_the_enlace_chooses_only_among_the_periodos_given(hoy):
    ejercicio(2022)
    hoy(datetime.date(2022, 8, 15))
    con_metas = Periodo.objects.filter(numero__in=[1, 2])
    assert con_metas.por_omision_para_enlace(_ids(periodo(2022, 3))) == periodo(2022, 2)
    assert Periodo.objects.none().por_omision_para_enlace(_ids()) is None
