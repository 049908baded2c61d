"""The report as an Excel workbook: one sheet per table, real numbers, and the data behind it.

Written with XlsxWriter in `constant_memory` mode (rows stream to disk as they are written,
see informes/salidas/libro_excel.py) from plain values (`values_list`), so the state-scale workbook
takes about a second, not fifteen. Every text goes in as a string cell, cleaned of the control
characters XML forbids: a name or a narrative starting with «=» stays text, never a formula.

Every sheet opens with a title row saying what the PDF says: «BORRADOR» with the local time of
the calculation, or «Versión N publicada el dd/mm/aaaa hh:mm»; then a note (or an empty row),
the header row (repeated on each printed page, frozen on screen) and the data. Columns are as
wide as what they hold (never «###»); printing fits the width of a carta page.

A published workbook is public and forever: its sheet «Metas y fichas» lists approved fichas
only (docs/cifras.md, «Qué sale del instituto»). A draft lists every state, for the analistas,
and its first sheet says so in red.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable

from avgm.models import AVISO_DEMOSTRACION
from avgm.texto import limpiar_texto
from dependencias.models import Meta
from dependencias.unidades import cuentan_personas
from fichas.models import FichaTecnica
from informes.cifras import definiciones
from informes.cifras.cambios import cambios_desde_publicacion
from informes.cifras.corte import Corte
from informes.divulgacion.supresion import ETIQUETA
from informes.gim.excel import hoja_valoracion_gim
from informes.models import SECCIONES_NARRATIVA
from informes.salidas.libro_excel import (
    ANCHO_ENCABEZADO,
    CON_SIGNO,
    DECIMAL,
    DECIMAL_CON_SIGNO,
    FECHA,
    FILA_ENCABEZADO,
    MONEDA,
    NEGRITA,
    PORCENTAJE,
    PUNTOS,
    Libro,
    estado_del_informe,
    fecha_local,
)

__all__ = ["estado_del_informe", "fecha_local", "generar_excel"]


def _hoja(
    libro: Libro,
    titulo: str,
    encabezados: list[str],
    filas: Iterable,
    porcentajes=(),
    nota="",
    formatos=None,
):
    """A sheet: title row, note (or empty) row, header row, then the rows."""
    hoja = libro.nueva_hoja(titulo, columnas=len(encabezados))
    formatos = dict(formatos or {}) | dict.fromkeys(porcentajes, PORCENTAJE)
    if nota:
        hoja.write_string(1, 0, limpiar_texto(nota), libro.f_nota)
    anchos = [min(len(t), ANCHO_ENCABEZADO) for t in encabezados]
    for c, texto in enumerate(encabezados):
        hoja.write_string(FILA_ENCABEZADO, c, texto, libro.encabezado)
    libro.filas(hoja, FILA_ENCABEZADO + 1, filas, formatos, anchos)
    libro.anchos(hoja, anchos)
    hoja.freeze_panes(FILA_ENCABEZADO + 1, 0)
    hoja.repeat_rows(FILA_ENCABEZADO)
    return hoja


AVISO_BORRADOR = (
    "Borrador interno: incluye fichas sin revisar (borradores, enviadas y observadas) en la "
    "hoja «Metas y fichas». No lo difunda; la versión publicada solo lleva fichas aprobadas."
)
AVISO_PUBLICADO = (
    "Versión publicada: sus datos son de fichas aprobadas; de las demás solo se cuentan "
    "cuántas se enviaron, a tiempo o no, como dicen las definiciones."
)


def _resumen(libro: Libro, figuras: dict, *, publicado: bool) -> None:
    """Name and value; the first row is the title and the report's state, like every sheet,
    the second says whose data it holds: a draft carries fichas nobody has reviewed. A made-up
    municipio's workbook says so first, above them."""
    c, r = figuras["corte"], figuras["recomendaciones"]
    hoja = libro.nueva_hoja("Resumen", columnas=2)
    d = 1 if libro.demostracion else 0
    if d:
        hoja.write_string(0, 0, AVISO_DEMOSTRACION, libro.f_aviso)
    hoja.write_string(d, 0, "Informe de corte", libro.f_titulo)
    hoja.write_string(d, 1, f"Respuesta a la AVGM {c['etiqueta']} · {libro.estado}", libro.f_titulo)
    aviso = AVISO_PUBLICADO if publicado else AVISO_BORRADOR
    hoja.write_string(d + 1, 0, aviso, libro.f_nota if publicado else libro.f_aviso)
    filas = [
        ("Ejercicio", c["ejercicio"], None),
        ("Hasta el periodo", c["hasta"], None),
        ("Calculado (hora de Ciudad Juárez)", fecha_local(c["calculado_en"]), FECHA),
        ("Recomendaciones de la declaratoria", r["declaratoria"], None),
        ("Recomendaciones programadas", r["programadas"], None),
        ("Recomendaciones impactadas", r["impactadas"], None),
        ("Avance", r["avance"], PORCENTAJE),
        ("Oportunidad", figuras["oportunidad"]["fraccion"], PORCENTAJE),
        ("Aprobación a la primera", figuras["aprobacion_a_la_primera"]["fraccion"], PORCENTAJE),
        ("Tiempo de ciclo (mediana de días)", figuras["tiempo_de_ciclo"]["mediana_dias"], None),
        ("Umbral de alta respuesta", c["umbral_alta_respuesta"], PORCENTAJE),
    ]
    anchos = [0, 0]
    for i, (nombre, valor, formato) in enumerate(filas, start=d + 2):
        libro.filas(
            hoja, i, [(nombre, valor)], {0: NEGRITA} | ({1: formato} if formato else {}), anchos
        )
    libro.anchos(hoja, [anchos[0], max(anchos[1], 40)])
    hoja.freeze_panes(d + 2, 0)


