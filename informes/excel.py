"""The report as an Excel workbook: one sheet per table, real numbers, and the data behind it."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dependencias.models import Meta
from fichas.models import FichaTecnica
from informes.figures import DEFINICIONES, Corte
from informes.models import SECCIONES_NARRATIVA

PORCENTAJE = "0.0%"
ENCABEZADO = Font(bold=True, color="FFFFFF")
RELLENO = PatternFill("solid", fgColor="5B2A86")


def _celda(hoja, valor, *, font=None, fill=None, number_format=None) -> WriteOnlyCell:
    celda = WriteOnlyCell(hoja, value=valor)
    if font:
        celda.font = font
    if fill:
        celda.fill = fill
    if number_format:
        celda.number_format = number_format
    return celda


def _hoja(
    libro: Workbook,
    titulo: str,
    encabezados: list[str],
    filas,
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
        hoja.append(
            [
                _celda(hoja, v, number_format=formatos[c]) if c in formatos and v is not None else v
                for c, v in enumerate(fila)
            ]
        )
    return hoja


def generar_excel(corte: Corte, figuras: dict, textos: dict[str, str]) -> bytes:
    libro = Workbook(write_only=True)
    c = figuras["corte"]
    r = figuras["recomendaciones"]
    resumen = libro.create_sheet("Resumen")
    resumen.column_dimensions["A"].width = 38
    resumen.column_dimensions["B"].width = 34
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
        resumen.append(
            [
                _celda(resumen, nombre, font=Font(bold=True)),
                _celda(resumen, valor, number_format=formato),
            ]
        )

    _hoja(
        libro,
        "Recomendaciones por tipo",
        ["Tipo", "Metas", "En la declaratoria", "Programadas", "Impactadas"],
        [
            (t["nombre"], t["descripcion"], t["declaratoria"], t["programadas"], t["impactadas"])
            for t in figuras["recomendaciones_por_tipo"]
        ],
    )
    for titulo, clave in (("Por modalidad", "modalidades"), ("Por eje", "ejes")):
        _hoja(
            libro,
            titulo,
            [
                "Categoría",
                "En la declaratoria",
                "Programadas",
                "Impactadas",
                "No impactadas",
                "Cobertura",
            ],
            [
                (
                    f["nombre"],
                    f["declaratoria"],
                    f["programadas"],
                    f["impactadas"],
                    f["no_impactadas"],
                    f["cobertura"],
                )
                for f in figuras[clave]
            ],
            porcentajes=(5,),
            nota=DEFINICIONES["impactadas_por_categoria"],
        )
    anual = figuras["anual"]
    _hoja(
        libro,
        "Cumplimiento de metas",
        [
            "Periodo",
            "Dependencias",
            "Metas programadas",
            "Fichas técnicas reportadas",
            "Fichas aprobadas",
        ],
        [
            (
                f"{p['periodo']} ({p['etiqueta']})",
                p["dependencias"],
                p["metas_programadas"],
                p["fichas_reportadas"],
                p["fichas_aprobadas"],
            )
            for p in figuras["periodos"]
        ]
        + [
            (
                "Anual",
                anual["dependencias"],
                anual["metas_programadas"],
                anual["fichas_reportadas"],
                None,
            )
        ],
        nota="Anual: «fichas técnicas reportadas» = metas con al menos una ficha enviada en el corte.",
    )
    _hoja(
        libro,
        "Metas por tipo de acción",
        ["Tipo de acción", "Programadas al corte", "Cumplidas", "Con avance", "Sin avance"],
        [
            (t["tipo_accion"], t["programadas"], t["cumplidas"], t["con_avance"], t["sin_avance"])
            for t in figuras["metas_por_tipo_accion"]
        ],
    )
    claves = [p["periodo"] for p in c["periodos"]]
    _hoja(
        libro,
        "Respuesta por dependencia",
        ["Siglas", "Dependencia"]
        + [f"Respuesta {k}" for k in claves]
        + [
            "Esperadas",
            "Reportadas",
            "Respuesta del corte",
            "A tiempo",
            "Oportunidad",
            "Aprobadas",
            "Aprobadas a la primera",
            "Aprobación a la primera",
            "Ciclo (mediana, días)",
            "Alta respuesta",
        ],
        [
            [d["dependencia"], d["nombre"]]
            + [d["periodos"][k] for k in claves]
            + [
                d["esperadas"],
                d["reportadas"],
                d["corte"],
                d["a_tiempo"],
                d["oportunidad"],
                d["aprobadas"],
                d["aprobadas_a_la_primera"],
                d["aprobacion_a_la_primera"],
                d["mediana_dias_ciclo"],
                "sí" if d["dependencia"] in figuras["dependencias_alta_respuesta"] else "no",
            ]  # fmt: skip
            for d in figuras["respuesta_por_dependencia"]
        ],
        porcentajes={2 + i for i in range(len(claves))}
        | {4 + len(claves), 6 + len(claves), 9 + len(claves)},
        nota=DEFINICIONES["respuesta"],
    )
    _hoja(
        libro,
        "Alta respuesta",
        ["Dependencia"],
        [(s,) for s in figuras["dependencias_alta_respuesta"]],
        nota=DEFINICIONES["alta_respuesta"],
    )
    _hoja(
        libro,
        "Áreas deficientes",
        ["Tipo", "Categoría", "Programadas", "No impactadas", "Cobertura"],
        [
            ("Modalidad", f["nombre"], f["programadas"], f["no_impactadas"], f["cobertura"])
            for f in figuras["areas_deficientes"]["por_modalidad"]
        ]
        + [
            ("Eje", f["nombre"], f["programadas"], f["no_impactadas"], f["cobertura"])
            for f in figuras["areas_deficientes"]["por_eje"]
        ],
        porcentajes=(4,),
        nota=DEFINICIONES["areas_deficientes"],
    )
    for titulo, clave in (
        ("Más atendidas", "recomendaciones_mas_atendidas"),
        ("Menos atendidas", "recomendaciones_menos_atendidas"),
    ):
        _hoja(
            libro,
            titulo,
            [
                "Clave",
                "Recomendación",
                "Fichas aprobadas con avance",
                "Avance medio",
                "Metas",
                "Dependencias",
            ],
            [
                (
                    f["clave"],
                    f["texto"],
                    f["fichas_con_avance"],
                    f["avance_medio"],
                    f["metas"],
                    ", ".join(f["dependencias"]),
                )
                for f in figuras[clave]
            ],
            porcentajes=(3,),
            nota=DEFINICIONES["menos_atendidas"],
        )
    _hoja(
        libro,
        "Sin meta",
        ["Clave", "Recomendación", "Tipo"],
        [(f["clave"], f["texto"], f["tipo"]) for f in figuras["recomendaciones_sin_meta"]],
        nota=DEFINICIONES["sin_meta"],
    )
    _hoja(
        libro,
        "Narrativa",
        ["Sección", "Texto"],
        [(titulo, textos.get(campo, "")) for campo, titulo in SECCIONES_NARRATIVA],
    )
    _metas_y_fichas(libro, corte)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _metas_y_fichas(libro: Workbook, corte: Corte) -> None:
    """Every active meta of the ejercicio with its fichas of the corte (3 queries)."""
    metas = (
        Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)
        .select_related("dependencia", "tipo_accion")
        .prefetch_related("recomendaciones")
        .order_by("dependencia__siglas", "clave")
    )
    fichas: dict[int, list[FichaTecnica]] = {}
    for ficha in FichaTecnica.objects.filter(
        meta__ejercicio=corte.ejercicio, periodo_id__in=corte.periodo_ids
    ).select_related("periodo"):
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
                    timezone.localtime(f.primer_envio_en).replace(tzinfo=None)
                    if f.primer_envio_en
                    else None,
                    timezone.localtime(f.aprobada_en).replace(tzinfo=None)
                    if f.aprobada_en
                    else None,
                    float(f.presupuesto_ejercido),
                ]  # fmt: skip
            )
    _hoja(
        libro,
        "Metas y fichas",
        [
            "Dependencia",
            "Meta",
            "Descripción",
            "Tipo de acción",
            "Unidad de medida",
            "Recomendaciones",
            "Periodo",
            "Estado de la ficha",
            "No aplica",
            "Cantidad alcanzada",
            "Primer envío",
            "Aprobada",
            "Presupuesto ejercido",
        ],
        filas,
        formatos={10: "dd/mm/yyyy hh:mm", 11: "dd/mm/yyyy hh:mm", 12: '"$ "#,##0.00'},
    )
