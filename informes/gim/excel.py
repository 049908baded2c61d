"""The report workbook's «Valoración GIM» sheet: counts, cross table and the contrast per
recomendación (disagreements first), from the figures' `valoracion_gim`."""

from __future__ import annotations

from informes.cifras import definiciones


def hoja_valoracion_gim(libro, figuras: dict, hoja) -> None:
    """`hoja` is the workbook module's sheet writer (title, headers, rows, note=...)."""
    gim = figuras.get("valoracion_gim")
    if gim is None:  # a version published before the GIM section existed
        return
    evaluaciones = "; ".join(f"{e['referencia']} ({e['fecha']})" for e in gim["evaluaciones"])
    nota = (
        definiciones.texto("valoracion_gim")
        + " "
        + definiciones.texto("contraste_gim")
        + (f" Evaluaciones: {evaluaciones}." if evaluaciones else " Sin evaluaciones registradas.")
    )
    conteo = " · ".join(f"{c['nombre']}: {c['recomendaciones']}" for c in gim["conteo"])
    hoja(
        libro,
        "Valoración GIM",
        ["Clave", "Recomendación", "Seguimiento municipal", "Valoración del GIM", "Contraste",
         "Evaluación", "Fecha de la evaluación", "Comentario del GIM"],
        [
            (r["clave"], r["texto"], r["seguimiento_nombre"], r["valoracion_nombre"],
             r["contraste"], r["evaluacion"], r["fecha_evaluacion"], r["comentario"])
            for r in gim["recomendaciones"]
        ],
        nota=f"{conteo}. {nota}",
    )  # fmt: skip
