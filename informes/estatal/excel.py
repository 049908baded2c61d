"""The state corte as an Excel workbook: municipios, recomendaciones' coverage and the GIM.

Written with XlsxWriter, as the report's workbook: real numbers with their formats, every
text a string cell (a name starting with «=» stays text, never a formula).
"""

from __future__ import annotations

import io

from avgm.models import AVISO_DEMOSTRACION
from avgm.texto import limpiar_texto
from informes.estatal.corte import SIN_INFORME, TITULARES, CorteEstatal
from informes.estatal.tabla import demostracion, nombre_municipio

PORCENTAJE = "0.0%"
ENTERO = "#,##0"


def generar_excel(corte: CorteEstatal) -> bytes:
    import xlsxwriter

    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "strings_to_formulas": False})
    negrita = libro.add_format({"bold": True})
    encabezado = libro.add_format({"bold": True, "text_wrap": True, "bg_color": "#ECE6F2"})
    formatos = {
        "entero": libro.add_format({"num_format": ENTERO}),
        "porcentaje": libro.add_format({"num_format": PORCENTAJE}),
    }
    titulo = f"Corte estatal {corte.etiqueta} ({corte.clave} {corte.anio}): versiones publicadas"
    # A made-up municipio's figures are invented: the line under every sheet's title says so.
    inventados = demostracion(corte)
    aviso = libro.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})

    def hoja(nombre: str, columnas: list[str], anchos: list[int]):
        h = libro.add_worksheet(nombre)
        h.write_string(0, 0, titulo, negrita)
        if inventados:
            h.write_string(
                1, 0, limpiar_texto(f"{AVISO_DEMOSTRACION} ({', '.join(inventados)})"), aviso
            )
        for col, (texto, ancho) in enumerate(zip(columnas, anchos, strict=True)):
            h.write_string(2, col, texto, encabezado)
            h.set_column(col, col, ancho)
        h.freeze_panes(3, 1)
        h.repeat_rows(2)
        return h

    municipios = hoja(
        "Municipios",
        ["Municipio", "Versión publicada", *[t for _c, t, _f in TITULARES]],
        [34, 18, *[16] * len(TITULARES)],
    )
    for fila_n, fila in enumerate(corte.municipios, start=3):
        municipios.write_string(fila_n, 0, limpiar_texto(nombre_municipio(fila)))
        if not fila.publicado:
            municipios.write_string(fila_n, 1, SIN_INFORME.capitalize())
            continue
        municipios.write_string(
            fila_n, 1, f"v{fila.informe.version}, {fila.informe.publicado_en:%d/%m/%Y}"
        )
        for col, (clave, _titulo, formato) in enumerate(TITULARES, start=2):
            valor = fila.cifras[clave]
            if valor is None:
                municipios.write_string(fila_n, col, "N/A")
            else:
                municipios.write_number(fila_n, col, valor, formatos[formato])

    nombres = [nombre_municipio(f) for f in corte.municipios]
    cobertura = hoja(
        "Recomendaciones",
        ["Clave", "Recomendación", "Municipios donde aplica", "La atienden", "La impactaron",
         *[f"Seguimiento: {n}" for n in nombres]],
        [10, 60, 14, 14, 14, *[22] * len(nombres)],
    )  # fmt: skip
    gim = hoja(
        "Valoración GIM",
        ["Clave", "Recomendación", *[f"GIM: {n}" for n in nombres]],
        [10, 60, *[22] * len(nombres)],
    )
    for fila_n, r in enumerate(corte.recomendaciones, start=3):
        for h in (cobertura, gim):
            h.write_string(fila_n, 0, limpiar_texto(r.clave))
            h.write_string(fila_n, 1, limpiar_texto(r.texto))
        for col, valor in enumerate((r.universo, r.atienden, r.impactada), start=2):
            cobertura.write_number(fila_n, col, valor, formatos["entero"])
        for col, celda in enumerate(r.celdas):
            cobertura.write_string(fila_n, 5 + col, celda.seguimiento_nombre)
            gim.write_string(fila_n, 2 + col, celda.valoracion_nombre)
    libro.close()
    return salida.getvalue()
