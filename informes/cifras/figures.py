"""Every figure of the Informe de corte (docs/cifras.md), computed with a fixed number of queries.

A corte is an ejercicio plus its periodos up to a chosen one. Progress counts approved fichas
only; "reported" counts every submitted ficha (any state but borrador). Aggregation happens in
the database; the few figures that need a median or a ranking read one small row per meta or
per approved ficha, never a query per row. `calcular_corte` returns plain, JSON-ready data that
the HTML, PDF and Excel reports all read.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import repeat

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Periodo, Recomendacion
from avgm.numeros import fraccion
from avgm.plataforma import revision
from dependencias.models import Meta, TipoAccion
from fichas.models import FichaTecnica, cuenta_como_avance, ficha_con_avance
from fichas.selectors import respuestas
from informes.cifras.corte import Corte, filas
from informes.cifras.figures_dependencias import (
    CALIDAD_VACIA,
    calidad_por_dependencia,
    catalogo_de_dependencias,
    cumplimiento,
    metas_programadas,
    respuesta,
)
from informes.gim.valoracion import valoracion_gim


def metas(corte: Corte) -> QuerySet[Meta]:
    """The ejercicio's active metas."""
    return Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)


def recomendaciones(corte: Corte) -> QuerySet[Recomendacion]:
    """The recomendaciones in force in the ejercicio that apply to its municipio («de la
    declaratoria»)."""
    return Recomendacion.objects.aplicables(corte.ejercicio)


def programada(corte: Corte) -> Exists:
    """A recomendación linked to at least one active meta of the ejercicio."""
    return Exists(
        Meta.recomendaciones.through.objects.filter(
            recomendacion=OuterRef("pk"), meta__ejercicio=corte.ejercicio, meta__activa=True
        )
    )


def impactada(corte: Corte) -> Exists:
    """Linked to a meta with a ficha con avance in a periodo of the corte."""
    fichas = FichaTecnica.objects.filter(
        meta=OuterRef("meta"), periodo_id__in=corte.periodo_ids
    ).con_avance()
    return Exists(
        Meta.recomendaciones.through.objects.filter(
            recomendacion=OuterRef("pk"), meta__ejercicio=corte.ejercicio, meta__activa=True
        ).filter(Exists(fichas))
    )


def _por_categoria(modelo, vigentes: set[int], programadas: set[int], impactadas: set[int]):
    """Per modalidad / eje: recomendaciones in force, programadas and impactadas (1 query: the
    catalog joined to its recomendaciones)."""
    categorias: dict[int, dict] = {}
    for pk, nombre, corto, rec in modelo.objects.order_by("orden", "nombre", "pk").values_list(
        "pk", "nombre", "nombre_corto", "recomendaciones"
    ):
        fila = categorias.setdefault(
            pk, {"nombre": nombre, "etiqueta": corto or nombre, "r": set()}
        )
        if rec in vigentes:
            fila["r"].add(rec)
    filas = []
    for fila in categorias.values():
        recs = fila.pop("r")
        prog, imp = len(recs & programadas), len(recs & impactadas)
        filas.append(
            {
                **fila,
                "declaratoria": len(recs),
                "programadas": prog,
                "impactadas": imp,
                "no_impactadas": prog - imp,
                "cobertura": fraccion(imp, prog),
            }
        )
    return filas


def _menos_cubiertas(filas: list[dict]) -> list[dict]:
    """Categories with programadas not impactadas, least covered first."""
    pendientes = [f for f in filas if f["no_impactadas"] > 0]
    return sorted(pendientes, key=lambda f: (f["cobertura"], -f["no_impactadas"], f["nombre"]))


def calcular_corte(ejercicio: Ejercicio, hasta: Periodo, umbral: float | None = None) -> dict:
    """Every figure of the corte `ejercicio` up to `hasta`, as JSON-ready data."""
    corte = Corte.de(ejercicio, hasta)  # 1 query: the periodos
    return calcular(corte, umbral)


