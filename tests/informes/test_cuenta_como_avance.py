"""«Counts as progress» has one definition (`fichas.models.cuenta_como_avance`): a ficha of 6
atenciones for a meta programmed with 6 in T1 is progress in every figure, accumulated and
public number when it is approved and applies, and in none while it is only reported."""

import pytest

from fichas import selectors
from fichas.models import FichaTecnica
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.salidas.instantanea import instantanea_publica
from planeacion.cobertura import metas_anteriores
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


@pytest.fixture(
    params=[
        ("enviada", False, False),
        ("observada", False, False),
        ("aprobada", True, False),  # approved and applicable: the only one that is progress
        ("aprobada", False, True),  # approved as «no aplica»: a response, never progress
    ],
    ids=["enviada", "observada", "aprobada", "aprobada-no-aplica"],
)
def caso(request, enlace_a, dependencia_a):
    estado, cuenta, no_aplica = request.param
    ejercicio(2022)
    rec = RecomendacionFactory(clave="R1")
    meta = MetaFactory(dependencia=dependencia_a, recomendaciones=[rec], programado={1: 6})
    ficha = FichaFactory(
        meta=meta,
        periodo=periodo(2022, 1),
        estado=estado,
        cantidad_alcanzada=6,
        no_aplica=no_aplica,
    )
    return ficha, cuenta


def test_the_queryset_methods_count_it_only_when_approved_and_applicable(caso):
    ficha, cuenta = caso
    assert FichaTecnica.objects.cuentan_como_avance().filter(pk=ficha.pk).exists() is cuenta
    assert FichaTecnica.objects.con_avance().filter(pk=ficha.pk).exists() is cuenta


def test_every_figure_of_the_report_agrees(caso):
    _ficha, cuenta = caso
    figuras = calcular(Corte.buscar(2022, "T1"))
    assert figuras["recomendaciones"]["impactadas"] == (1 if cuenta else 0)
    (tipo,) = figuras["metas_por_tipo_accion"]
    assert (tipo["cumplidas"], tipo["con_avance"]) == ((1, 0) if cuenta else (0, 0))
    (rec,) = figuras["recomendaciones_menos_atendidas"] or figuras["recomendaciones_mas_atendidas"]
    assert rec["fichas_con_avance"] == (1 if cuenta else 0)


def test_the_public_snapshot_agrees(caso):
    _ficha, cuenta = caso
    (rec,) = instantanea_publica(Corte.buscar(2022, "T1"))["recomendaciones"]
    assert rec["estado"] == ("impactada" if cuenta else "programada")
    assert rec["metas"][0]["alcanzado"] == (6 if cuenta else 0)


def test_the_accumulated_quantities_of_fichas_and_planning_agree(caso, enlace_a):
    ficha, cuenta = caso
    acumulado = 6 if cuenta else 0
    assert selectors.acumulado_aprobado(ficha) == acumulado
    (meta,) = selectors.metas_del_periodo(enlace_a, periodo(2022, 1))
    assert meta.acumulado == acumulado
    (anterior,) = metas_anteriores(ficha.meta.dependencia_id, 2022)
    assert anterior.aprobado == acumulado