HOJA_CAMBIOS = "Cambios desde la publicación"
# Per kind of figure: the format of its two values and of its difference.
FORMATOS_CAMBIO = {
    "entero": (None, CON_SIGNO),
    "fraccion": (PORCENTAJE, PUNTOS),
    "dias": (DECIMAL, DECIMAL_CON_SIGNO),
    "lista": (None, None),
}


def _cambios_desde_publicacion(libro: Libro, figuras: dict, ejercicio_id: int) -> None:
    """A draft's second sheet, right after the summary: what moved since the last published
    version, the first thing whoever reviews a draft before publishing it looks for. The
    rows of `informes.cifras.cambios.filas_de_cambios`, as the page and the PDF print them:
    figure, published value, draft value, difference (real numbers; a list as text)."""
    cambios = cambios_desde_publicacion(figuras, ejercicio_id)
    hoja = libro.nueva_hoja(HOJA_CAMBIOS, columnas=4)
    if cambios is None:
        nota = "Este corte aún no tiene versiones publicadas: no hay con qué comparar."
        publicada = "Publicada"
    else:
        cuando = fecha_local(cambios["publicado_en"])
        nota = (
            f"Cambios desde la versión {cambios['version']} publicada el {cuando:%d/%m/%Y}: "
            f"{len(cambios['filas']):,} de {cambios['cifras_comparadas']:,} cifras comparadas "
            "(cifras principales y cada categoría del informe) cambiaron; las demás son "
            "iguales. Diferencia = borrador − publicada; la de un porcentaje, en puntos."
        )
        publicada = f"Publicada (versión {cambios['version']})"
    hoja.write_string(1, 0, nota, libro.f_nota)
    encabezados = ["Cifra", publicada, "Borrador", "Diferencia"]
    anchos = [min(len(t), ANCHO_ENCABEZADO) for t in encabezados]
    for c, texto in enumerate(encabezados):
        hoja.write_string(FILA_ENCABEZADO, c, texto, libro.encabezado)
    for i, f in enumerate(cambios["filas"] if cambios else [], start=FILA_ENCABEZADO + 1):
        valor, diferencia = FORMATOS_CAMBIO[f["tipo"]]
        formatos = {c: valor for c in (1, 2) if valor} | ({3: diferencia} if diferencia else {})
        # A number where there is one; «N/A» (no value) or «—» (absent) and lists as text.
        fila = [f["nombre"]] + [
            f[campo] if f["tipo"] != "lista" and f[campo] is not None else f[f"{campo}_texto"]
            for campo in ("publicada", "borrador", "diferencia")
        ]
        libro.filas(hoja, i, [fila], formatos, anchos)
    libro.anchos(hoja, anchos)
    hoja.freeze_panes(FILA_ENCABEZADO + 1, 0)
    hoja.repeat_rows(FILA_ENCABEZADO)


