"""The report's figures about metas and dependencias: compliance per periodo, response and
timeliness per dependencia, approval at first try and cycle time (docs/cifras.md)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from itertools import chain
from operator import itemgetter

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    FloatField,
    Func,
    Q,
    Sum,
)

from avgm.numeros import fraccion
from dependencias.models import Dependencia, Meta
from fichas.models import HistorialFicha
from fichas.selectors import Respuesta
from informes.cifras.corte import Corte, filas


def metas_programadas(corte: Corte) -> list[tuple[int, int | None, int, int | None]]:
    """(meta, tipo de acción, dependencia, quantity programmed in the corte) of each of the
    ejercicio's active metas with a quantity above 0 in some periodo (1 query, grouped by meta).

    The quantity in the corte is None when nothing of the meta falls in the corte's periodos;
    quantities are never negative, so above 0 in the corte means programmed in the corte.
    """
    return filas(
        # Grouped by the meta's own key, in the order the ejercicio's metas are read: no sort.
        Meta.objects.filter(ejercicio=corte.ejercicio, activa=True, programacion__cantidad__gt=0)
        .values("pk", "tipo_accion_id", "dependencia_id")
        .annotate(
            en_el_corte=Sum(
                "programacion__cantidad", filter=Q(programacion__periodo_id__in=corte.periodo_ids)
            )
        )
        .order_by()
        .values_list("pk", "tipo_accion_id", "dependencia_id", "en_el_corte")
    )


def catalogo_de_dependencias(corte: Corte) -> list[tuple[int, str, str]]:
    """(id, siglas, nombre) of every dependencia of the corte's municipio, in the database's
    order of siglas (unique per municipio): the names the figures put on the ids they count by
    (1 query, a few hundred rows)."""
    return list(
        Dependencia.objects.filter(municipio_id=corte.ejercicio.municipio_id)
        .order_by("siglas")
        .values_list("pk", "siglas", "nombre")
    )


def cumplimiento(
    corte: Corte,
    celdas: list[Respuesta],
    programadas: list[tuple[int, int | None, int, int | None]],
    catalogo: list[tuple[int, str, str]],
    metas_reportadas: int,
    enviadas: dict[int, int],
    aprobadas: dict[int, int],
) -> tuple[list[dict], dict, list[dict]]:
    """Per periodo and annual: dependencias, metas programadas, fichas reportadas (no query).

    `celdas` are the corte's response rows (`fichas.selectors.respuestas`): one per dependencia
    with metas programmed in a periodo, counting them; a meta is programmed once per periodo,
    so they give each periodo's dependencias and metas programadas without reading the
    programación again. `programadas`: `metas_programadas(corte)`, whose dependencias are the
    ones with a meta programmed in the ejercicio, named from `catalogo_de_dependencias(corte)`.
    `metas_reportadas`: the metas with a submitted ficha in the corte. `enviadas` and
    `aprobadas`: the submitted and the approved fichas of each periodo of the corte, counted
    where the corte's fichas are already read (progress per meta, approval quality).
    """
    por_periodo: dict[int, dict[str, int]] = defaultdict(lambda: {"dependencias": 0, "metas": 0})
    for celda in celdas:
        por_periodo[celda.periodo_id]["dependencias"] += 1
        por_periodo[celda.periodo_id]["metas"] += celda.programadas
    periodos = [
        {
            "periodo": p.clave,
            "etiqueta": p.etiqueta,
            "dependencias": por_periodo[p.pk]["dependencias"] if p.pk in por_periodo else 0,
            "metas_programadas": por_periodo[p.pk]["metas"] if p.pk in por_periodo else 0,
            "fichas_reportadas": enviadas.get(p.pk, 0),
            "fichas_aprobadas": aprobadas.get(p.pk, 0),
        }
        for p in corte.periodos
    ]
    # Dependencias with a meta programmed in the ejercicio, each with its count of metas, in the
    # catalog's order.
    metas_por_dependencia = Counter(dependencia for _meta, _tipo, dependencia, _c in programadas)
    dependencias = [
        {
            "dependencia_id": pk,
            "siglas": siglas,
            "nombre": nombre,
            "metas": metas_por_dependencia[pk],
        }
        for pk, siglas, nombre in catalogo
        if pk in metas_por_dependencia
    ]
    anual = {
        "dependencias": len(dependencias),
        # A meta belongs to one dependencia: the per-dependencia counts add up without repeats.
        "metas_programadas": sum(d["metas"] for d in dependencias),
        "fichas_reportadas": metas_reportadas,
        "fichas_enviadas_en_el_corte": sum(enviadas.values()),
    }
    return periodos, anual, dependencias


def respuesta(corte: Corte, dependencias: list[dict], celdas: list[Respuesta]) -> list[dict]:
    """Response and timeliness per dependencia and periodo, from the corte's response rows
    (`fichas.selectors.respuestas`, read once for this and `cumplimiento`)."""
    por_dependencia: dict[int, dict[int, Respuesta]] = defaultdict(dict)
    for celda in celdas:
        por_dependencia[celda.pk][celda.periodo_id] = celda
    periodos = [(p.pk, p.clave) for p in corte.periodos]
    resultado = []
    for dep in dependencias:
        por_periodo = por_dependencia.get(dep["dependencia_id"], {})
        esperadas = sum(c.programadas for c in por_periodo.values())
        reportadas = sum(c.reportadas for c in por_periodo.values())
        a_tiempo = sum(c.a_tiempo for c in por_periodo.values())
        resultado.append(
            {
                "dependencia": dep["siglas"],
                "nombre": dep["nombre"],
                "periodos": {
                    clave: por_periodo[pk].respuesta if pk in por_periodo else None
                    for pk, clave in periodos
                },
                "detalle": {
                    clave: {
                        "esperadas": por_periodo[pk].programadas if pk in por_periodo else 0,
                        "reportadas": por_periodo[pk].reportadas if pk in por_periodo else 0,
                    }
                    for pk, clave in periodos
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
    and PostgreSQL's epoch, so no datetime is parsed in Python row by row. PostgreSQL's
    date_part gives a double precision, not EXTRACT's numeric, which is slower to compute and
    to read (a Decimal per row)."""

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
            template="(date_part('epoch', %(expressions)s) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def calidad_por_dependencia(corte: Corte) -> dict:
    """Approval at first try and median cycle days per dependencia, by its id (1 query, a row
    of four plain values per approved ficha; the cycle days come from the database). The key
    None holds the overall median and the approved fichas of each periodo (a Counter)."""
    # Returned fichas as one set the database builds once (a hashed subplan in PostgreSQL), not
    # an EXISTS per row: its estimated cost made PostgreSQL JIT-compile the query, which cost
    # more than running it.
    devueltas = HistorialFicha.objects.filter(accion=HistorialFicha.Accion.DEVOLVER).values(
        "ficha_id"
    )
    aprobadas_del_corte = filas(
        corte.fichas()
        .aprobadas()
        .annotate(
            devuelta=ExpressionWrapper(Q(pk__in=devueltas), output_field=BooleanField()),
            dias=DiasEntre("aprobada_en", "primer_envio_en"),
        )
        .order_by()
        .values_list("meta__dependencia_id", "devuelta", "dias", "periodo_id")
    )
    aprobadas: dict[int, int] = defaultdict(int)
    primera: dict[int, int] = defaultdict(int)
    dias: dict[int, list[float]] = defaultdict(list)
    for dependencia, fue_devuelta, duracion, _periodo in aprobadas_del_corte:
        aprobadas[dependencia] += 1
        if not fue_devuelta:
            primera[dependencia] += 1
        if duracion is not None:
            # Whole seconds, as the dates are kept.
            dias[dependencia].append(round(duracion * 86400) / 86400)
    resultado: dict = {
        dependencia: {
            "aprobadas": aprobadas[dependencia],
            "aprobadas_a_la_primera": primera[dependencia],
            "aprobacion_a_la_primera": fraccion(primera[dependencia], aprobadas[dependencia]),
            "mediana_dias_ciclo": _mediana(dias[dependencia]),
        }
        for dependencia in aprobadas
    }
    # The median does not depend on the order of the values: all of them, in any order.
    resultado[None] = {
        "mediana_dias_ciclo": _mediana(list(chain.from_iterable(dias.values()))),
        "aprobadas_por_periodo": Counter(map(itemgetter(3), aprobadas_del_corte)),
    }
    return resultado
