"""The demo's printed report: carta paper, the summary box first, the GIM section, the annex,
and a watermark that never ends up in the copied text. Read back with pdftotext/pdftoppm."""

import base64
import io
import re
import subprocess

import pytest
from PIL import Image

from informes.cifras.resumen import dependencias_que_reportaron
from informes.salidas.impresion import marca_borrador

# The demo's draft PDF is rendered once per session (tests/conftest.py, `informe_demo`); as
# database tests these run with the session's other demo tests.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _paginas(contenido: bytes) -> list[str]:
    info = subprocess.run(["pdfinfo", "-"], input=contenido, capture_output=True, check=True)
    total = int(re.search(r"Pages:\s+(\d+)", info.stdout.decode()).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), "-", "-"],
            input=contenido, capture_output=True, check=True,
        ).stdout.decode()
        for n in range(1, total + 1)
    ]  # fmt: skip


def test_it_prints_on_carta_with_the_summary_box_on_page_two(informe_demo):
    info = subprocess.run(
        ["pdfinfo", "-"], input=informe_demo["pdf"], capture_output=True, check=True
    )
    assert "612 x 792 pts (letter)" in info.stdout.decode()
    paginas = _paginas(informe_demo["pdf"])
    assert 12 <= len(paginas) <= 24, len(paginas)
    segunda = re.sub(r"\s+", " ", paginas[1])
    r = informe_demo["figuras"]["recomendaciones"]
    assert "Cifras clave del corte Ene–Jun 2022" in segunda
    assert f"{r['impactadas']} / {r['programadas']}" in segunda
    assert "35.3 %" in segunda
    reportaron, con_metas = dependencias_que_reportaron(informe_demo["figuras"])
    assert f"{reportaron} de {con_metas}" in segunda and "reportaron" in segunda
    for n, texto in enumerate(paginas, start=1):
        assert f"Página {n} de {len(paginas)}" in texto


def test_the_watermark_is_not_text(informe_demo):
    """…but a picture, drawn on every page."""
    paginas = _paginas(informe_demo["pdf"])
    for texto in paginas:
        # Only the running header says BORRADOR (and the cover's date line); no stray letters
        # of a drawn word.
        assert 1 <= texto.count("BORRADOR") <= 2
        assert not re.search(r"^\s*[BORAD]\s*$", texto, re.MULTILINE)
    # The watermark is drawn: every page carries the picture of the word, with its transparency.
    ancho, alto = Image.open(io.BytesIO(base64.b64decode(marca_borrador().split(",")[1]))).size
    imagenes = subprocess.run(
        ["pdfimages", "-list", "-"], input=informe_demo["pdf"], capture_output=True, check=True
    ).stdout.decode()
    marcas = re.findall(rf"^\s*(\d+)\s+\d+\s+(image|smask)\s+{ancho}\s+{alto}\s", imagenes, re.M)
    assert sorted(marcas) == sorted(
        (str(n), tipo) for n in range(1, len(paginas) + 1) for tipo in ("image", "smask")
    )


def test_the_gim_section_and_the_annex_are_printed_in_the_seeds_order(informe_demo):
    texto = re.sub(r"\s+", " ", "".join(_paginas(informe_demo["pdf"])))
    orden = [
        "1. Etapas de la Alerta", "2. Resultados iniciales", "3. Cumplimiento de metas",
        "4. Principales recomendaciones", "5. Respuesta de las dependencias",
        "6. Primer Informe de la AVGM", "7. Áreas deficientes", "8. Recomendaciones",
        "9. Compromisos", "Anexo A.", "Anexo C.",
    ]  # fmt: skip
    posiciones = [texto.index(t) for t in orden]
    assert posiciones == sorted(posiciones)
    assert "Discrepancia" in texto
    assert re.search(r"12 de \d+; lista completa en el anexo A", texto)
