"""Build small .xlsx workbooks in tests with openpyxl (the one way tests make Excel input)."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

ENCABEZADOS = {
    "Recomendaciones": [
        "Clave", "Recomendación", "Tipo", "Modalidades", "Ejes transversales",
        "Vigente desde", "Vigente hasta",
    ],
    "Dependencias": ["Siglas", "Nombre", "Titular"],
    "Metas": [
        "Ejercicio", "Dependencia", "Clave", "Meta", "Línea de acción", "Tipo de acción",
        "Unidad de medida", "Recomendaciones", "T1", "T2", "T3", "T4",
    ],
}  # fmt: skip


def libro(**hojas: list[list]) -> bytes:
    """A workbook whose sheet `nombre` holds the given rows verbatim (row 1 first).

    Pass `Metas=[ENCABEZADOS["Metas"], [...], ...]`; use a dict key with spaces via **{}.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for nombre, filas in hojas.items():
        ws = wb.create_sheet(nombre)
        for fila in filas:
            ws.append(fila)
    salida = io.BytesIO()
    wb.save(salida)
    return salida.getvalue()


def con_valores_calculados(contenido: bytes, valores: dict[str, object]) -> bytes:
    """Give formula cells a cached value, as Excel does when it saves (openpyxl cannot).

    `valores` maps a cell reference such as "I2" to the value Excel would have computed.
    """
    entrada = zipfile.ZipFile(io.BytesIO(contenido))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for item in entrada.infolist():
            datos = entrada.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                texto = datos.decode()
                for ref, valor in valores.items():
                    texto = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v\s*/?>(</v>)?',
                        rf"\1\2<v>{valor}</v>",
                        texto,
                    )
                datos = texto.encode()
            z.writestr(item, datos)
    return salida.getvalue()
