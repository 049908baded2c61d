"""Server-side SVG bar charts: geometry computed here, drawn by templates/informes/graficas/.

The same SVG goes into the page and the PDF. Bars carry their value as text and a <title>,
the second series is hatched so the chart reads in black-and-white print, and every chart
has a text alternative (`descripcion`).
"""

from __future__ import annotations

from avgm.numeros import entero, porcentaje_de_fraccion

ANCHO = 640
ETIQUETA = 210  # width of the label column
VALOR = 56  # room right of the longest bar for its value
ALTO_BARRA = 13
HUECO = 7
ARRIBA = 26  # legend
MAX_BARRAS = 40  # per response chart


def _recortar(texto: str, n: int = 34) -> str:
    return texto if len(texto) <= n else texto[: n - 1] + "…"


def barras(
    ident: str,
    titulo: str,
    filas: list[tuple[str, list[float | int | None]]],
    series: list[str],
    *,
    porcentaje: bool = False,
) -> dict:
    """Horizontal grouped bars: one group per row, one bar per series.

    `filas` are (label, [value per series]); a None value (division by zero) draws no bar
    and reads "N/A". Percentages are fractions (0.353), drawn against 100 %.
    """
    valores = [v for _etiqueta, vs in filas for v in vs if v is not None]
    maximo = 1.0 if porcentaje else max(valores, default=0) or 1
    area = ANCHO - ETIQUETA - VALOR
    alto_grupo = len(series) * ALTO_BARRA + HUECO
    grupos = []
    y = ARRIBA
    for etiqueta, vs in filas:
        barras_grupo = []
        for i, valor in enumerate(vs):
            largo = 0.0 if valor is None else round(area * min(valor, maximo) / maximo, 1)
            texto = porcentaje_de_fraccion(valor) if porcentaje else entero(valor)
            barras_grupo.append(
                {
                    "x": ETIQUETA,
                    "y": y + i * ALTO_BARRA,
                    "ancho": largo,
                    "alto": ALTO_BARRA - 2,
                    "serie": i,
                    "texto": texto,
                    "texto_x": round(ETIQUETA + largo + 4, 1),
                    "texto_y": y + i * ALTO_BARRA + ALTO_BARRA - 4,
                    "titulo": f"{etiqueta} · {series[i]}: {texto}",
                }
            )
        grupos.append(
            {
                "etiqueta": _recortar(etiqueta),
                "etiqueta_completa": etiqueta,
                "y": round(y + (len(series) * ALTO_BARRA) / 2 + 3, 1),
                "barras": barras_grupo,
            }
        )
        y += alto_grupo
    leyenda = [
        {"x": ETIQUETA + i * 150, "texto_x": ETIQUETA + i * 150 + 16, "serie": i, "nombre": s}
        for i, s in enumerate(series)
    ]
    descripcion = "; ".join(
        f"{etiqueta}: "
        + ", ".join(
            f"{s} {porcentaje_de_fraccion(v) if porcentaje else entero(v)}"
            for s, v in zip(series, vs, strict=False)
        )
        for etiqueta, vs in filas
    )
    return {
        "id": ident,
        "titulo": titulo,
        "ancho": ANCHO,
        "alto": y + 4,
        "grupos": grupos,
        "leyenda": leyenda if len(series) > 1 else [],
        "series": series,
        "descripcion": descripcion or "Sin datos.",
        "vacia": not filas,
        "linea_base": ETIQUETA,
    }


def graficas_del_informe(figuras: dict) -> dict:
    """The report's four kinds of chart, from its figures."""
    modalidades = barras(
        "g-modalidad",
        "Recomendaciones impactadas por modalidad de violencia",
        [(f["nombre"], [f["impactadas"]]) for f in figuras["modalidades"]],
        ["Impactadas"],
    )
    ejes = barras(
        "g-eje",
        "Recomendaciones impactadas por eje transversal",
        [(f["nombre"], [f["impactadas"]]) for f in figuras["ejes"]],
        ["Impactadas"],
    )
    tipos = barras(
        "g-tipo",
        "Metas cumplidas y con avance por tipo de acción",
        [
            (f["tipo_accion"], [f["cumplidas"], f["con_avance"]])
            for f in figuras["metas_por_tipo_accion"]
        ],
        ["Cumplidas", "Con avance"],
    )
    respuesta = []
    for periodo in figuras["corte"]["periodos"]:
        clave = periodo["periodo"]
        filas = [
            (f["dependencia"], [f["periodos"][clave]])
            for f in figuras["respuesta_por_dependencia"]
            if f["detalle"][clave]["esperadas"]
        ]
        filas.sort(key=lambda fila: (-(fila[1][0] or 0), fila[0]))
        titulo = f"Respuesta de las dependencias, {periodo['nombre']} ({periodo['etiqueta']})"
        if len(filas) > MAX_BARRAS:
            # Hundreds of bars read as noise (and cost PDF pages): show both ends; the table
            # beside the chart lists every dependencia.
            mitad = MAX_BARRAS // 2
            omitidas = len(filas) - MAX_BARRAS
            filas = filas[:mitad] + [(f"… {omitidas} dependencias más", [])] + filas[-mitad:]
            titulo += f": las {mitad} de mayor y las {mitad} de menor respuesta"
        respuesta.append(
            barras(
                f"g-respuesta-{clave}",
                titulo,
                filas,
                ["Respuesta"],
                porcentaje=True,
            )
        )
    return {"modalidades": modalidades, "ejes": ejes, "tipos": tipos, "respuesta": respuesta}
