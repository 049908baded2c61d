"""Every figure of the Informe de corte (DESIGN.md §4), computed with a fixed number of queries.

A corte is an ejercicio plus its periodos up to a chosen one. Progress counts approved fichas
only; "reported" counts every submitted ficha (any state but borrador). Aggregation happens in
the database; the few figures that need a median or a ranking read one small row per meta or
per approved ficha, never a query per row. `calcular_corte` returns plain, JSON-ready data that
the HTML, PDF and Excel reports all read.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
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
from fichas.models import FichaTecnica, HistorialFicha

Aprobada = FichaTecnica.Estado.APROBADA
Borrador = FichaTecnica.Estado.BORRADOR

# Short definitions shown beside each figure (hover/focus in the report, headers in Excel).
DEFINICIONES = {
    "declaratoria": "Recomendaciones de la declaratoria vigentes en el ejercicio.",
    "programadas": "Recomendaciones vigentes vinculadas al menos a una meta del ejercicio.",
    "impactadas": (
        "Recomendaciones programadas con al menos una meta que tiene una ficha aprobada con "
        "cantidad mayor que 0 en un periodo del corte."
    ),
    "avance": "Impactadas entre programadas, con un decimal (redondeo hacia arriba en .5).",
    "impactadas_por_categoria": (
        "Una recomendación cuenta una vez en cada modalidad o eje al que pertenece."
    ),
    "dependencias_periodo": "Dependencias con al menos una meta programada (cantidad > 0) en el periodo.",
    "metas_programadas": "Metas con cantidad programada mayor que 0 en el periodo.",
    "fichas_reportadas": "Fichas del periodo enviadas al menos una vez (cualquier estado salvo borrador).",
    "dependencias_anual": "Dependencias con al menos una meta programada en el ejercicio.",
    "metas_anual": "Metas con cantidad programada mayor que 0 en algún periodo del ejercicio.",
    "fichas_anual": "Metas con al menos una ficha enviada en el corte.",
    "cumplidas": (
        "Metas con cantidad programada al corte mayor que 0 cuya cantidad aprobada acumulada la alcanza."
    ),
    "con_avance": "Metas con cantidad aprobada acumulada mayor que 0 pero menor que la programada al corte.",
    "respuesta": (
        "Fichas enviadas de metas programadas en el periodo entre metas programadas en el periodo; "
        "en el corte, la suma de ambos en sus periodos."
    ),
    "alta_respuesta": "Dependencias cuya respuesta en el corte alcanza el umbral configurado.",
    "areas_deficientes": (
        "Recomendaciones programadas no impactadas, por modalidad y por eje; primero las de menor cobertura."
    ),
    "oportunidad": (
        "Fichas esperadas cuyo primer envío fue a más tardar en la fecha límite, entre fichas esperadas."
    ),
    "aprobacion_primera": "Fichas aprobadas sin ninguna devolución entre fichas aprobadas.",
    "tiempo_ciclo": "Mediana de días entre el primer envío y la aprobación.",
    "menos_atendidas": (
        "Programadas ordenadas por fichas aprobadas con avance y luego por avance medio de sus metas."
    ),
    "sin_meta": "Recomendaciones vigentes sin ninguna meta en el ejercicio.",
}


@dataclass(frozen=True)
class Corte:
    """An ejercicio and its periodos up to `hasta` (Ene–Jun 2022 = 2022 T1 + T2)."""

    ejercicio: Ejercicio
    hasta: Periodo
    periodos: tuple[Periodo, ...]

    @classmethod
    def de(cls, ejercicio: Ejercicio, hasta: Periodo) -> Corte:
        periodos = tuple(ejercicio.periodos.filter(numero__lte=hasta.numero).order_by("numero"))
        return cls(ejercicio=ejercicio, hasta=hasta, periodos=periodos)

    @classmethod
    def buscar(cls, anio: int, hasta: str) -> Corte:
        """The corte of year `anio` up to "T2" (raises Periodo.DoesNotExist)."""
        numero = int(hasta.upper().lstrip("T"))
        hasta_periodo = Periodo.objects.select_related("ejercicio").get(
            ejercicio__anio=anio, numero=numero
        )
        return cls.de(hasta_periodo.ejercicio, hasta_periodo)

    @property
    def etiqueta(self) -> str:
        """«Ene–Jun 2022», from the periodos' dates."""
        primero, ultimo = self.periodos[0], self.periodos[-1]
        return f"{primero.etiqueta.split('–')[0]}–{ultimo.etiqueta.split('–')[1]}"

    @property
    def periodo_ids(self) -> list[int]:
        return [p.pk for p in self.periodos]


