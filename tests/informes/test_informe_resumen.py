"""The key-figures box reads the corte's own figures; long lists say they continue in the annex."""

import pytest
from django.template.loader import render_to_string

from avgm.models import Modalidad
from informes.cifras.figures import Corte, calcular
from informes.cifras.resumen import resumen
from informes.salidas.impresion import recorte
from informes.salidas.pdf import html_para_pdf
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corte():
    """Three dependencias with metas in T1; two of them report, one approved with progress."""
    ejercicio(2022)
    laboral = Modalidad.objects.get_or_create(nombre="Violencia Laboral")[0]
    familiar = Modalidad.objects.get_or_create(nombre="Violencia Familiar")[0]
    r1 = RecomendacionFactory(modalidades=[familiar])
    r2 = RecomendacionFactory(modalidades=[laboral])
    r3 = RecomendacionFactory(modalidades=[laboral])
    a, b, c = (DependenciaFactory(siglas=s) for s in ("DIF", "IMM", "SSPM"))
    FichaFactory(meta=MetaFactory(dependencia=a, recomendaciones=[r1], programado={1: 2}),
                 estado="aprobada", cantidad_alcanzada=2)  # fmt: skip
    FichaFactory(meta=MetaFactory(dependencia=b, recomendaciones=[r2], programado={1: 2}),
                 estado="enviada", cantidad_alcanzada=1)  # fmt: skip
    MetaFactory(dependencia=c, recomendaciones=[r3], programado={1: 4})
    DependenciaFactory(siglas="SIN-METAS")  # in the catalog, with nothing programmed
    return Corte.buscar(2022, "T1")


def test_the_box_matches_calcular(corte):
    figuras = calcular(corte)
    caja = resumen(figuras)
    r = figuras["recomendaciones"]
    assert (caja["impactadas"], caja["programadas"], caja["avance"]) == (
        r["impactadas"], r["programadas"], r["avance"]
    )  # fmt: skip
    assert (caja["impactadas"], caja["programadas"]) == (1, 3)
    assert (caja["dependencias_reportaron"], caja["dependencias_con_metas"]) == (2, 3)
    assert caja["oportunidad"] == figuras["oportunidad"]["fraccion"]
    assert [a["nombre"] for a in caja["areas_menos_cubiertas"]] == ["Violencia Laboral"]


def test_the_participation_sentence_counts_the_dependencias_that_reported(corte):
    figuras = {**calcular(corte), "comparacion": None}
    html = html_para_pdf(corte, figuras, {"principales": "Capacitación"})
    assert (
        "Con la participación de 2 de las 3 dependencias con metas en el corte "
        "(3 en el ejercicio)" in html
    )
    assert "2 de 3" in html  # the box: reported / with programmed metas


def test_a_cut_list_says_where_the_rest_is():
    lista = recorte(list(range(33)), 12)
    html = render_to_string("informes/_anexo_aviso.html", {"lista": lista, "anexo": "A"})
    assert "12 de 33; lista completa en el anexo A." in html
    completa = render_to_string(
        "informes/_anexo_aviso.html", {"lista": recorte(list(range(12)), 12), "anexo": "A"}
    )
    assert "anexo" not in completa
