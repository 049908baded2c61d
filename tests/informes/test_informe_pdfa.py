"""The report PDF is archival and accessible: PDF/A-3a, tagged (headings, tables with their
header cells and scope, lists, figures with alternative text), in Spanish, its fonts inside;
and tagging it does not move anything on the page. Read back with pikepdf and poppler."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import ImageChops

from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.salidas import pdf_archivo
from informes.salidas.charts import graficas_del_informe
from informes.salidas.pdf import html_para_pdf
from informes.salidas.reporte import con_comparacion
from tests import pdfs
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

# The demo's draft PDF is rendered once per session (tests/conftest.py, `informe_demo`).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_pdfinfo_says_it_is_tagged_pdf_a_with_its_title(informe_demo):
    info = pdfs.pdfinfo(informe_demo["pdf"])
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^PDF version:\s+1\.7$", info, re.M)
    assert re.search(r"^Title:\s+Informe de corte: Respuesta a la AVGM Ene–Jun 2022", info, re.M)


def test_the_xmp_declares_pdf_a_3a_and_the_title(informe_demo):
    pdf = pdfs.abrir(informe_demo["pdf"])
    xmp = pdfs.xmp(pdf)
    assert re.search(r'pdfaid:part="3"', xmp)
    assert re.search(r'pdfaid:conformance="A"', xmp)
    assert "Informe de corte: Respuesta a la AVGM Ene–Jun 2022 (borrador)" in xmp
    assert str(pdf.Root.Lang) == "es-MX"
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert "/GTS_PDFA1" in [str(i.S) for i in pdf.Root.OutputIntents]


def test_every_font_is_embedded(informe_demo):
    fuentes = pdfs.fuentes(pdfs.abrir(informe_demo["pdf"]))
    assert fuentes, "the report draws text"
    assert all(fuentes.values()), fuentes
    # The report's own face (DejaVu, named «Informe» in its CSS) and the charts' DejaVu Sans.
    assert all("Informe" in nombre or "DejaVu" in nombre for nombre in fuentes), fuentes


def test_the_structure_has_headings_lists_tables_with_scoped_headers_and_figures_with_alt(
    informe_demo,
):
    pdf = pdfs.abrir(informe_demo["pdf"])
    elementos = list(pdfs.elementos(pdf))
    tipos = {pdfs.tipo(e) for e in elementos}
    assert {"Document", "H1", "H2", "H3", "P", "L", "LI", "Table", "TR", "TH", "TD"} <= tipos
    encabezados = [e for e in elementos if pdfs.tipo(e) == "TH"]
    alcances = {str(e.A.Scope) for e in encabezados}
    assert alcances == {"/Column", "/Row"}, alcances
    # Each data cell names the header cells it belongs to.
    celdas = [e for e in elementos if pdfs.tipo(e) == "TD"]
    assert celdas and all(len(e.A.Headers) >= 1 for e in celdas)
    figuras = [e for e in elementos if pdfs.tipo(e) == "Figure"]
    graficas = graficas_del_informe(informe_demo["figuras"])
    assert len(figuras) == 1 + 3 + len(graficas["respuesta"])  # the logo and every chart
    for figura in figuras:
        assert str(figura.get("/Alt", "")).strip(), "a figure without alternative text"
    # A chart's alternative text is its title and its description, with the figures it draws.
    alternativas = {str(f.Alt) for f in figuras}
    for g in (graficas["modalidades"], graficas["ejes"], graficas["tipos"], *graficas["respuesta"]):
        assert f"{g['titulo']}. {g['descripcion']}" in alternativas


def _reporte_pequeno() -> str:
    ejercicio(2022)
    rec = RecomendacionFactory(clave="R-1")
    meta = MetaFactory(recomendaciones=[rec], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    corte = Corte.buscar(2022, "T2")
    return html_para_pdf(corte, con_comparacion(corte, calcular(corte)), {})


def test_tagging_does_not_move_anything_on_the_page():
    """The same layout written plain and as PDF/A-3a draws the same pixels on every page."""
    from weasyprint import HTML

    documento = HTML(string=_reporte_pequeno(), base_url=str(settings.BASE_DIR)).render()
    sencillo = documento.write_pdf()
    archivado = pdf_archivo.escribir(documento, [], fecha=timezone.now())
    antes, despues = pdfs.imagenes(sencillo), pdfs.imagenes(archivado)
    assert len(antes) == len(despues) >= 2
    for n, (a, d) in enumerate(zip(antes, despues, strict=True), start=1):
        assert ImageChops.difference(a, d).getbbox() is None, f"página {n} cambió"
    assert re.search(r"^Tagged:\s+no$", pdfs.pdfinfo(sencillo), re.M)
    assert re.search(r"^Tagged:\s+yes$", pdfs.pdfinfo(archivado), re.M)