def _metas(corte: Corte) -> QuerySet[Meta]:
    return Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)


def _recomendaciones(corte: Corte) -> QuerySet[Recomendacion]:
    return Recomendacion.objects.vigentes_en(corte.ejercicio.anio)


def _programada(corte: Corte) -> Exists:
    """A recomendación linked to at least one active meta of the ejercicio."""
    return Exists(
        Meta.recomendaciones.through.objects.filter(
            recomendacion=OuterRef("pk"), meta__ejercicio=corte.ejercicio, meta__activa=True
        )
    )


def _impactada(corte: Corte) -> Exists:
    """Linked to a meta with an approved ficha of quantity > 0 in a periodo of the corte."""
    fichas = FichaTecnica.objects.filter(
        meta=OuterRef("meta"),
        periodo_id__in=corte.periodo_ids,
        estado=Aprobada,
        no_aplica=False,
        cantidad_alcanzada__gt=0,
    )
    return Exists(
        Meta.recomendaciones.through.objects.filter(
            recomendacion=OuterRef("pk"), meta__ejercicio=corte.ejercicio, meta__activa=True
        ).filter(Exists(fichas))
    )


def _por_categoria(modelo, corte: Corte, programadas_ids, impactadas_ids) -> list[dict]:
    filas = modelo.objects.annotate(
        declaratoria=Count(
            "recomendaciones", filter=Q(recomendaciones__in=_recomendaciones(corte)), distinct=True
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
            "cobertura": _redondear(fraccion(fila.impactadas, fila.programadas)),
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
    recs = _recomendaciones(corte)
    programadas_qs = recs.filter(_programada(corte))
    programadas_ids = programadas_qs.values("pk")
    impactadas_ids = programadas_qs.filter(_impactada(corte)).values("pk")

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

    periodos, anual, dependencias = _cumplimiento(corte)
    respuesta = _respuesta(corte, dependencias)
    avance = _avance_de_metas(corte)
    metas = _metas_por_tipo_accion(avance)
    calidad = _calidad_por_dependencia(corte)
    ranking = _ranking_recomendaciones(corte, programadas_ids, avance)

    for fila in respuesta:
        fila.update(calidad.get(fila["dependencia"], _CALIDAD_VACIA))
    alta = [f["dependencia"] for f in respuesta if f["corte"] is not None and f["corte"] >= umbral]
    esperadas = sum(f["esperadas"] for f in respuesta)
    a_tiempo = sum(f["a_tiempo"] for f in respuesta)
    aprobadas = sum(f["aprobadas"] for f in respuesta)
    primera = sum(f["aprobadas_a_la_primera"] for f in respuesta)

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
            "avance": _redondear(fraccion(impactadas, programadas)),
        },
        "recomendaciones_por_tipo": tipos,
        "impactadas_por_modalidad": {f["nombre"]: f["impactadas"] for f in modalidades},
        "impactadas_por_eje": {f["nombre"]: f["impactadas"] for f in ejes},
        "modalidades": modalidades,
        "ejes": ejes,
        "periodos": periodos,
        "anual": anual,
        "metas_por_tipo_accion": metas,
        "respuesta_por_dependencia": respuesta,
        "dependencias_alta_respuesta": alta,
        "areas_deficientes": {
            "por_modalidad": _menos_cubiertas(modalidades),
            "por_eje": _menos_cubiertas(ejes),
        },
        "oportunidad": {
            "esperadas": esperadas,
            "a_tiempo": a_tiempo,
            "fraccion": _redondear(fraccion(a_tiempo, esperadas)),
        },
        "aprobacion_a_la_primera": {
            "aprobadas": aprobadas,
            "a_la_primera": primera,
            "fraccion": _redondear(fraccion(primera, aprobadas)),
        },
        "tiempo_de_ciclo": {"mediana_dias": calidad.get(None, {}).get("mediana_dias_ciclo")},
        "recomendaciones_mas_atendidas": ranking["mas"],
        "recomendaciones_menos_atendidas": ranking["menos"],
        "recomendaciones_sin_meta": ranking["sin_meta"],
    }