def calcular(corte: Corte, umbral: float | None = None) -> dict:
    """Every figure of `corte`, from the cache when the data revision has not moved.

    Kept by `avgm.plataforma.revision.memorizar` with the version of its ejercicio's data read
    BEFORE computing (a write to another ejercicio leaves it valid), in this process's memory
    and in the cache the server's processes share; a transaction with uncommitted writes of
    its own computes and keeps nothing.
    """
    if umbral is None:
        umbral = settings.AVGM_UMBRAL_ALTA_RESPUESTA
    clave = f"informes:cifras:{corte.ejercicio.pk}:{corte.hasta.clave}:{umbral}"
    return revision.memorizar(
        clave,
        lambda: computar(corte, umbral),
        settings.AVGM_CACHE_CIFRAS_SEGUNDOS,
        ejercicios=[corte.ejercicio.pk],
    )


def computar(corte: Corte, umbral: float | None = None) -> dict:
    """Every figure of `corte`, computed now (a fixed number of queries, whatever the size)."""
    if umbral is None:
        umbral = settings.AVGM_UMBRAL_ALTA_RESPUESTA
    # The recomendaciones in force, their links to the ejercicio's active metas and the
    # fichas con avance per meta: every recomendación figure is counted from these rows.
    recs = list(recomendaciones(corte).values("pk", "clave", "texto", "tipo"))
    enlaces = Meta.recomendaciones.through.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True
    ).values_list("recomendacion_id", "meta_id", "meta__dependencia_id")
    catalogo = catalogo_de_dependencias(corte)
    programadas_por_meta = metas_programadas(corte)
    avance, con_avance, metas_reportadas, enviadas = _avance_de_metas(corte, programadas_por_meta)
    vigentes = {r["pk"] for r in recs}
    # Per recomendación its linked metas (in the order read) and their dependencias' ids,
    # named once per recomendación in the ranking, not once per link.
    metas_de: dict[int, list[int]] = defaultdict(list)
    dependencias_de: dict[int, set[int]] = defaultdict(set)
    for rec, meta, dependencia in filas(enlaces):
        metas_de[rec].append(meta)
        dependencias_de[rec].add(dependencia)
    programadas_ids = {rec for rec in metas_de if rec in vigentes}
    impactadas_ids = {
        rec for rec in programadas_ids if not con_avance.keys().isdisjoint(metas_de[rec])
    }
    reportadas_ids = {
        rec for rec in programadas_ids if not metas_reportadas.isdisjoint(metas_de[rec])
    }

    por_tipo: dict[str, dict[str, int]] = defaultdict(
        lambda: {"total": 0, "programadas": 0, "impactadas": 0}
    )
    for rec in recs:
        fila = por_tipo[rec["tipo"]]
        fila["total"] += 1
        fila["programadas"] += rec["pk"] in programadas_ids
        fila["impactadas"] += rec["pk"] in impactadas_ids
    declaratoria = len(recs)
    programadas = len(programadas_ids)
    impactadas = len(impactadas_ids)
    tipos = [
        {
            "tipo": valor,
            "nombre": etiqueta,
            "descripcion": str(Recomendacion.TIPO_DESCRIPCION[valor]),
            "declaratoria": por_tipo[valor]["total"],
            "programadas": por_tipo[valor]["programadas"],
            "impactadas": por_tipo[valor]["impactadas"],
        }
        for valor, etiqueta in Recomendacion.Tipo.choices
    ]

    modalidades = _por_categoria(Modalidad, vigentes, programadas_ids, impactadas_ids)
    ejes = _por_categoria(EjeTransversal, vigentes, programadas_ids, impactadas_ids)

    celdas = respuestas(corte.periodos, con_nombres=False)
    calidad = calidad_por_dependencia(corte)
    periodos, anual, dependencias = cumplimiento(
        corte,
        celdas,
        programadas_por_meta,
        catalogo,
        len(metas_reportadas),
        enviadas,
        calidad[None]["aprobadas_por_periodo"],
    )
    por_dependencia = respuesta(corte, dependencias, celdas)
    por_tipo_accion = _metas_por_tipo_accion(avance)
    siglas_de = {pk: siglas for pk, siglas, _nombre in catalogo}
    ranking = _ranking_recomendaciones(
        recs, metas_de, dependencias_de, siglas_de, avance, con_avance
    )

    for dependencia, fila in zip(dependencias, por_dependencia, strict=True):
        fila.update(calidad.get(dependencia["dependencia_id"], CALIDAD_VACIA))
    alta = [
        f["dependencia"] for f in por_dependencia if f["corte"] is not None and f["corte"] >= umbral
    ]
    esperadas = sum(f["esperadas"] for f in por_dependencia)
    a_tiempo = sum(f["a_tiempo"] for f in por_dependencia)
    aprobadas = sum(f["aprobadas"] for f in por_dependencia)
    primera = sum(f["aprobadas_a_la_primera"] for f in por_dependencia)

    return {
        "corte": {
            "ejercicio": corte.ejercicio.anio,
            "hasta": corte.hasta.clave,
            "etiqueta": corte.etiqueta,
            "periodos": [
                {
                    "periodo": p.clave,
                    "etiqueta": p.etiqueta,
                    "nombre": p.nombre_ordinal,
                    "inicio": p.inicio.isoformat(),
                    "fin": p.fin.isoformat(),
                    "fecha_limite": p.fecha_limite.isoformat(),
                }
                for p in corte.periodos
            ],
            "umbral_alta_respuesta": umbral,
            "calculado_en": timezone.now().isoformat(timespec="seconds"),
        },
        "recomendaciones": {
            "declaratoria": declaratoria,
            "programadas": programadas,
            "impactadas": impactadas,
            "avance": fraccion(impactadas, programadas),
        },
        "recomendaciones_por_tipo": tipos,
        "impactadas_por_modalidad": {f["nombre"]: f["impactadas"] for f in modalidades},
        "impactadas_por_eje": {f["nombre"]: f["impactadas"] for f in ejes},
        "modalidades": modalidades,
        "ejes": ejes,
        "periodos": periodos,
        "anual": anual,
        "metas_por_tipo_accion": por_tipo_accion,
        "respuesta_por_dependencia": por_dependencia,
        "dependencias_alta_respuesta": alta,
        "areas_deficientes": {
            "por_modalidad": _menos_cubiertas(modalidades),
            "por_eje": _menos_cubiertas(ejes),
        },
        "oportunidad": {
            "esperadas": esperadas,
            "a_tiempo": a_tiempo,
            "fraccion": fraccion(a_tiempo, esperadas),
        },
        "aprobacion_a_la_primera": {
            "aprobadas": aprobadas,
            "a_la_primera": primera,
            "fraccion": fraccion(primera, aprobadas),
        },
        "tiempo_de_ciclo": {"mediana_dias": calidad.get(None, {}).get("mediana_dias_ciclo")},
        "recomendaciones_mas_atendidas": ranking["mas"],
        "recomendaciones_menos_atendidas": ranking["menos"],
        "recomendaciones_sin_meta": ranking["sin_meta"],
        "valoracion_gim": valoracion_gim(
            recs,
            programadas_ids,
            impactadas_ids,
            reportadas_ids,
            municipio=corte.ejercicio.municipio_id,
        ),
    }


