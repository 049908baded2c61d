"""Starting texts the data suggests for the narrative; the analista edits them.

Only words come from here: the report's figures are always computed, never typed.
"""

from __future__ import annotations

from avgm.numeros import entero

COMPROMISOS = [
    "Cada dependencia municipal deberá nombrar a un enlace de la alerta de género y "
    "planeación, para atender sus metas y líneas de acción.",
    "Las metas y líneas de acción que atienden las recomendaciones de la alerta de género "
    "deberán planearse y consensuarse con el Instituto Municipal de las Mujeres para el "
    "siguiente año.",
    "Las dependencias deberán enviar sus fichas técnicas con el avance de sus metas cada "
    "trimestre al área de Información y Estadística del Instituto Municipal de las Mujeres.",
]


def _nombre_categoria(nombre: str) -> str:
    """«Violencia Laboral» → «violencia laboral», as it reads inside a sentence."""
    return nombre.lower()


def sugerir(figuras: dict, maximo: int = 8) -> dict[str, str]:
    """One starting text per narrative section, one item per line."""
    principales = [f["texto"] for f in figuras["recomendaciones_mas_atendidas"][:maximo]]
    deficientes = [
        f"Atención a las recomendaciones que refieren a la {_nombre_categoria(f['nombre'])}"
        f" ({entero(f['impactadas'])} de {entero(f['programadas'])} programadas impactadas)."
        for f in figuras["areas_deficientes"]["por_modalidad"][:3]
    ] + [
        f"Recomendaciones del eje «{f['nombre']}»"
        f" ({entero(f['impactadas'])} de {entero(f['programadas'])} programadas impactadas)."
        for f in figuras["areas_deficientes"]["por_eje"][:2]
    ]
    menos = [f for f in figuras["recomendaciones_menos_atendidas"] if not f["fichas_con_avance"]]
    recomendaciones = [
        f"{f['texto']} Responsables: {', '.join(f['dependencias'])}." for f in menos[:5]
    ]
    return {
        "principales": "\n".join(principales),
        "areas_deficientes": "\n".join(deficientes),
        "recomendaciones": "\n".join(recomendaciones),
        "compromisos": "\n".join(COMPROMISOS),
    }
