"""Every figure of the Informe de corte (docs/cifras.md), computed with a fixed number of queries.

A corte is an ejercicio plus its periodos up to a chosen one. Progress counts approved fichas
only; "reported" counts every submitted ficha (any state but borrador). Aggregation happens in
the database; the few figures that need a median or a ranking read one small row per meta or
per approved ficha, never a query per row. `calcular_corte` returns plain, JSON-ready data that
the HTML, PDF and Excel reports all read.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Periodo, Recomendacion
from avgm.numeros import fraccion
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica
from informes.corte import Corte
from informes.figures_dependencias import (
    CALIDAD_VACIA,
    calidad_por_dependencia,
    cumplimiento,
    respuesta,
)
from informes.gim import valoracion_gim


def metas(corte: Corte) -> QuerySet[Meta]:
    """The ejercicio's active metas."""
    return Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)


def recomendaciones(corte: Corte) -> QuerySet[Recomendacion]:
    """The recomendaciones in force in the ejercicio («de la declaratoria»)."""
    return Recomendacion.objects.vigentes_en(corte.ejercicio.anio)


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


def _por_categoria(modelo, corte: Corte, programadas_ids, impactadas_ids) -> list[dict]:
    filas = modelo.objects.annotate(
        declaratoria=Count(
            "recomendaciones", filter=Q(recomendaciones__in=recomendaciones(corte)), distinct=True
        ),
        programadas=Count(
            "recomendaciones", filter=Q(recomendaciones__in=programadas_ids), distinct=True
        ),
        impactadas=Count(
            "recomendaciones", filter=Q(recomendaciones__in=impactadas_ids), distinct=True
        ),
    ).order_by("orden", "nombre")
    return [
        {
            "nombre": fila.nombre,
            "etiqueta": fila.etiqueta,
            "declaratoria": fila.declaratoria,
            "programadas": fila.programadas,
            "impactadas": fila.impactadas,
            "no_impactadas": fila.programadas - fila.impactadas,
            "cobertura": fraccion(fila.impactadas, fila.programadas),
        }
        for fila in filas
    ]


def _menos_cubiertas(filas: list[dict]) -> list[dict]:
    """Categories with programadas not impactadas, least covered first."""
    pendientes = [f for f in filas if f["no_impactadas"] > 0]
    return sorted(pendientes, key=lambda f: (f["cobertura"], -f["no_impactadas"], f["nombre"]))


def calcular_corte(ejercicio: Ejercicio, hasta: Periodo, umbral: float | None = None) -> dict:
    """Every figure of the corte `ejercicio` up to `hasta`, as JSON-ready data."""
    corte = Corte.de(ejercicio, hasta)  # 1 query: the periodos
    return calcular(corte, umbral)


def calcular(corte: Corte, umbral: float | None = None) -> dict:
    if umbral is None:
        umbral = settings.AVGM_UMBRAL_ALTA_RESPUESTA
    recs = recomendaciones(corte)
    programadas_qs = recs.filter(programada(corte))
    programadas_ids = programadas_qs.values("pk")
    impactadas_ids = programadas_qs.filter(impactada(corte)).values("pk")

    # Q: recomendaciones by tipo — in force, programadas, impactadas.
    por_tipo = {
        fila["tipo"]: fila
        for fila in recs.values("tipo").annotate(
            total=Count("pk"),
            programadas=Count("pk", filter=Q(pk__in=programadas_ids)),
            impactadas=Count("pk", filter=Q(pk__in=impactadas_ids)),
        )
    }
    declaratoria = sum(f["total"] for f in por_tipo.values())
    programadas = sum(f["programadas"] for f in por_tipo.values())
    impactadas = sum(f["impactadas"] for f in por_tipo.values())
    tipos = [
        {
            "tipo": valor,
            "nombre": etiqueta,
            "descripcion": str(Recomendacion.TIPO_DESCRIPCION[valor]),
            "declaratoria": por_tipo.get(valor, {}).get("total", 0),
            "programadas": por_tipo.get(valor, {}).get("programadas", 0),
            "impactadas": por_tipo.get(valor, {}).get("impactadas", 0),
        }
        for valor, etiqueta in Recomendacion.Tipo.choices
    ]

    # Q, Q: per modalidad and per eje.
    modalidades = _por_categoria(Modalidad, corte, programadas_ids, impactadas_ids)
    ejes = _por_categoria(EjeTransversal, corte, programadas_ids, impactadas_ids)

    periodos, anual, dependencias = cumplimiento(corte)
    por_dependencia = respuesta(corte, dependencias)
    avance = _avance_de_metas(corte)
    por_tipo_accion = _metas_por_tipo_accion(avance)
    calidad = calidad_por_dependencia(corte)
    ranking = _ranking_recomendaciones(corte, programadas_ids, avance)

    for fila in por_dependencia:
        fila.update(calidad.get(fila["dependencia"], CALIDAD_VACIA))
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
        "valoracion_gim": valoracion_gim(corte, recs, programada(corte), impactada(corte)),
    }


