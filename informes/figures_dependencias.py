"""The report's figures about metas and dependencias: compliance per periodo, response and
timeliness per dependencia, approval at first try and cycle time (docs/cifras.md)."""

from __future__ import annotations

import statistics
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q

from avgm.numeros import fraccion
from dependencias.models import Programacion
from fichas.models import FichaTecnica, HistorialFicha
from fichas.selectors import respuestas
from informes.corte import Corte


def programadas(corte: Corte):
    """Programación of the ejercicio's active metas with a quantity above 0."""
    return Programacion.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True, cantidad__gt=0
    )


def cumplimiento(corte: Corte) -> tuple[list[dict], dict, list[dict]]:
    """Per periodo and annual: dependencias, metas programadas, fichas reportadas (4 queries)."""
    prog = programadas(corte)
    por_periodo = {
        fila["periodo_id"]: fila
        for fila in prog.filter(periodo_id__in=corte.periodo_ids)
        .values("periodo_id")
        .annotate(
            dependencias=Count("meta__dependencia", distinct=True),
            metas=Count("meta", distinct=True),
        )
    }
    reportadas = corte.fichas().reportadas()
    por_periodo_fichas = {
        fila["periodo_id"]: fila
        for fila in reportadas.values("periodo_id").annotate(
            n=Count("pk"), aprobadas=Count("pk", filter=Q(estado=FichaTecnica.Estado.APROBADA))
        )
    }
    periodos = [
        {
            "periodo": p.clave,
            "etiqueta": p.etiqueta,
            "dependencias": por_periodo.get(p.pk, {}).get("dependencias", 0),
            "metas_programadas": por_periodo.get(p.pk, {}).get("metas", 0),
            "fichas_reportadas": por_periodo_fichas.get(p.pk, {}).get("n", 0),
            "fichas_aprobadas": por_periodo_fichas.get(p.pk, {}).get("aprobadas", 0),
        }
        for p in corte.periodos
    ]
    # Dependencias with a meta programmed in the ejercicio, each with its count of metas.
    dependencias = list(
        prog.values(siglas=F("meta__dependencia__siglas"), nombre=F("meta__dependencia__nombre"))
        .annotate(metas=Count("meta", distinct=True))
        .order_by("siglas")
    )
    fichas_anual = reportadas.aggregate(metas=Count("meta", distinct=True), fichas=Count("pk"))
    anual = {
        "dependencias": len(dependencias),
        "metas_programadas": prog.aggregate(n=Count("meta", distinct=True))["n"],
        "fichas_reportadas": fichas_anual["metas"],
        "fichas_enviadas_en_el_corte": fichas_anual["fichas"],
    }
    return periodos, anual, dependencias


def respuesta(corte: Corte, dependencias: list[dict]) -> list[dict]:
    """Response and timeliness per dependencia and periodo (1 query, `fichas.selectors`)."""
    celdas: dict[str, dict[int, object]] = defaultdict(dict)
    for fila in respuestas(corte.periodos):
        celdas[fila.siglas][fila.periodo_id] = fila
    resultado = []
    for dep in dependencias:
        por_periodo = celdas.get(dep["siglas"], {})
        esperadas = sum(c.programadas for c in por_periodo.values())
        reportadas = sum(c.reportadas for c in por_periodo.values())
        a_tiempo = sum(c.a_tiempo for c in por_periodo.values())
        resultado.append(
            {
                "dependencia": dep["siglas"],
                "nombre": dep["nombre"],
                "periodos": {
                    p.clave: por_periodo[p.pk].respuesta if p.pk in por_periodo else None
                    for p in corte.periodos
                },
                "detalle": {
                    p.clave: {
                        "esperadas": por_periodo[p.pk].programadas if p.pk in por_periodo else 0,
                        "reportadas": por_periodo[p.pk].reportadas if p.pk in por_periodo else 0,
                    }
                    for p in corte.periodos
                },
                "esperadas": esperadas,
                "reportadas": reportadas,
                "corte": fraccion(reportadas, esperadas),
                "a_tiempo": a_tiempo,
                "oportunidad": fraccion(a_tiempo, esperadas),
            }
        )
    return resultado


CALIDAD_VACIA = {
    "aprobadas": 0,
    "aprobadas_a_la_primera": 0,
    "aprobacion_a_la_primera": None,
    "mediana_dias_ciclo": None,
}


def _mediana(valores: list[float]) -> float | None:
    return round(statistics.median(valores), 1) if valores else None


def calidad_por_dependencia(corte: Corte) -> dict:
    """Approval at first try and median cycle days per dependencia (1 query, a row per
    approved ficha). The key None holds the overall median."""
    devuelta = HistorialFicha.objects.filter(
        ficha=OuterRef("pk"), accion=HistorialFicha.Accion.DEVOLVER
    )
    filas = (
        corte.fichas()
        .aprobadas()
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
            "aprobacion_a_la_primera": fraccion(primera[siglas], aprobadas[siglas]),
            "mediana_dias_ciclo": _mediana(dias[siglas]),
        }
        for siglas in aprobadas
    }
    resultado[None] = {"mediana_dias_ciclo": _mediana(dias[None])}
    return resultado
