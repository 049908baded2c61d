"""The GIM's valoración beside the municipal seguimiento: its own record per evaluation,
never derived from the fichas.

The GIM (Grupo Interinstitucional y Multidisciplinario) evaluates the alert on its own; its
valoraciones are records of their own (`avgm.EvaluacionGIM`, `avgm.ValoracionGIM`), never
derived from fichas, and nothing here changes a municipal figure. Per recomendación in force
the latest evaluation that values it counts. The municipal seguimiento of each recomendación
(impactada / con avance / sin avance / sin meta) comes from the corte's own figures.
"""

from __future__ import annotations

from django.db.models import F

from avgm.models import ValoracionGIM

Valor = ValoracionGIM.Valor

# The municipal seguimiento of a recomendación, in the report's order.
SEGUIMIENTO = [
    ("impactada", "Impactada"),
    ("con_avance", "Con avance"),
    ("sin_avance", "Sin avance"),
    ("sin_meta", "Sin meta"),
]
NOMBRE_SEGUIMIENTO = dict(SEGUIMIENTO)

# Both scales on one ladder (2 = done, 1 = under way, 0 = not started) to measure how far
# the two readings are apart. «Sin valoración» has no place on it: nothing to contrast.
NIVEL_MUNICIPAL = {"impactada": 2, "con_avance": 1, "sin_avance": 0, "sin_meta": 0}
NIVEL_GIM = {
    Valor.CUMPLIDA: 2,
    Valor.EN_PROCESO: 1,
    Valor.PARCIAL: 1,
    Valor.NO_CUMPLIDA: 0,
}
CONTRASTE = {2: "Discrepancia", 1: "Diferencia parcial", 0: "Coinciden", None: "Sin contraste"}


def seguimiento_municipal(programada: bool, impactada: bool, reportada: bool) -> str:
    """impactada / con_avance / sin_avance for a programada; sin_meta otherwise."""
    if not programada:
        return "sin_meta"
    if impactada:
        return "impactada"
    return "con_avance" if reportada else "sin_avance"


def distancia(seguimiento: str, valoracion: str) -> int | None:
    """How far apart the municipality and the GIM read a recomendación (0–2; None: no value)."""
    nivel = NIVEL_GIM.get(valoracion)
    if nivel is None:
        return None
    return abs(NIVEL_MUNICIPAL[seguimiento] - nivel)


def _ultimas(municipio: int) -> dict[int, dict]:
    """Per recomendación, its valoración in `municipio`'s latest evaluation that values it (by
    date, then id): the GIM values each municipio's response on its own. One query over the
    municipio's valoraciones, newest evaluation first, keeping the first of each recomendación
    (a few rows per evaluation: it does not grow with metas or fichas)."""
    ultimas: dict[int, dict] = {}
    for fila in (
        ValoracionGIM.objects.filter(evaluacion__municipio=municipio)
        .order_by("-evaluacion__fecha", "-evaluacion_id")
        .values(
            "recomendacion_id",
            "valoracion",
            "comentario",
            referencia=F("evaluacion__referencia"),
            fecha=F("evaluacion__fecha"),
        )
    ):
        ultimas.setdefault(fila["recomendacion_id"], fila)
    return ultimas


def valoracion_gim(
    recomendaciones: list[dict],
    programadas: set[int],
    impactadas: set[int],
    reportadas: set[int],
    *,
    municipio: int,
) -> dict:
    """The GIM section's data: counts, the cross table and the per-recomendación contrast.

    `recomendaciones`: the recomendaciones in force as the corte read them (pk, clave, texto),
    in their order (orden, clave). One query: the latest GIM valoración of each. Its municipal
    seguimiento comes from the corte's own figures (`informes.cifras.figures.computar`): the ids of
    the recomendaciones programadas, impactadas and with a submitted ficha in the corte, so
    both readings use the same definitions as the rest of the report.
    """
    ultimas = _ultimas(municipio)
    sin_valoracion = {"valoracion": None, "comentario": "", "referencia": "", "fecha": None}
    filas = []
    for rec in recomendaciones:
        gim = ultimas.get(rec["pk"], sin_valoracion)
        filas.append(
            {
                "pk": rec["pk"],
                "clave": rec["clave"],
                "texto": rec["texto"],
                "gim_valor": gim["valoracion"],
                "gim_comentario": gim["comentario"],
                "gim_referencia": gim["referencia"],
                "gim_fecha": gim["fecha"],
            }
        )
    nombres = dict(Valor.choices)
    contraste = []
    evaluaciones: dict[str, str] = {}
    for f in filas:
        seguimiento = seguimiento_municipal(
            f["pk"] in programadas, f["pk"] in impactadas, f["pk"] in reportadas
        )
        valor = f["gim_valor"] or Valor.SIN_VALORACION
        d = distancia(seguimiento, valor)
        if f["gim_referencia"]:
            evaluaciones[f["gim_referencia"]] = f["gim_fecha"].isoformat()
        contraste.append(
            {
                "clave": f["clave"],
                "texto": f["texto"],
                "seguimiento": seguimiento,
                "seguimiento_nombre": NOMBRE_SEGUIMIENTO[seguimiento],
                "valoracion": str(valor),
                "valoracion_nombre": str(nombres[valor]),
                "comentario": f["gim_comentario"] or "",
                "evaluacion": f["gim_referencia"] or "",
                "fecha_evaluacion": f["gim_fecha"].isoformat() if f["gim_fecha"] else None,
                "distancia": d,
                "contraste": CONTRASTE[d],
            }
        )
    # Disagreements first, then partial differences, agreements, and nothing to contrast.
    contraste.sort(key=lambda r: 1 if r["distancia"] is None else -r["distancia"])
    conteo = dict.fromkeys(Valor.values, 0)
    cruce = {valor: {clave: 0 for clave, _ in SEGUIMIENTO} for valor in Valor.values}
    for r in contraste:
        conteo[r["valoracion"]] += 1
        cruce[r["valoracion"]][r["seguimiento"]] += 1
    return {
        "evaluaciones": [
            {"referencia": ref, "fecha": fecha}
            for ref, fecha in sorted(evaluaciones.items(), key=lambda kv: (kv[1], kv[0]))
        ],
        "recomendaciones_en_vigor": len(contraste),
        "valoradas": len(contraste) - conteo[Valor.SIN_VALORACION],
        "discrepancias": sum(1 for r in contraste if r["distancia"] == 2),
        "diferencias_parciales": sum(1 for r in contraste if r["distancia"] == 1),
        "coincidencias": sum(1 for r in contraste if r["distancia"] == 0),
        "conteo": [
            {"valoracion": valor, "nombre": str(nombre), "recomendaciones": conteo[valor]}
            for valor, nombre in Valor.choices
        ],
        "cruce": [
            {
                "valoracion": valor,
                "nombre": str(nombre),
                "recomendaciones": conteo[valor],
                **cruce[valor],
            }
            for valor, nombre in Valor.choices
        ],
        "recomendaciones": contraste,
    }