def _avance_de_metas(
    corte: Corte, programadas: list[tuple[int, int | None, int, int | None]]
) -> tuple[list[tuple[int, str | None, int, int]], dict[int, int], set[int], dict[int, int]]:
    """(meta, tipo de acción, programmed to date, approved accumulated) of metas programmed > 0
    in the corte, the count of fichas con avance of each meta in the corte, the metas with a
    submitted ficha in the corte, and the submitted fichas of each periodo of the corte.

    `programadas` is the programación per meta (`metas_programadas`); one grouped query adds
    the submitted fichas per meta, joined here by meta, and one the tipos de acción's names
    (grouping by the id, not by the name); no query per meta. Only what counts as progress
    (`fichas.models.cuenta_como_avance`) is added up. The submitted fichas per periodo are a
    column per periodo of the same query, added up here: the corte's fichas are read once.
    """
    tipos = dict(TipoAccion.objects.values_list("pk", "nombre"))
    por_periodo = {f"n_{p.pk}": Count("pk", filter=Q(periodo_id=p.pk)) for p in corte.periodos}
    por_meta = filas(
        corte.fichas()
        .reportadas()
        .values("meta_id")
        .annotate(
            suma=Sum("cantidad_alcanzada", filter=cuenta_como_avance()),
            n=Count("pk", filter=ficha_con_avance()),
            **por_periodo,
        )
        .order_by()
        .values_list("meta_id", "suma", "n", *por_periodo)
    )
    logrado: dict[int, int] = {}
    con_avance: dict[int, int] = {}
    for meta_id, suma, fichas, *_por_periodo in por_meta:
        logrado[meta_id] = suma or 0
        if fichas:
            con_avance[meta_id] = fichas
    # Each periodo's column added up (zip reads the rows column by column).
    columnas = list(zip(*por_meta, strict=True)) or [()] * (3 + len(por_periodo))
    enviadas = {p.pk: sum(c) for p, c in zip(corte.periodos, columnas[3:], strict=True)}
    avance = [
        (pk, tipos.get(tipo), total, logrado.get(pk, 0))
        for pk, tipo, _dependencia, total in programadas
        if total
    ]
    return avance, con_avance, set(logrado), enviadas


