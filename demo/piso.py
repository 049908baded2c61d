"""The floor `make bench` compares the report's figures with: the headline figures of a corte
computed by hand-written SQL (SQLite and PostgreSQL alike), with no ORM and no Python per row.

It computes the recomendaciones de la declaratoria, programadas and impactadas; per trimestre
the dependencias and metas programadas and the fichas reportadas and aprobadas; per dependencia
the fichas esperadas, reportadas and a tiempo; and the oportunidad (a tiempo / esperadas).
`cifras_del_piso(figuras)` takes the same numbers out of `informes.cifras.figures.calcular`, so a test
can hold the floor to them: a floor that computed less would not be a floor.
"""

from __future__ import annotations

from django.db import connection

from avgm.models import Recomendacion
from dependencias.models import Dependencia, Meta, Programacion
from fichas.models import FichaTecnica, limite_de_entrega
from informes.cifras.corte import Corte

T = {
    "rec": Recomendacion._meta.db_table,
    "enlace": Meta.recomendaciones.through._meta.db_table,
    "meta": Meta._meta.db_table,
    "prog": Programacion._meta.db_table,
    "ficha": FichaTecnica._meta.db_table,
    "dep": Dependencia._meta.db_table,
}


def _filas(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def piso(corte: Corte) -> dict:
    """The headline figures of `corte` in four raw SQL queries."""
    ej, anio = corte.ejercicio.pk, corte.ejercicio.anio
    periodos = corte.periodo_ids
    en = ", ".join(["%s"] * len(periodos))
    metas_del_ejercicio = "m.ejercicio_id = %s AND m.activa"

    # Recomendaciones: in force, linked to an active meta, and with a ficha con avance.
    (declaratoria, programadas, impactadas), *_ = _filas(
        f"""
        WITH vigentes AS (
          SELECT id FROM {T["rec"]}
          WHERE (vigente_desde IS NULL OR vigente_desde <= %s)
            AND (vigente_hasta IS NULL OR vigente_hasta >= %s)),
        enlaces AS (
          SELECT DISTINCT e.recomendacion_id, e.meta_id
          FROM {T["enlace"]} e JOIN {T["meta"]} m ON m.id = e.meta_id
          JOIN vigentes v ON v.id = e.recomendacion_id
          WHERE {metas_del_ejercicio})
        SELECT (SELECT COUNT(*) FROM vigentes),
               (SELECT COUNT(DISTINCT recomendacion_id) FROM enlaces),
               (SELECT COUNT(DISTINCT e.recomendacion_id) FROM enlaces e
                WHERE EXISTS (SELECT 1 FROM {T["ficha"]} f
                              WHERE f.meta_id = e.meta_id AND f.periodo_id IN ({en})
                                AND f.estado = 'aprobada' AND NOT f.no_aplica
                                AND f.cantidad_alcanzada > 0))
        """,  # noqa: S608 - table names from the models, values as parameters
        [anio, anio, ej, *periodos],
    )

    # Per trimestre: dependencias and metas programadas; fichas reportadas and aprobadas.
    programacion = {
        periodo: (deps, metas)
        for periodo, deps, metas in _filas(
            f"""
            SELECT p.periodo_id, COUNT(DISTINCT m.dependencia_id), COUNT(DISTINCT m.id)
            FROM {T["prog"]} p JOIN {T["meta"]} m ON m.id = p.meta_id
            WHERE {metas_del_ejercicio} AND p.cantidad > 0 AND p.periodo_id IN ({en})
            GROUP BY p.periodo_id
            """,  # noqa: S608
            [ej, *periodos],
        )
    }
    fichas = {
        periodo: (reportadas, aprobadas)
        for periodo, reportadas, aprobadas in _filas(
            f"""
            SELECT f.periodo_id, COUNT(*),
                   SUM(CASE WHEN f.estado = 'aprobada' THEN 1 ELSE 0 END)
            FROM {T["ficha"]} f JOIN {T["meta"]} m ON m.id = f.meta_id
            WHERE {metas_del_ejercicio} AND f.estado <> 'borrador' AND f.periodo_id IN ({en})
            GROUP BY f.periodo_id
            """,  # noqa: S608
            [ej, *periodos],
        )
    }

    # Per dependencia with a meta programmed in the ejercicio: fichas esperadas (metas
    # programmed in a periodo of the corte), reportadas, and first submitted before the instant
    # after the deadline day.
    limite = " ".join("WHEN %s THEN %s" for _ in corte.periodos)
    limites = [
        valor
        for p in corte.periodos
        for valor in (
            p.pk,
            connection.ops.adapt_datetimefield_value(limite_de_entrega(p.fecha_limite)),
        )
    ]
    respuesta = {
        siglas: {
            "esperadas": esperadas or 0,
            "reportadas": reportadas or 0,
            "a_tiempo": a_tiempo or 0,
        }
        for siglas, esperadas, reportadas, a_tiempo in _filas(
            f"""
            WITH esperadas AS (
              SELECT m.dependencia_id dep, f.id ficha, f.primer_envio_en envio, p.periodo_id
              FROM {T["prog"]} p JOIN {T["meta"]} m ON m.id = p.meta_id
              LEFT JOIN {T["ficha"]} f
                ON f.meta_id = p.meta_id AND f.periodo_id = p.periodo_id AND f.estado <> 'borrador'
              WHERE {metas_del_ejercicio} AND p.cantidad > 0 AND p.periodo_id IN ({en})),
            dependencias AS (
              SELECT DISTINCT m.dependencia_id dep
              FROM {T["prog"]} p JOIN {T["meta"]} m ON m.id = p.meta_id
              WHERE {metas_del_ejercicio} AND p.cantidad > 0)
            SELECT d.siglas, COUNT(e.dep), COUNT(e.ficha),
                   SUM(CASE WHEN e.envio < (CASE e.periodo_id {limite} END) THEN 1 ELSE 0 END)
            FROM dependencias x JOIN {T["dep"]} d ON d.id = x.dep
            LEFT JOIN esperadas e ON e.dep = x.dep
            GROUP BY d.siglas
            """,  # noqa: S608
            [ej, *periodos, ej, *limites],
        )
    }
    esperadas = sum(r["esperadas"] for r in respuesta.values())
    a_tiempo = sum(r["a_tiempo"] for r in respuesta.values())
    return {
        "recomendaciones": {
            "declaratoria": declaratoria,
            "programadas": programadas,
            "impactadas": impactadas,
        },
        "periodos": [
            {
                "periodo": p.clave,
                "dependencias": programacion.get(p.pk, (0, 0))[0],
                "metas_programadas": programacion.get(p.pk, (0, 0))[1],
                "fichas_reportadas": fichas.get(p.pk, (0, 0))[0],
                "fichas_aprobadas": fichas.get(p.pk, (0, 0))[1] or 0,
            }
            for p in corte.periodos
        ],
        "respuesta_por_dependencia": respuesta,
        "oportunidad": {"esperadas": esperadas, "a_tiempo": a_tiempo},
    }


def cifras_del_piso(figuras: dict) -> dict:
    """The figures the floor computes, taken from `informes.cifras.figures.calcular`'s result."""
    return {
        "recomendaciones": {
            k: figuras["recomendaciones"][k] for k in ("declaratoria", "programadas", "impactadas")
        },
        "periodos": [
            {
                k: p[k]
                for k in (
                    "periodo",
                    "dependencias",
                    "metas_programadas",
                    "fichas_reportadas",
                    "fichas_aprobadas",
                )
            }
            for p in figuras["periodos"]
        ],
        "respuesta_por_dependencia": {
            f["dependencia"]: {k: f[k] for k in ("esperadas", "reportadas", "a_tiempo")}
            for f in figuras["respuesta_por_dependencia"]
        },
        "oportunidad": {k: figuras["oportunidad"][k] for k in ("esperadas", "a_tiempo")},
    }
