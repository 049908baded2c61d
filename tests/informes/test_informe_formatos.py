"""The demo's Ene–Jun 2022 report carries every seed figure in HTML, PDF and Excel."""

import io
import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook

from informes.salidas.charts import barras

# The demo's report is rendered once per session (tests/conftest.py, `informe_demo`); as
# database tests these run with the session's other demo tests.
pytestmark = pytest.mark.django_db

ALTA_RESPUESTA = [
    "SSPM", "Salud", "IMM", "Redes Sociales", "Ecología", "Atención Sur Oriente", "DIF",
    "Educación", "Comunicación Social",
]  # fmt: skip
MODALIDADES = [
    ("Violencia Feminicida", 9), ("Violencia Familiar", 7), ("Violencia Docente", 4),
    ("Violencia Laboral", 2), ("Violencia Comunitaria", 4), ("Violencia Institucional", 4),
]  # fmt: skip
EJES = [
    ("Políticas públicas desde igualdad", 8), ("Acceso a la información", 4),
    ("Participación ciudadana", 7), ("Acceso a la justicia", 2),
]  # fmt: skip
# (row label, dependencias, metas programadas, fichas reportadas) per trimestre and annual.
CUMPLIMIENTO = [("T1", 21, 66, 50), ("T2", 28, 99, 63), ("Anual", 32, 147, 86)]


def _pdf_texto(contenido: bytes, pagina: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if pagina:
        args += ["-f", str(pagina), "-l", str(pagina)]
    return subprocess.run(
        args + ["-", "-"], input=contenido, capture_output=True, check=True
    ).stdout.decode()


def _texto_plano(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _fila(texto: str, etiqueta: str, *numeros) -> bool:
    """A line/row that holds the label followed by the numbers, in order."""
    patron = (
        re.escape(etiqueta) + r"[^\n]{0,120}?" + r"[^\n\d]+?".join(rf"\b{n}\b" for n in numeros)
    )
    return re.search(patron, texto) is not None


@pytest.mark.slow  # the demo's report, rendered once per session
@pytest.mark.parametrize("formato", ["html", "pdf"])
def test_every_seed_figure_is_in_the_document(informe_demo, formato):
    texto = (
        _texto_plano(informe_demo["html"].decode())
        if formato == "html"
        else _pdf_texto(informe_demo["pdf"])
    )
    texto = re.sub(r"[ \t]+", " ", texto)
    assert "Informe de corte: Respuesta a la AVGM" in texto
    assert re.search(r"tiene\s+119\s+recomendaciones", texto)
    assert re.search(r"trabajar\s+sobre\s+51\b", texto)
    assert re.search(r"ha\s+impactado\s+18\s+recomendaciones", texto)
    assert "35.3 %" in texto
    for nombre, impactadas in MODALIDADES + EJES:
        assert _fila(texto, nombre, r"\d+", impactadas), nombre  # programadas, then impactadas
    for etiqueta, deps, metas, fichas in CUMPLIMIENTO:
        assert _fila(texto, etiqueta, deps, metas, fichas), etiqueta
    for siglas in ALTA_RESPUESTA:
        assert siglas in texto


@pytest.mark.slow  # the demo's report, rendered once per session
def test_a_draft_pdf_says_borrador_on_every_page(informe_demo):
    info = subprocess.run(
        ["pdfinfo", "-"], input=informe_demo["pdf"], capture_output=True, check=True
    )
    paginas = int(re.search(r"Pages:\s+(\d+)", info.stdout.decode()).group(1))
    assert paginas >= 8
    for pagina in range(1, paginas + 1):
        texto = _pdf_texto(informe_demo["pdf"], pagina)
        assert "BORRADOR" in texto, pagina
        assert f"Página {pagina} de {paginas}" in texto


@pytest.mark.slow  # the demo's report, rendered once per session
def test_the_workbook_has_real_numbers_for_every_seed_figure(informe_demo):
    libro = load_workbook(io.BytesIO(informe_demo["xlsx"]))
    resumen = {fila[0]: fila[1] for fila in libro["Resumen"].iter_rows(values_only=True)}
    assert resumen["Recomendaciones de la declaratoria"] == 119
    assert resumen["Recomendaciones programadas"] == 51
    assert resumen["Recomendaciones impactadas"] == 18
    assert resumen["Avance"] == pytest.approx(18 / 51, abs=1e-4)
    assert libro["Resumen"]["B9"].number_format == "0.0%"  # Avance, under the notice row
    for hoja, esperadas in (("Por modalidad", MODALIDADES), ("Por eje", EJES)):
        filas = {f[0]: f[3] for f in libro[hoja].iter_rows(min_row=4, values_only=True)}
        assert filas == dict(esperadas)
    cumplimiento = [
        f[1:4] for f in libro["Cumplimiento de metas"].iter_rows(min_row=4, values_only=True)
    ]
    assert cumplimiento == [c[1:] for c in CUMPLIMIENTO]
    alta = [f[0] for f in libro["Alta respuesta"].iter_rows(min_row=4, values_only=True)]
    assert sorted(alta) == sorted(ALTA_RESPUESTA)
    metas = list(libro["Metas y fichas"].iter_rows(min_row=4, values_only=True))
    assert len({(f[1]) for f in metas}) == 147  # every meta of the ejercicio
    assert sum(1 for f in metas if f[6]) == 131  # every ficha of T1–T2


def test_svg_coordinates_use_dots_under_the_mexican_locale():
    grafica = barras(
        "g", "Prueba", [("Uno", [1 / 3]), ("Dos", [2 / 3])], ["Respuesta"], porcentaje=True
    )
    with translation.override("es-mx"):
        svg = render_to_string("informes/graficas/_barras.html", {"g": grafica})
    atributos = re.findall(r'\s(?:x|y|width|height|x1|x2|y1|y2|viewBox)="([^"]*)"', svg)
    assert atributos
    assert not [a for a in atributos if "," in a]
    assert any("." in a for a in atributos)
    assert "33.3 %" in svg  # the value label, and its text alternative
    assert "<desc" in svg and 'role="img"' in svg