def _redondear(valor: float | None) -> float | None:
    return None if valor is None else round(valor, 4)


def _cumplimiento(corte: Corte) -> tuple[list[dict], dict, list[dict]]:
    """Per periodo and annual: dependencias, metas programadas, fichas reportadas (4 queries)."""
    programadas = Programacion.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True, cantidad__gt=0
    )
    por_periodo = {
        fila["periodo_id"]: fila
        for fila in programadas.filter(periodo_id__in=corte.periodo_ids)
        .values("periodo_id")
        .annotate(
            dependencias=Count("meta__dependencia", distinct=True),
            metas=Count("meta", distinct=True),
        )
    }
    reportadas = {
        fila["periodo_id"]: fila
        for fila in FichaTecnica.objects.filter(
            meta__ejercicio=corte.ejercicio, meta__activa=True, periodo_id__in=corte.periodo_ids
        )
        .reportadas()
        .values("periodo_id")
        .annotate(n=Count("pk"), aprobadas=Count("pk", filter=Q(estado=Aprobada)))
    }
    periodos = [
        {
            "periodo": p.clave,
            "etiqueta": p.etiqueta,
            "dependencias": por_periodo.get(p.pk, {}).get("dependencias", 0),
            "metas_programadas": por_periodo.get(p.pk, {}).get("metas", 0),
            "fichas_reportadas": reportadas.get(p.pk, {}).get("n", 0),
            "fichas_aprobadas": reportadas.get(p.pk, {}).get("aprobadas", 0),
        }
        for p in corte.periodos
    ]
    # Dependencias with a meta programmed in the ejercicio, each with its count of metas.
    dependencias = list(
        programadas.values(
            siglas=F("meta__dependencia__siglas"), nombre=F("meta__dependencia__nombre")
        )
        .annotate(metas=Count("meta", distinct=True))
        .order_by("siglas")
    )
    anual_metas = programadas.aggregate(n=Count("meta", distinct=True))["n"]
    fichas_anual = (
        FichaTecnica.objects.filter(
            meta__ejercicio=corte.ejercicio, meta__activa=True, periodo_id__in=corte.periodo_ids
        )
        .reportadas()
        .aggregate(metas=Count("meta", distinct=True), fichas=Count("pk"))
    )
    anual = {
        "dependencias": len(dependencias),
        "metas_programadas": anual_metas,
        "fichas_reportadas": fichas_anual["metas"],
        "fichas_enviadas_en_el_corte": fichas_anual["fichas"],
    }
    return periodos, anual, dependencias


def _respuesta(corte: Corte, dependencias: list[dict]) -> list[dict]:
    """Response and timeliness per dependencia and periodo (1 query)."""
    enviada = FichaTecnica.objects.filter(
        meta=OuterRef("meta"), periodo=OuterRef("periodo")
    ).exclude(estado=Borrador)
    filas = (
        Programacion.objects.filter(
            meta__ejercicio=corte.ejercicio,
            meta__activa=True,
            cantidad__gt=0,
            periodo_id__in=corte.periodo_ids,
        )
        .values(siglas=F("meta__dependencia__siglas"), periodo_num=F("periodo__numero"))
        .annotate(
            esperadas=Count("pk"),
            reportadas=Count("pk", filter=Exists(enviada)),
            a_tiempo=Count(
                "pk",
                filter=Exists(
                    enviada.filter(primer_envio_en__date__lte=OuterRef("periodo__fecha_limite"))
                ),
            ),
        )
    )
    celdas: dict[str, dict[int, dict]] = defaultdict(dict)
    for fila in filas:
        celdas[fila["siglas"]][fila["periodo_num"]] = fila
    resultado = []
    for dep in dependencias:
        por_periodo = celdas.get(dep["siglas"], {})
        esperadas = sum(c["esperadas"] for c in por_periodo.values())
        reportadas = sum(c["reportadas"] for c in por_periodo.values())
        a_tiempo = sum(c["a_tiempo"] for c in por_periodo.values())
        resultado.append(
            {
                "dependencia": dep["siglas"],
                "nombre": dep["nombre"],
                "periodos": {
                    p.clave: _redondear(
                        fraccion(
                            por_periodo.get(p.numero, {}).get("reportadas", 0),
                            por_periodo.get(p.numero, {}).get("esperadas", 0),
                        )
                    )
                    for p in corte.periodos
                },
                "detalle": {
                    p.clave: {
                        "esperadas": por_periodo.get(p.numero, {}).get("esperadas", 0),
                        "reportadas": por_periodo.get(p.numero, {}).get("reportadas", 0),
                    }
                    for p in corte.periodos
                },
                "esperadas": esperadas,
                "reportadas": reportadas,
                "corte": _redondear(fraccion(reportadas, esperadas)),
                "a_tiempo": a_tiempo,
                "oportunidad": _redondear(fraccion(a_tiempo, esperadas)),
            }
        )
    return resultado


