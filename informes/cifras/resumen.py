"""The key figures a director reads first: the report's summary box (cover / page 2).

Everything here is read from the corte's figures (`informes.cifras.figures.calcular`, plus the
comparison with the previous corte when present); nothing is computed anew, so the box never
disagrees with the tables below it.
"""

from __future__ import annotations

from avgm.numeros import fraccion

AREAS_EN_RESUMEN = 3


def dependencias_que_reportaron(figuras: dict) -> tuple[int, int]:
    """(dependencias that sent at least one ficha of a meta programmed in the corte,
    dependencias with metas programmed in the corte)."""
    con_metas = [d for d in figuras["respuesta_por_dependencia"] if d["esperadas"] > 0]
    return sum(1 for d in con_metas if d["reportadas"] > 0), len(con_metas)


def areas_menos_cubiertas(figuras: dict, cuantas: int = AREAS_EN_RESUMEN) -> list[dict]:
    """The least covered modalidades and ejes together, as `areas_deficientes` orders them."""
    areas = [
        {**a, "tipo": tipo}
        for tipo, clave in (("Modalidad", "por_modalidad"), ("Eje", "por_eje"))
        for a in figuras["areas_deficientes"][clave]
    ]
    areas.sort(key=lambda a: (a["cobertura"] or 0, -a["no_impactadas"], a["nombre"]))
    return areas[:cuantas]


def _cambio(figuras: dict, clave: str) -> dict | None:
    """The comparison row `clave` (see `informes.cifras.comparacion.INDICADORES`), if compared."""
    comparacion = figuras.get("comparacion")
    if not comparacion:
        return None
    return next((f for f in comparacion["filas"] if f.get("clave") == clave), None)


def resumen(figuras: dict) -> dict:
    """The summary box's figures, JSON-ready."""
    r = figuras["recomendaciones"]
    reportaron, con_metas = dependencias_que_reportaron(figuras)
    comparacion = figuras.get("comparacion")
    return {
        "impactadas": r["impactadas"],
        "programadas": r["programadas"],
        "avance": r["avance"],
        "corte_anterior": comparacion["etiqueta"] if comparacion else None,
        "cambio_impactadas": _cambio(figuras, "impactadas"),
        "cambio_avance": _cambio(figuras, "avance"),
        "dependencias_reportaron": reportaron,
        "dependencias_con_metas": con_metas,
        "fraccion_dependencias_reportaron": fraccion(reportaron, con_metas),
        "oportunidad": figuras["oportunidad"]["fraccion"],
        "areas_menos_cubiertas": [
            {
                "tipo": a["tipo"],
                "nombre": a["nombre"],
                "programadas": a["programadas"],
                "impactadas": a["impactadas"],
                "cobertura": a["cobertura"],
            }
            for a in areas_menos_cubiertas(figuras)
        ],
    }
