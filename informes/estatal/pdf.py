"""The state corte as PDF, with the report's fonts and table styles (WeasyPrint, PDF/A).

It is a few pages (a row per municipio, a row per recomendación), rendered by the worker
(`informes.estatal.renders`), inside one of the render slots every PDF shares
(`informes.salidas.pdf.turno_de_render`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from informes.estatal.corte import CorteEstatal
from informes.salidas import pdf_archivo
from informes.salidas.pdf import FUENTE_DIR, turno_de_render


def html_para_pdf(corte: CorteEstatal, contexto: dict) -> str:
    ahora = timezone.now()
    return render_to_string(
        "informes/estatal/pdf.html",
        {
            **contexto,
            "generado_en": ahora,
            "fecha_metadatos": ahora.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "fuente_dir": FUENTE_DIR.as_uri(),
        },
    )


def generar_pdf(corte: CorteEstatal, contexto: dict) -> bytes:
    from weasyprint import HTML

    html = html_para_pdf(corte, contexto)
    with turno_de_render():
        documento = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        return pdf_archivo.escribir(documento, [], fecha=timezone.now())