def _por_tipo(libro: Libro, figuras: dict) -> None:
    _hoja(
        libro,
        "Recomendaciones por tipo",
        ["Tipo", "Metas", "En la declaratoria", "Programadas", "Impactadas"],
        [
            (t["nombre"], t["descripcion"], t["declaratoria"], t["programadas"], t["impactadas"])
            for t in figuras["recomendaciones_por_tipo"]
        ],
    )


def _por_categoria(libro: Libro, figuras: dict, titulo: str, clave: str) -> None:
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


def _cumplimiento(libro: Libro, figuras: dict) -> None:
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


def _metas_por_tipo_accion(libro: Libro, figuras: dict) -> None:
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


def _respuesta(libro: Libro, figuras: dict) -> None:
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


def _alta_respuesta(libro: Libro, figuras: dict) -> None:
    _hoja(
        libro,
        "Alta respuesta",
        ["Dependencia"],
        [(s,) for s in figuras["dependencias_alta_respuesta"]],
        nota=definiciones.texto("alta_respuesta"),
    )


def _areas_deficientes(libro: Libro, figuras: dict) -> None:
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


def _ranking(libro: Libro, figuras: dict, titulo: str, clave: str) -> None:
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


def _sin_meta(libro: Libro, figuras: dict) -> None:
    _hoja(
        libro,
        "Sin meta",
        ["Clave", "Recomendación", "Tipo"],
        [(f["clave"], f["texto"], f["tipo"]) for f in figuras["recomendaciones_sin_meta"]],
        nota=definiciones.texto("sin_meta"),
    )


def _narrativa(libro: Libro, textos: dict[str, str]) -> None:
    _hoja(
        libro,
        "Narrativa",
        ["Sección", "Texto"],
        [(titulo, textos.get(campo, "")) for campo, titulo in SECCIONES_NARRATIVA],
    )


def _definiciones(libro: Libro) -> None:
    _hoja(
        libro,
        "Definiciones",
        ["Cifra", "Definición"],
        [(d.nombre, d.texto) for d in definiciones.FIGURAS.values()],
    )


