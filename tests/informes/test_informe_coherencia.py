"""Every number of the report has one definition: the drill-down lists what the figure counts,
the analista's home and the report agree, and page, PDF, Excel and JSON share the definitions."""

import io
import json

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from avgm.plataforma import roles
from informes.cifras import definiciones
from informes.cifras.corte import Corte
from informes.cifras.detalle import detalle
from informes.cifras.figures import calcular
from informes.salidas import json_informe
from informes.salidas.excel import generar_excel
from informes.salidas.formatos import como_json
from informes.salidas.pdf import html_para_pdf
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    periodo,
)
from tests.informes.test_figuras import mundo  # noqa: F401 - the hand-built world of test_figuras

pytestmark = pytest.mark.django_db


def _corte(hasta: int = 2) -> Corte:
    return Corte.buscar(2022, f"T{hasta}")


def test_every_drill_down_lists_exactly_what_its_figure_counts(mundo):  # noqa: F811
    corte = _corte()
    f = calcular(corte)
    r = f["recomendaciones"]
    for figura in ("declaratoria", "programadas", "impactadas"):
        assert detalle(corte, figura).recomendaciones.count() == r[figura]
        for tipo in f["recomendaciones_por_tipo"]:
            d = detalle(corte, figura, tipo["tipo"])
            assert d.recomendaciones.count() == tipo[figura], (figura, tipo["tipo"])
    for figura, clave in (("modalidad", "modalidades"), ("eje", "ejes")):
        for fila in f[clave]:
            impactadas = detalle(corte, figura, fila["nombre"]).recomendaciones
            assert impactadas.count() == fila["impactadas"], fila["nombre"]
            programadas = detalle(corte, "programadas", fila["nombre"]).recomendaciones
            assert programadas.count() == fila["programadas"], fila["nombre"]
    for fila in f["periodos"]:
        d = detalle(corte, "periodo", fila["periodo"])
        assert d.metas.count() == fila["metas_programadas"]
        assert d.fichas.count() == fila["fichas_reportadas"]
        assert d.fichas.aprobadas().count() == fila["fichas_aprobadas"]
        assert d.metas.values("dependencia").distinct().count() == fila["dependencias"]
    anual = detalle(corte, "anual")
    assert anual.metas.count() == f["anual"]["metas_programadas"]
    assert anual.fichas.count() == f["anual"]["fichas_enviadas_en_el_corte"]
    assert anual.fichas.values("meta").distinct().count() == f["anual"]["fichas_reportadas"]
    for fila in f["metas_por_tipo_accion"]:
        assert (
            detalle(corte, "tipo_accion", fila["tipo_accion"]).metas.count()
            == (fila["programadas"])
        )
    for fila in f["respuesta_por_dependencia"]:
        d = detalle(corte, "dependencia", fila["dependencia"])
        assert d.fichas.count() == fila["reportadas"], fila["dependencia"]
    for fila in f["recomendaciones_menos_atendidas"]:
        d = detalle(corte, "recomendacion", fila["clave"])
        assert d.fichas.con_avance().count() == fila["fichas_con_avance"], fila["clave"]
    assert detalle(corte, "sin_meta").recomendaciones.count() == len(f["recomendaciones_sin_meta"])


def test_the_analistas_home_and_the_report_show_the_same_response(client, analista):
    """1 of 16 metas reported is 6.25 %: both read 6.3 % (the home used to say 6.2 %)."""
    ejercicio(2022)
    dif = DependenciaFactory(siglas="DIF")
    metas = [MetaFactory(dependencia=dif, programado={1: 1}) for _ in range(16)]
    FichaFactory(meta=metas[0], periodo=periodo(2022, 1), estado="enviada")
    client.force_login(analista)
    inicio = client.get(reverse("inicio"), {"periodo": periodo(2022, 1).pk}).text
    informe = client.get(reverse("informes:corte", args=[2022, "T1"])).text
    assert "6.3 %" in inicio and "6.2 %" not in inicio
    assert "6.3 %" in informe and "6.2 %" not in informe


def test_every_section_of_the_json_has_its_definitions(mundo):  # noqa: F811
    corte = _corte()
    datos = json.loads(como_json(corte, calcular(corte)))
    secciones = set(datos) - json_informe.METADATOS
    assert secciones == set(definiciones.SECCIONES)
    for seccion, claves in definiciones.SECCIONES.items():
        for clave in claves:
            assert datos["definiciones"][clave]["definicion"] == definiciones.texto(clave), seccion


def test_page_pdf_and_excel_print_the_same_definitions(client, analista, mundo):  # noqa: F811
    corte = _corte()
    figuras = calcular(corte)
    client.force_login(analista)
    pagina = client.get(reverse("informes:corte", args=[2022, "T2"])).text
    pdf = html_para_pdf(corte, {**figuras, "comparacion": None}, {})
    libro = load_workbook(io.BytesIO(generar_excel(corte, figuras, {})))
    hoja = {fila[0]: fila[1] for fila in libro["Definiciones"].iter_rows(values_only=True)}
    for d in definiciones.notas():
        assert escape(d.texto) in pagina, d.clave
        assert escape(d.texto) in pdf, d.clave
    for d in definiciones.FIGURAS.values():
        assert hoja[d.nombre] == d.texto


@pytest.mark.parametrize("rol", [roles.ADMINISTRADOR, roles.ENLACE])
def test_administrador_and_enlace_get_403_on_report_pages(client, rol):
    ejercicio(2022)
    client.force_login(UserFactory(rol=rol))
    for url in (
        reverse("informes:tablero"),
        reverse("informes:lista"),
        reverse("informes:corte", args=[2022, "T2"]),
        reverse("informes:corte_xlsx", args=[2022, "T2"]),
        reverse("informes:detalle", args=[2022, "T2", "impactadas"]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_recomendacion_named_like_a_formula_stays_text(mundo):  # noqa: F811
    RecomendacionFactory(clave="Z", texto='=HYPERLINK("http://x","y")')  # in force, no meta
    corte = _corte()
    libro = load_workbook(io.BytesIO(generar_excel(corte, calcular(corte), {})))
    celdas = [c for fila in libro["Sin meta"].iter_rows() for c in fila if c.value]
    celda = next(c for c in celdas if str(c.value).startswith("=HYPERLINK"))
    assert celda.data_type == "s"
