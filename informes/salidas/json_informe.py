"""The report as JSON: the figures, their definitions, and what a reader needs to trust them.

The document follows `informes/esquemas/informe-corte.schema.json` (its `version` is
`VERSION_ESQUEMA`): every key, the range of each fraction (0–1), whether it is a draft or
which published version, and the comparison with the previous corte. The keys the JSON had
before the schema stay; clearer names are added beside them (e.g. a dependencia's
`respuesta_en_el_corte` beside `corte`).
"""

from __future__ import annotations

import json
from pathlib import Path

from informes.cifras import definiciones
from informes.cifras.resumen import resumen

VERSION_ESQUEMA = "1.0.0"
ESQUEMA = Path(__file__).resolve().parents[1] / "esquemas" / "informe-corte.schema.json"
# Top-level keys that describe the document rather than hold figures.
METADATOS = {"esquema", "estado", "corte", "definiciones"}


def _comparacion_numerica(figuras: dict) -> dict | None:
    comparacion = figuras.get("comparacion")
    if not comparacion:
        return None
    return {
        "corte_anterior": comparacion["etiqueta"],
        "indicadores": [
            {
                "clave": f["clave"],
                "nombre": f["nombre"],
                "tipo": f["tipo"],
                "actual": f["valor_actual"],
                "anterior": f["valor_anterior"],
            }
            for f in comparacion["filas"]
            if "clave" in f
        ],
    }


def _con_alias(fila: dict) -> dict:
    """A dependencia's row with names that say what they are, beside the old ones."""
    return {
        **fila,
        "respuesta_en_el_corte": fila["corte"],
        "respuesta_por_periodo": fila["periodos"],
        "fichas_esperadas": fila["esperadas"],
        "fichas_reportadas": fila["reportadas"],
    }


def documento(figuras: dict, *, publicado=None) -> dict:
    """The JSON-ready document of a corte's figures (`figuras` with its comparison)."""
    return {
        "esquema": {"nombre": "informe-corte", "version": VERSION_ESQUEMA},
        "estado": {
            "borrador": publicado is None,
            "version_publicada": publicado.version if publicado else None,
            "publicado_en": publicado.publicado_en.isoformat() if publicado else None,
        },
        **figuras,
        "respuesta_por_dependencia": [_con_alias(f) for f in figuras["respuesta_por_dependencia"]],
        "comparacion": figuras.get("comparacion"),
        "comparacion_con_corte_anterior": _comparacion_numerica(figuras),
        "resumen": resumen(figuras),
        "definiciones": definiciones.como_dict(),
    }


def como_bytes(figuras: dict, *, publicado=None) -> bytes:
    datos = documento(figuras, publicado=publicado)
    return (json.dumps(datos, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