def _filas_de_metas(corte: Corte, *, solo_aprobadas: bool) -> Iterable[tuple]:
    """Every active meta of the ejercicio, one row per ficha of the corte (3 queries, values;
    a fourth, the units of measure, when published).

    `solo_aprobadas` (a published workbook) leaves out every ficha the IMM has not approved:
    what a borrador, enviada or observada ficha says never leaves the institute. It also
    prints the quantity of a meta whose unit counts people (`dependencias.unidades`) as
    `ETIQUETA` unless it is 0: one ficha's quantity is a count of people the public side
    protects, and a trimestre's part would pin down what the micrositio hides.
    """
    metas = Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)
    recomendaciones: dict[int, list[str]] = {}
    for meta_id, clave in (
        Meta.recomendaciones.through.objects.filter(meta__in=metas)
        .order_by("recomendacion__orden", "recomendacion__clave")
        .values_list("meta_id", "recomendacion__clave")
    ):
        recomendaciones.setdefault(meta_id, []).append(clave)
    fichas: dict[int, list[tuple]] = {}
    estados = dict(FichaTecnica.Estado.choices)
    fichas_del_corte = FichaTecnica.objects.del_corte(corte.ejercicio, corte.periodos)
    if solo_aprobadas:
        fichas_del_corte = fichas_del_corte.aprobadas()
    for meta_id, *ficha in (
        fichas_del_corte.order_by("meta_id", "periodo__numero")
        .values_list(
            "meta_id", "periodo__numero", "estado", "no_aplica", "cantidad_alcanzada",
            "primer_envio_en", "aprobada_en", "presupuesto_ejercido",
        )
    ):  # fmt: skip
        fichas.setdefault(meta_id, []).append(ficha)
    vacia = (None,) * 7
    filas = list(metas.order_by("dependencia__siglas", "clave").values_list(
        "pk", "dependencia__siglas", "clave", "descripcion", "tipo_accion__nombre",
        "unidad_medida"))  # fmt: skip
    personas = cuentan_personas(f[5] for f in filas) if solo_aprobadas else {}
    for pk, siglas, clave, descripcion, tipo, unidad in filas:
        base = (
            siglas,
            clave,
            descripcion,
            tipo or "",
            unidad,
            ", ".join(recomendaciones.get(pk, ())),
        )
        propias = fichas.get(pk)
        if not propias:
            yield base + vacia
            continue
        for numero, estado, no_aplica, cantidad, envio, aprobada, presupuesto in propias:
            if personas.get(unidad) and cantidad:
                cantidad = ETIQUETA
            yield base + (
                f"T{numero}", estados.get(estado, estado), "sí" if no_aplica else "no", cantidad,
                fecha_local(envio), fecha_local(aprobada), float(presupuesto),
            )  # fmt: skip


def _metas_y_fichas(libro: Libro, corte: Corte, *, publicado: bool) -> None:
    nota = (
        "Una fila por ficha técnica aprobada del corte; una meta sin fichas aprobadas ocupa "
        "una fila sin periodo. Fechas en hora de Ciudad Juárez. La cantidad alcanzada de una "
        f"meta cuya unidad cuenta personas (atenciones, asesorías, quejas, …) dice «{ETIQUETA}» "
        "salvo cuando es 0, para proteger a las personas."
        if publicado
        else "Borrador interno: una fila por ficha técnica del corte en cualquier estado, "
        "también las que el IMM no ha revisado; una meta sin fichas ocupa una fila sin "
        "periodo. Fechas en hora de Ciudad Juárez."
    )
    _hoja(
        libro,
        "Metas y fichas",
        ["Dependencia", "Meta", "Descripción", "Tipo de acción", "Unidad de medida",
         "Recomendaciones", "Periodo", "Estado de la ficha", "No aplica", "Cantidad alcanzada",
         "Primer envío", "Aprobada", "Presupuesto ejercido"],
        _filas_de_metas(corte, solo_aprobadas=publicado),
        formatos={10: FECHA, 11: FECHA, 12: MONEDA},
        nota=nota,
    )  # fmt: skip


def generar_excel(corte: Corte, figuras: dict, textos: dict[str, str], *, publicado=None) -> bytes:
    """The workbook's bytes; `publicado` (an InformePublicado) marks a published version."""
    descriptor, ruta = tempfile.mkstemp(suffix=".xlsx")
    os.close(descriptor)
    try:
        libro = Libro(ruta, figuras, publicado, demostracion=corte.ejercicio.municipio.demostracion)
        _resumen(libro, figuras, publicado=publicado is not None)
        if publicado is None:
            _cambios_desde_publicacion(libro, figuras, corte.ejercicio.pk)
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
        _metas_y_fichas(libro, corte, publicado=publicado is not None)
        libro.cerrar()
        with open(ruta, "rb") as archivo:
            return archivo.read()
    finally:
        os.unlink(ruta)
