"""The report's figures about metas and dependencias: compliance per periodo, response and
timeliness per dependencia, approval at first try and cycle time (docs/cifras.md)."""

from __future__ import annotations

import statistics
from collections import defaultdict

from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Q

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
    anual = {
        "dependencias": len(dependencias),
        # A meta belongs to one dependencia: the per-dependencia counts add up without repeats.
        "metas_programadas": sum(d["metas"] for d in dependencias),
        "fichas_reportadas": reportadas.aggregate(metas=Count("meta", distinct=True))["metas"],
        "fichas_enviadas_en_el_corte": sum(f["n"] for f in por_periodo_fichas.values()),
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


class DiasEntre(Func):
    """Days (a float) from `inicio` to `fin`, computed by the database: SQLite's julianday()
    and PostgreSQL's epoch, so no datetime is parsed in Python row by row."""

    output_field = FloatField()
    arity = 2

    def __init__(self, inicio, fin, **extra) -> None:
        super().__init__(inicio, fin, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def calidad_por_dependencia(corte: Corte) -> dict:
    """Approval at first try and median cycle days per dependencia (1 query, a row of three
    plain values per approved ficha; the cycle days come from the database). The key None
    holds the overall median."""
    devuelta = HistorialFicha.objects.filter(
        ficha=OuterRef("pk"), accion=HistorialFicha.Accion.DEVOLVER
    )
    filas = (
        corte.fichas()
        .aprobadas()
        .annotate(devuelta=Exists(devuelta), dias=DiasEntre("aprobada_en", "primer_envio_en"))
        .order_by()
        .values_list("meta__dependencia__siglas", "devuelta", "dias")
    )
    aprobadas: dict[str, int] = defaultdict(int)
    primera: dict[str, int] = defaultdict(int)
    dias: dict[str | None, list[float]] = defaultdict(list)
    for siglas, fue_devuelta, duracion in filas:
        aprobadas[siglas] += 1
        if not fue_devuelta:
            primera[siglas] += 1
        if duracion is not None:
            duracion = round(duracion * 86400) / 86400  # whole seconds, as the dates are kept
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
