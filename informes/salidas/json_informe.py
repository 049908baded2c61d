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
from informes.cifras.cambios import cambios_desde_publicacion
from informes.cifras.resumen import resumen

VERSION_ESQUEMA = "1.1.0"
ESQUEMA = Path(__file__).resolve().parents[1] / "esquemas" / "informe-corte.schema.json"
# Top-level keys that describe the document rather than hold figures.
METADATOS = {"esquema", "estado", "corte", "definiciones", "cambios_desde_publicacion"}
# Kept with a published version for the micrositio, which reads it only through the frozen
# suppression pattern (`informes.divulgacion`): its raw counts of people never leave here.
NO_PUBLICABLES = {"publico"}


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


def _cambios(cambios: dict | None) -> dict | None:
    """`informes.cifras.cambios.cambios_desde_publicacion` as JSON: the same rows, in the same
    order, as the draft page, PDF and Excel print."""
    if cambios is None:
        return None
    return {
        "version": cambios["version"],
        "publicado_en": cambios["publicado_en"].isoformat(),
        "cifras_comparadas": cambios["cifras_comparadas"],
        "filas": cambios["filas"],
    }


def documento(figuras: dict, *, ejercicio_id: int | None = None, publicado=None) -> dict:
    """The JSON-ready document of a corte's figures (`figuras` with its comparison).

    A draft (`publicado` None) of ejercicio `ejercicio_id` names the last published version of
    its corte and carries `cambios_desde_publicacion`; a published version carries neither:
    it is that version.
    """
    if publicado is None:
        if ejercicio_id is None:
            raise ValueError("A draft's document needs its ejercicio.")
        cambios = cambios_desde_publicacion(figuras, ejercicio_id)
        estado = {
            "borrador": True,
            "version_publicada": cambios["version"] if cambios else None,
            "publicado_en": cambios["publicado_en"].isoformat() if cambios else None,
        }
        extra = {"cambios_desde_publicacion": _cambios(cambios)}
    else:
        estado = {
            "borrador": False,
            "version_publicada": publicado.version,
            "publicado_en": publicado.publicado_en.isoformat(),
        }
        extra = {}
    return {
        "esquema": {"nombre": "informe-corte", "version": VERSION_ESQUEMA},
        "estado": estado,
        **{k: v for k, v in figuras.items() if k not in NO_PUBLICABLES},
        **extra,
        "respuesta_por_dependencia": [_con_alias(f) for f in figuras["respuesta_por_dependencia"]],
        "comparacion": figuras.get("comparacion"),
        "comparacion_con_corte_anterior": _comparacion_numerica(figuras),
        "resumen": resumen(figuras),
        "definiciones": definiciones.como_dict(),
    }


def como_bytes(figuras: dict, *, ejercicio_id: int | None = None, publicado=None) -> bytes:
    datos = documento(figuras, ejercicio_id=ejercicio_id, publicado=publicado)
    return (json.dumps(datos, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
