"""The report as an Excel workbook: one sheet per table, real numbers, and the data behind it.

Every text goes in as a string cell, cleaned of the control characters XML forbids: a name
or a narrative starting with «=» stays text and is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from avgm.texto import limpiar_texto
from dependencias.models import Meta
from fichas.models import FichaTecnica
from informes import definiciones
from informes.corte import Corte
from informes.excel_gim import hoja_valoracion_gim
from informes.models import SECCIONES_NARRATIVA

PORCENTAJE = "0.0%"
FECHA = "dd/mm/yyyy hh:mm"
ENCABEZADO = Font(bold=True, color="FFFFFF")
RELLENO = PatternFill("solid", fgColor="5B2A86")


def _celda(hoja, valor, *, font=None, fill=None, number_format=None) -> WriteOnlyCell:
    """A cell; a text is cleaned and always a string cell (never a formula)."""
    if isinstance(valor, str):
        celda = WriteOnlyCell(hoja, value=limpiar_texto(valor))
        celda.data_type = "s"
    else:
        celda = WriteOnlyCell(hoja, value=valor)
    if font:
        celda.font = font
    if fill:
        celda.fill = fill
    if number_format and valor is not None:
        celda.number_format = number_format
    return celda


def _hoja(
    libro: Workbook,
    titulo: str,
    encabezados: list[str],
    filas: Iterable,
    porcentajes=(),
    nota="",
    formatos=None,
):
    """A write-only sheet (fast at state scale): optional note, header row, then the rows."""
    hoja = libro.create_sheet(titulo[:31])
    formatos = dict(formatos or {}) | dict.fromkeys(porcentajes, PORCENTAJE)
    for col, texto in enumerate(encabezados, start=1):
        hoja.column_dimensions[get_column_letter(col)].width = min(60, max(12, len(texto) + 4))
    inicio = 1
    if nota:
        hoja.append([_celda(hoja, nota, font=Font(italic=True))])
        hoja.append([])
        inicio = 3
    hoja.freeze_panes = f"A{inicio + 1}"
    hoja.append([_celda(hoja, t, font=ENCABEZADO, fill=RELLENO) for t in encabezados])
    for fila in filas:
        hoja.append([_celda(hoja, v, number_format=formatos.get(c)) for c, v in enumerate(fila)])
    return hoja


def _resumen(libro: Workbook, figuras: dict) -> None:
    c, r = figuras["corte"], figuras["recomendaciones"]
    hoja = libro.create_sheet("Resumen")
    hoja.column_dimensions["A"].width = 38
    hoja.column_dimensions["B"].width = 34
    for nombre, valor, formato in [
        ("Informe de corte", f"Respuesta a la AVGM {c['etiqueta']}", None),
        ("Ejercicio", c["ejercicio"], None),
        ("Hasta el periodo", c["hasta"], None),
        ("Calculado", c["calculado_en"], None),
        ("Recomendaciones de la declaratoria", r["declaratoria"], None),
        ("Recomendaciones programadas", r["programadas"], None),
        ("Recomendaciones impactadas", r["impactadas"], None),
        ("Avance", r["avance"], PORCENTAJE),
        ("Oportunidad", figuras["oportunidad"]["fraccion"], PORCENTAJE),
        ("Aprobación a la primera", figuras["aprobacion_a_la_primera"]["fraccion"], PORCENTAJE),
        ("Tiempo de ciclo (mediana de días)", figuras["tiempo_de_ciclo"]["mediana_dias"], None),
        ("Umbral de alta respuesta", c["umbral_alta_respuesta"], PORCENTAJE),
    ]:
        hoja.append(
            [_celda(hoja, nombre, font=Font(bold=True)), _celda(hoja, valor, number_format=formato)]
        )


def _por_tipo(libro: Workbook, figuras: dict) -> None:
    _hoja(
        libro,
        "Recomendaciones por tipo",
        ["Tipo", "Metas", "En la declaratoria", "Programadas", "Impactadas"],
        [
            (t["nombre"], t["descripcion"], t["declaratoria"], t["programadas"], t["impactadas"])
            for t in figuras["recomendaciones_por_tipo"]
        ],
    )


def _por_categoria(libro: Workbook, figuras: dict, titulo: str, clave: str) -> None:
    _hoja(
        libro,
        titulo,
        ["Categoría", "En la declaratoria", "Programadas", "Impactadas", "No impactadas",
         "Cobertura"],
        [
            (f["nombre"], f["declaratoria"], f["programadas"], f["impactadas"],
             f["no_impactadas"], f["cobertura"])
            for f in figuras[clave]
        ],
        porcentajes=(5,),
        nota=definiciones.texto("impactadas_por_categoria"),
    )  # fmt: skip


def _cumplimiento(libro: Workbook, figuras: dict) -> None:
    anual = figuras["anual"]
    filas = [
        (f"{p['periodo']} ({p['etiqueta']})", p["dependencias"], p["metas_programadas"],
         p["fichas_reportadas"], p["fichas_aprobadas"])
        for p in figuras["periodos"]
    ]  # fmt: skip
    filas.append(
        ("Anual", anual["dependencias"], anual["metas_programadas"], anual["fichas_reportadas"],
         None)
    )  # fmt: skip
    _hoja(
        libro,
        "Cumplimiento de metas",
        ["Periodo", "Dependencias", "Metas programadas", "Fichas técnicas reportadas",
         "Fichas aprobadas"],
        filas,
        nota="Anual: «fichas técnicas reportadas»: " + definiciones.texto("fichas_anual"),
    )  # fmt: skip


def _metas_por_tipo_accion(libro: Workbook, figuras: dict) -> None:
    _hoja(
        libro,
        "Metas por tipo de acción",
        ["Tipo de acción", "Programadas al corte", "Cumplidas", "Con avance", "Sin avance"],
        [
            (t["tipo_accion"], t["programadas"], t["cumplidas"], t["con_avance"], t["sin_avance"])
            for t in figuras["metas_por_tipo_accion"]
        ],
        nota=definiciones.texto("cumplidas") + " " + definiciones.texto("con_avance"),
    )


def _respuesta(libro: Workbook, figuras: dict) -> None:
    claves = [p["periodo"] for p in figuras["corte"]["periodos"]]
    alta = set(figuras["dependencias_alta_respuesta"])
    n = len(claves)
    _hoja(
        libro,
        "Respuesta por dependencia",
        ["Siglas", "Dependencia", *(f"Respuesta {k}" for k in claves), "Esperadas",
         "Reportadas", "Respuesta del corte", "A tiempo", "Oportunidad", "Aprobadas",
         "Aprobadas a la primera", "Aprobación a la primera", "Ciclo (mediana, días)",
         "Alta respuesta"],
        [
            [d["dependencia"], d["nombre"], *(d["periodos"][k] for k in claves), d["esperadas"],
             d["reportadas"], d["corte"], d["a_tiempo"], d["oportunidad"], d["aprobadas"],
             d["aprobadas_a_la_primera"], d["aprobacion_a_la_primera"], d["mediana_dias_ciclo"],
             "sí" if d["dependencia"] in alta else "no"]
            for d in figuras["respuesta_por_dependencia"]
        ],
        porcentajes={2 + i for i in range(n)} | {4 + n, 6 + n, 9 + n},
        nota=definiciones.texto("respuesta"),
    )  # fmt: skip


def _alta_respuesta(libro: Workbook, figuras: dict) -> None:
    _hoja(
        libro,
        "Alta respuesta",
        ["Dependencia"],
        [(s,) for s in figuras["dependencias_alta_respuesta"]],
        nota=definiciones.texto("alta_respuesta"),
    )


def _areas_deficientes(libro: Workbook, figuras: dict) -> None:
    areas = figuras["areas_deficientes"]
    _hoja(
        libro,
        "Áreas deficientes",
        ["Tipo", "Categoría", "Programadas", "No impactadas", "Cobertura"],
        [
            (tipo, f["nombre"], f["programadas"], f["no_impactadas"], f["cobertura"])
            for tipo, clave in (("Modalidad", "por_modalidad"), ("Eje", "por_eje"))
            for f in areas[clave]
        ],
        porcentajes=(4,),
        nota=definiciones.texto("areas_deficientes"),
    )


def _ranking(libro: Workbook, figuras: dict, titulo: str, clave: str) -> None:
    _hoja(
        libro,
        titulo,
        ["Clave", "Recomendación", "Fichas aprobadas con avance", "Avance medio", "Metas",
         "Dependencias"],
        [
            (f["clave"], f["texto"], f["fichas_con_avance"], f["avance_medio"], f["metas"],
             ", ".join(f["dependencias"]))
            for f in figuras[clave]
        ],
        porcentajes=(3,),
        nota=definiciones.texto("menos_atendidas"),
    )  # fmt: skip


def _sin_meta(libro: Workbook, figuras: dict) -> None:
    _hoja(
        libro,
        "Sin meta",
        ["Clave", "Recomendación", "Tipo"],
        [(f["clave"], f["texto"], f["tipo"]) for f in figuras["recomendaciones_sin_meta"]],
        nota=definiciones.texto("sin_meta"),
    )


def _narrativa(libro: Workbook, textos: dict[str, str]) -> None:
    _hoja(
        libro,
        "Narrativa",
        ["Sección", "Texto"],
        [(titulo, textos.get(campo, "")) for campo, titulo in SECCIONES_NARRATIVA],
    )


def _definiciones(libro: Workbook) -> None:
    _hoja(
        libro,
        "Definiciones",
        ["Cifra", "Definición"],
        [(d.nombre, d.texto) for d in definiciones.FIGURAS.values()],
    )


def _local(momento):
    return timezone.localtime(momento).replace(tzinfo=None) if momento else None


def _filas_de_metas(corte: Corte) -> list[list]:
    """Every active meta of the ejercicio with its fichas of the corte (3 queries)."""
    metas = (
        Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)
        .select_related("dependencia", "tipo_accion")
        .prefetch_related("recomendaciones")
        .order_by("dependencia__siglas", "clave")
    )
    fichas: dict[int, list[FichaTecnica]] = {}
    for ficha in FichaTecnica.objects.del_corte(corte.ejercicio, corte.periodos).select_related(
        "periodo"
    ):
        fichas.setdefault(ficha.meta_id, []).append(ficha)
    filas = []
    for meta in metas:
        base = [
            meta.dependencia.siglas, meta.clave, meta.descripcion,
            meta.tipo_accion.nombre if meta.tipo_accion else "", meta.unidad_medida,
            ", ".join(r.clave for r in meta.recomendaciones.all()),
        ]  # fmt: skip
        propias = sorted(fichas.get(meta.pk, []), key=lambda f: f.periodo.numero)
        if not propias:
            filas.append(base + [None] * 7)
        for f in propias:
            filas.append(
                base
                + [
                    f.periodo.clave,
                    f.get_estado_display(),
                    "sí" if f.no_aplica else "no",
                    f.cantidad_alcanzada,
                    _local(f.primer_envio_en),
                    _local(f.aprobada_en),
                    float(f.presupuesto_ejercido),
                ]  # fmt: skip
            )
    return filas


def _metas_y_fichas(libro: Workbook, corte: Corte) -> None:
    _hoja(
        libro,
        "Metas y fichas",
        ["Dependencia", "Meta", "Descripción", "Tipo de acción", "Unidad de medida",
         "Recomendaciones", "Periodo", "Estado de la ficha", "No aplica", "Cantidad alcanzada",
         "Primer envío", "Aprobada", "Presupuesto ejercido"],
        _filas_de_metas(corte),
        formatos={10: FECHA, 11: FECHA, 12: '"$ "#,##0.00'},
    )  # fmt: skip


def generar_excel(corte: Corte, figuras: dict, textos: dict[str, str]) -> bytes:
    libro = Workbook(write_only=True)
    _resumen(libro, figuras)
    _por_tipo(libro, figuras)
    _por_categoria(libro, figuras, "Por modalidad", "modalidades")
    _por_categoria(libro, figuras, "Por eje", "ejes")
    _cumplimiento(libro, figuras)
    _metas_por_tipo_accion(libro, figuras)
    _respuesta(libro, figuras)
    _alta_respuesta(libro, figuras)
    _areas_deficientes(libro, figuras)
    _ranking(libro, figuras, "Más atendidas", "recomendaciones_mas_atendidas")
    _ranking(libro, figuras, "Menos atendidas", "recomendaciones_menos_atendidas")
    _sin_meta(libro, figuras)
    hoja_valoracion_gim(libro, figuras, _hoja)
    _narrativa(libro, textos)
    _definiciones(libro)
    _metas_y_fichas(libro, corte)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
