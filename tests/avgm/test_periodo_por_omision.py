"""The three rules that choose a page's periodo live on `Periodo.objects`, each for its own
question: the last closed one (the corte that no longer moves), the one in progress (the latest
with submitted fichas) and the current one by the calendar (the enlace's)."""

import datetime

import pytest
from django.utils import timezone

from avgm.models import Periodo
from fichas.models import FichaTecnica
from tests.factories import FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


def _cerrar(*periodos):
    Periodo.objects.filter(pk__in=[p.pk for p in periodos]).update(cerrado=True)


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


def test_the_current_periodo_is_the_one_whose_fichas_are_due_now(hoy, django_assert_num_queries):
    ejercicio(2022)
    t3, t4 = periodo(2022, 3), periodo(2022, 4)
    hoy(t3.fecha_limite)  # T4 has started, but T3's fichas are due until today
    with django_assert_num_queries(1):
        assert Periodo.objects.actual() == t3
    hoy(t3.fecha_limite + datetime.timedelta(days=1))
    assert Periodo.objects.actual() == t4


def test_a_closed_periodo_is_never_current_while_one_is_open(hoy):
    ejercicio(2022)
    t2 = periodo(2022, 2)
    hoy(t2.fecha_limite)
    assert Periodo.objects.actual() == t2
    _cerrar(t2)  # closed before its deadline: the work moves on to T3
    assert Periodo.objects.actual() == periodo(2022, 3)


def test_past_every_deadline_the_latest_started_and_before_any_the_first(hoy):
    ejercicio(2022)
    _cerrar(periodo(2022, 1))
    hoy(datetime.date(2026, 12, 7))
    assert Periodo.objects.actual() == periodo(2022, 4)
    hoy(datetime.date(2021, 12, 1))  # a year not begun: its first open periodo
    assert Periodo.objects.actual() == periodo(2022, 2)


def test_with_everything_closed_the_current_is_the_latest(hoy):
    ejercicio(2022)
    _cerrar(*(periodo(2022, n) for n in (1, 2, 3, 4)))
    hoy(datetime.date(2022, 8, 15))
    assert Periodo.objects.actual() == periodo(2022, 4)


def test_the_current_is_chosen_only_among_the_periodos_given(hoy):
    ejercicio(2022)
    hoy(datetime.date(2022, 8, 15))
    con_metas = Periodo.objects.filter(numero__in=[1, 2])
    assert con_metas.actual() == periodo(2022, 2)
    assert Periodo.objects.none().actual() is None