def _metas_por_tipo_accion(avance: list[tuple[int, str | None, int, int]]) -> list[dict]:
    """Metas cumplidas / con avance per tipo de acción, among metas programmed to date."""
    conteo: dict[str, dict[str, int]] = {}
    for _pk, tipo, prog, logr in avance:
        fila = conteo.setdefault(
            tipo or "Sin tipo de acción",
            {"programadas": 0, "cumplidas": 0, "con_avance": 0, "sin_avance": 0},
        )
        fila["programadas"] += 1
        if logr >= prog:
            fila["cumplidas"] += 1
        elif logr > 0:
            fila["con_avance"] += 1
        else:
            fila["sin_avance"] += 1
    return [
        {"tipo_accion": tipo, **valores}
        for tipo, valores in sorted(
            conteo.items(), key=lambda kv: (-(kv[1]["cumplidas"] + kv[1]["con_avance"]), kv[0])
        )
    ]


def _ranking_recomendaciones(
    recs: list[dict],
    metas_de: dict[int, list[int]],
    dependencias_de: dict[int, set[int]],
    siglas_de: dict[int, str],
    avance: list,
    con_avance: dict,
) -> dict:
    """Most and least attended programadas, and those in force without any meta.

    From rows already read: the recomendaciones in force, the ejercicio's active metas linked
    to each and their dependencias (named by `siglas_de`, unique in the municipio), and the
    fichas con avance per meta (a ficha has one meta, and a meta links a recomendación once,
    so summing per meta counts each ficha once).
    """
    # Mean progress of each recomendación's metas: approved accumulated / programmed to date, capped at 1.
    progreso = {pk: min(1.0, logr / prog) for pk, _tipo, prog, logr in avance}
    filas = []
    sin_meta = []
    for rec in recs:
        if rec["pk"] not in metas_de:
            sin_meta.append({"clave": rec["clave"], "texto": rec["texto"], "tipo": rec["tipo"]})
            continue
        metas = metas_de[rec["pk"]]
        avances = [p for p in map(progreso.get, metas) if p is not None]
        filas.append(
            {
                "clave": rec["clave"],
                "texto": rec["texto"],
                "fichas_con_avance": sum(map(con_avance.get, metas, repeat(0))),
                "avance_medio": sum(avances) / len(avances) if avances else None,
                "metas": len(metas),
                "dependencias": sorted(map(siglas_de.__getitem__, dependencias_de[rec["pk"]])),
            }
        )
    menos = sorted(
        filas, key=lambda f: (f["fichas_con_avance"], f["avance_medio"] or 0, f["clave"])
    )
    mas = sorted(
        (f for f in filas if f["fichas_con_avance"] > 0),
        key=lambda f: (-f["fichas_con_avance"], -(f["avance_medio"] or 0), f["clave"]),
    )
    return {"menos": menos, "mas": mas, "sin_meta": sin_meta}
