"""The demo's printed report as a reader sees it: no nearly blank page, nothing past the
margin, no hyphenated header, the seed's cover and wording, links that work."""

import datetime
import re

import pytest

from informes.cifras.resumen import dependencias_que_reportaron
from tests import pdfs

# The demo's draft PDF is rendered once per session (tests/conftest.py, `informe_demo`).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RESOLUCION = 50
MARGEN_SUPERIOR_MM, MARGEN_INFERIOR_MM, MARGEN_LATERAL_MM = 20, 18, 16
TINTA = 170  # grey level below which a pixel is ink (the draft's watermark is far lighter)


def _mm_a_px(mm: float) -> int:
    return round(mm / 25.4 * RESOLUCION)


def llenado(pagina) -> float:
    """How far down the page's text area the ink reaches (0–1), headers and footers aside."""
    arriba = _mm_a_px(MARGEN_SUPERIOR_MM)
    abajo = pagina.height - _mm_a_px(MARGEN_INFERIOR_MM)
    area = pagina.crop((0, arriba, pagina.width, abajo)).point(lambda g: 255 if g < TINTA else 0)
    caja = area.getbbox()
    return 0.0 if caja is None else caja[3] / (abajo - arriba)


def test_no_page_but_the_cover_and_the_last_is_less_than_a_quarter_full(informe_demo):
    """The report has no part openers (the annexes follow the notes); the last page holds
    whatever remains of the text, however little."""
    paginas = pdfs.imagenes(informe_demo["pdf"], RESOLUCION)
    llenas = {n: round(llenado(p), 2) for n, p in enumerate(paginas, start=1)}
    casi_vacias = {n: f for n, f in llenas.items() if 1 < n < len(paginas) and f < 0.25}
    assert not casi_vacias, llenas


def test_the_measure_of_fill_sees_a_nearly_blank_page():
    """…so the test above can fail: two lines at the top of a page fill it 5 %."""
    from PIL import Image, ImageDraw

    ancho, alto = _mm_a_px(216), _mm_a_px(279)
    pagina = Image.new("L", (ancho, alto), 255)
    y = _mm_a_px(MARGEN_SUPERIOR_MM) + _mm_a_px(10)
    ImageDraw.Draw(pagina).rectangle((40, y - 8, ancho - 40, y), fill=0)
    assert llenado(pagina) < 0.06


def test_no_word_runs_past_the_right_margin(informe_demo):
    """The GIM contrast table's «Discrepancia» column among them."""
    borde = 612 - MARGEN_LATERAL_MM / 25.4 * 72
    palabras = pdfs.palabras(informe_demo["pdf"])
    fuera = [(p, w, round(x1)) for p, w, _x0, x1 in palabras if x1 > borde + 1]
    assert not fuera, fuera[:10]
    assert any(w == "Discrepancia" for _p, w, _x0, _x1 in palabras)


def test_no_word_is_hyphenated_at_a_line_end(informe_demo):
    """No header breaks as «Programa-das» or «Con / tra / ste»."""
    palabras = [w for _p, w, _x0, _x1 in pdfs.palabras(informe_demo["pdf"])]
    # WeasyPrint draws the hyphen of a broken word as U+2010 («Programa‐das»).
    cortadas = [w for w in palabras if re.fullmatch(r"\w+[-\u2010\u00ad]", w)]
    assert not cortadas, cortadas
    texto = " ".join(palabras)
    for encabezado in ("Programadas", "Dependencias", "Contraste", "Valoración del GIM"):
        assert encabezado in texto
    assert not re.search(r"\bCon tra ste\b|\bCon tras te\b", texto)


def test_the_cover_prints_the_institution_its_administration_and_logo(informe_demo):
    portada = re.sub(r"\s+", " ", pdfs.textos(informe_demo["pdf"])[0])
    assert "INSTITUTO MUNICIPAL DE LAS MUJERES" in portada
    assert "Heroica Ciudad Juárez" in portada
    assert "H. Ayuntamiento 2021–2024" in portada
    assert "Informe de corte: Respuesta a la AVGM" in portada
    pdf = pdfs.abrir(informe_demo["pdf"])
    figuras = [
        e for e in pdfs.elementos(pdf) if pdfs.tipo(e) == "Figure" and "Logotipo" in str(e.Alt)
    ]
    assert len(figuras) == 1


def test_principales_says_how_many_of_how_many_dependencias_took_part(informe_demo):
    f = informe_demo["figuras"]
    reportaron, con_metas = dependencias_que_reportaron(f)
    texto = re.sub(r"\s+", " ", " ".join(pdfs.textos(informe_demo["pdf"])))
    assert (
        f"Con la participación de {reportaron} de las {con_metas} dependencias con metas en el "
        f"corte ({f['anual']['dependencias']} en el ejercicio)"
    ) in texto
    assert con_metas < f["anual"]["dependencias"]  # the two numbers the seed confused


def test_the_gim_section_names_its_evaluations_dates_and_that_they_follow_the_corte(
    informe_demo,
):
    gim = informe_demo["figuras"]["valoracion_gim"]
    cierre = datetime.date.fromisoformat(informe_demo["figuras"]["corte"]["periodos"][-1]["fin"])
    texto = re.sub(r"\s+", " ", " ".join(pdfs.textos(informe_demo["pdf"])))
    seccion = texto[
        texto.index("6. Primer Informe de la AVGM") : texto.index("7. Áreas deficientes")
    ]
    assert (
        "Se espera la respuesta del GIM sobre la evaluación de las acciones realizadas" in seccion
    )
    for e in gim["evaluaciones"]:
        fecha = datetime.date.fromisoformat(e["fecha"])
        assert fecha > cierre  # the demo's evaluations came after Ene–Jun 2022
        assert (
            f"del {fecha:%d/%m/%Y} (posterior al cierre del corte, el {cierre:%d/%m/%Y}"
        ) in seccion


def test_the_micrositio_address_in_the_narrative_is_a_link(informe_demo):
    pdf = pdfs.abrir(informe_demo["pdf"])
    assert "https://www.juarez.gob.mx/alertadegenero/" in pdfs.enlaces(pdf)
    vinculos = [e for e in pdfs.elementos(pdf) if pdfs.tipo(e) == "Link"]
    assert vinculos, "the link is in the structure tree too"
