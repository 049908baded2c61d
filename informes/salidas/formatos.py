"""The report's output formats; each renders the same figures of a corte.

`FORMATOS` maps a format name to a function (corte, figuras) -> bytes, so the `informe`
command and the views share one dispatch.
"""

from __future__ import annotations

from collections.abc import Callable

from informes.cifras.corte import Corte
from informes.publicacion import narrativa_de, textos_de
from informes.salidas import json_informe
from informes.salidas.excel import generar_excel
from informes.salidas.pdf import generar_pdf, html_para_pdf
from informes.salidas.reporte import con_comparacion

Renderizador = Callable[[Corte, dict], bytes]


def como_json(corte: Corte, figuras: dict) -> bytes:
    """The figures, the comparison and, under `definiciones`, each figure's definition
    (`informes.salidas.json_informe`, documented by its JSON Schema)."""
    if "comparacion" not in figuras:
        figuras = con_comparacion(corte, figuras)
    return json_informe.como_bytes(figuras, ejercicio_id=corte.ejercicio.pk)


FORMATOS: dict[str, Renderizador] = {"json": como_json}


def como_html(corte: Corte, figuras: dict) -> bytes:
    return html_para_pdf(
        corte, con_comparacion(corte, figuras), textos_de(narrativa_de(corte))
    ).encode("utf-8")


def como_pdf(corte: Corte, figuras: dict) -> bytes:
    return generar_pdf(corte, con_comparacion(corte, figuras), textos_de(narrativa_de(corte)))[0]


def como_xlsx(corte: Corte, figuras: dict) -> bytes:
    return generar_excel(corte, figuras, textos_de(narrativa_de(corte)))


FORMATOS.update({"html": como_html, "pdf": como_pdf, "xlsx": como_xlsx})
