"""A dataset as CSV (UTF-8), JSON or XLSX bytes; the same rows and columns in each."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from avgm.texto import limpiar_texto
from informes.salidas.datos_abiertos import Recurso

TIPOS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _nombres(recurso: Recurso) -> list[str]:
    return [c["name"] for c in recurso.campos]


def a_csv(recurso: Recurso) -> bytes:
    salida = io.StringIO()
    escritor = csv.DictWriter(salida, fieldnames=_nombres(recurso), lineterminator="\r\n")
    escritor.writeheader()
    for fila in recurso.filas:
        escritor.writerow({k: "" if v is None else v for k, v in fila.items()})
    return salida.getvalue().encode("utf-8")


def a_json(recurso: Recurso) -> bytes:
    return json.dumps(recurso.filas, ensure_ascii=False, indent=1).encode("utf-8")


def a_xlsx(recurso: Recurso) -> bytes:
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(recurso.nombre[:31])
    encabezados = []
    for nombre in _nombres(recurso):
        celda = WriteOnlyCell(hoja, value=nombre)
        celda.font = Font(bold=True)
        encabezados.append(celda)
    hoja.append(encabezados)
    for fila in recurso.filas:
        # Text stays text: a value starting with «=» is never a formula.
        hoja.append(
            [
                WriteOnlyCell(hoja, value=v) if not isinstance(v, str) else _texto(hoja, v)
                for v in (fila[n] for n in _nombres(recurso))
            ]
        )
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _texto(hoja, valor: str) -> WriteOnlyCell:
    """A string cell, never a formula, without the control characters XML forbids."""
    celda = WriteOnlyCell(hoja, value=limpiar_texto(valor))
    celda.data_type = "s"
    return celda


def serializar(recurso: Recurso, formato: str) -> bytes:
    return {"csv": a_csv, "json": a_json, "xlsx": a_xlsx}[formato](recurso)