def _avance_de_metas(corte: Corte) -> list[tuple[int, str | None, int, int]]:
    """(meta, tipo de acción, programmed to date, approved accumulated) of metas programmed > 0.

    One query; one small row per meta. No-aplica fichas never count as progress.
    """
    programado = (
        Programacion.objects.filter(meta=OuterRef("pk"), periodo_id__in=corte.periodo_ids)
        .values("meta")
        .annotate(total=Sum("cantidad"))
        .values("total")
    )
    logrado = (
        FichaTecnica.objects.filter(meta=OuterRef("pk"), periodo_id__in=corte.periodo_ids)
        .aprobadas()
        .filter(no_aplica=False)
        .values("meta")
        .annotate(total=Sum("cantidad_alcanzada"))
        .values("total")
    )
    return list(
        metas(corte)
        .annotate(
            programado=Coalesce(Subquery(programado, output_field=IntegerField()), Value(0)),
            logrado=Coalesce(Subquery(logrado, output_field=IntegerField()), Value(0)),
        )
        .filter(programado__gt=0)
        .values_list("pk", "tipo_accion__nombre", "programado", "logrado")
    )


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


def _ranking_recomendaciones(corte: Corte, programadas_ids, avance: list) -> dict:
    """Most and least attended programadas, and those in force without any meta (3 queries)."""
    recs = list(
        recomendaciones(corte)
        .annotate(programada=Exists(programadas_ids.filter(pk=OuterRef("pk"))))
        .annotate(
            fichas_con_avance=Coalesce(
                Subquery(
                    corte.fichas()
                    .con_avance()
                    .filter(meta__recomendaciones=OuterRef("pk"))
                    .order_by()
                    .values("meta__recomendaciones")
                    .annotate(n=Count("pk", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )
        .values("pk", "clave", "texto", "tipo", "programada", "fichas_con_avance")
    )
    # Mean progress of each recomendación's metas: approved accumulated / programmed to date, capped at 1.
    progreso = {pk: min(1.0, logr / prog) for pk, _tipo, prog, logr in avance}
    enlaces = Meta.recomendaciones.through.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True
    ).values_list("recomendacion_id", "meta_id", "meta__dependencia__siglas")
    metas_de: dict[int, list[int]] = defaultdict(list)
    dependencias_de: dict[int, set[str]] = defaultdict(set)
    for rec_id, meta_id, siglas in enlaces:
        metas_de[rec_id].append(meta_id)
        dependencias_de[rec_id].add(siglas)
    filas = []
    sin_meta = []
    for rec in recs:
        if not rec["programada"]:
            sin_meta.append({"clave": rec["clave"], "texto": rec["texto"], "tipo": rec["tipo"]})
            continue
        avances = [progreso[m] for m in metas_de[rec["pk"]] if m in progreso]
        filas.append(
            {
                "clave": rec["clave"],
                "texto": rec["texto"],
                "fichas_con_avance": rec["fichas_con_avance"],
                "avance_medio": sum(avances) / len(avances) if avances else None,
                "metas": len(metas_de[rec["pk"]]),
                "dependencias": sorted(dependencias_de[rec["pk"]]),
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
