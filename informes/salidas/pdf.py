"""The report as PDF with WeasyPrint: A4, cover, header/footer with page numbers.

A render costs about a second of CPU per 10 pages, so:
- it never runs in a request: the background worker renders (`informes.tasks`), a draft once
  per data version, and requests serve the file it left;
- a published version's PDF is rendered once and its stored file served;
- as a second guard, at most `AVGM_RENDERS_PDF_SIMULTANEOS` renders run at once across
  processes (file locks); a render that cannot get a slot in time fails with a clear reason.

Every PDF, draft or published, is tagged and archival (PDF/A-3a, `informes.salidas.pdf_archivo`);
a published version's also carries its data (`informes.salidas.adjuntos`).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from informes.cifras.corte import Corte
from informes.salidas import adjuntos, pdf_archivo
from informes.salidas.reporte import contexto

FUENTE_DIR = Path("/usr/share/fonts/truetype/dejavu")


class RenderOcupado(Exception):
    """Every render slot stayed busy for the whole wait."""


def _directorio_cache() -> Path:
    return Path(getattr(settings, "AVGM_CACHE_INFORMES", settings.VAR_DIR / "cache" / "informes"))


@contextlib.contextmanager
def turno_de_render(espera: float | None = None) -> Iterator[None]:
    """Hold one of the few render slots (a file lock, so it works across gunicorn workers)."""
    slots = getattr(settings, "AVGM_RENDERS_PDF_SIMULTANEOS", 1)
    espera = getattr(settings, "AVGM_ESPERA_RENDER_PDF", 30.0) if espera is None else espera
    directorio = _directorio_cache()
    directorio.mkdir(parents=True, exist_ok=True)
    limite = time.monotonic() + espera
    while True:
        for n in range(slots):
            fd = os.open(directorio / f"render-{n}.lock", os.O_CREAT | os.O_RDWR, 0o640)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= limite:
            raise RenderOcupado
        time.sleep(0.2)


def html_para_pdf(corte: Corte, figuras: dict, textos: dict, *, publicado=None) -> str:
    ctx = contexto(corte, figuras, textos, borrador=publicado is None, publicado=publicado)
    ctx["enlaces"] = False
    ctx["impreso"] = True
    # W3C date for the PDF's metadata (Info and XMP): when published, or generated.
    ctx["fecha_metadatos"] = (
        ctx["generado_en"].astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    ctx["fuente_dir"] = FUENTE_DIR.as_uri()
    return render_to_string("informes/pdf.html", ctx)


def generar_pdf(corte: Corte, figuras: dict, textos: dict, *, publicado=None) -> tuple[bytes, int]:
    """The PDF bytes and its page count."""
    from weasyprint import HTML

    html = html_para_pdf(corte, figuras, textos, publicado=publicado)
    archivos = adjuntos.de_version(publicado) if publicado is not None else []
    fecha = publicado.publicado_en if publicado is not None else timezone.now()
    with turno_de_render():
        documento = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        return pdf_archivo.escribir(documento, archivos, fecha=fecha), len(documento.pages)