_CALIDAD_VACIA = {
    "aprobadas": 0,
    "aprobadas_a_la_primera": 0,
    "aprobacion_a_la_primera": None,
    "mediana_dias_ciclo": None,
}


def _calidad_por_dependencia(corte: Corte) -> dict:
    """Approval at first try and median cycle days per dependencia (1 query, a row per approved ficha).

    The key None holds the overall median.
    """
    devuelta = HistorialFicha.objects.filter(
        ficha=OuterRef("pk"), accion=HistorialFicha.Accion.DEVOLVER
    )
    filas = (
        FichaTecnica.objects.filter(
            meta__ejercicio=corte.ejercicio,
            meta__activa=True,
            periodo_id__in=corte.periodo_ids,
            estado=Aprobada,
        )
        .annotate(devuelta=Exists(devuelta))
        .values_list("meta__dependencia__siglas", "devuelta", "primer_envio_en", "aprobada_en")
    )
    aprobadas: dict[str, int] = defaultdict(int)
    primera: dict[str, int] = defaultdict(int)
    dias: dict[str | None, list[float]] = defaultdict(list)
    for siglas, fue_devuelta, primer_envio, aprobada in filas:
        aprobadas[siglas] += 1
        if not fue_devuelta:
            primera[siglas] += 1
        if primer_envio and aprobada:
            duracion = (aprobada - primer_envio).total_seconds() / 86400
            dias[siglas].append(duracion)
            dias[None].append(duracion)
    resultado: dict = {
        siglas: {
            "aprobadas": aprobadas[siglas],
            "aprobadas_a_la_primera": primera[siglas],
            "aprobacion_a_la_primera": _redondear(fraccion(primera[siglas], aprobadas[siglas])),
            "mediana_dias_ciclo": _mediana(dias[siglas]),
        }
        for siglas in aprobadas
    }
    resultado[None] = {"mediana_dias_ciclo": _mediana(dias[None])}
    return resultado


def _mediana(valores: list[float]) -> float | None:
    return round(statistics.median(valores), 1) if valores else None


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
        FichaTecnica.objects.filter(
            meta=OuterRef("pk"), periodo_id__in=corte.periodo_ids, estado=Aprobada, no_aplica=False
        )
        .values("meta")
        .annotate(total=Sum("cantidad_alcanzada"))
        .values("total")
    )
    return list(
        _metas(corte)
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
        _recomendaciones(corte)
        .annotate(programada=Exists(programadas_ids.filter(pk=OuterRef("pk"))))
        .annotate(
            fichas_con_avance=Count(
                "metas__fichas",
                filter=Q(
                    metas__ejercicio=corte.ejercicio,
                    metas__activa=True,
                    metas__fichas__periodo_id__in=corte.periodo_ids,
                    metas__fichas__estado=Aprobada,
                    metas__fichas__no_aplica=False,
                    metas__fichas__cantidad_alcanzada__gt=0,
                ),
                distinct=True,
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
                "avance_medio": _redondear(sum(avances) / len(avances)) if avances else None,
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
