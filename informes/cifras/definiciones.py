"""The one table of the report's figures: key, Spanish name and definition (docs/cifras.md).

The page (hover text and methodological notes), the PDF, the Excel (notes and the
«Definiciones» sheet) and the JSON (`definiciones`) all read this table; no template or
writer types a definition of its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Definicion:
    clave: str
    nombre: str
    texto: str
    # Listed in the report's methodological notes (the others only explain a table cell).
    en_notas: bool = True


_TABLA = [
    Definicion("declaratoria", "Recomendaciones de la declaratoria",
               "Recomendaciones de la declaratoria vigentes en el ejercicio."),
    Definicion("programadas", "Recomendaciones programadas",
               "Recomendaciones vigentes vinculadas al menos a una meta del ejercicio."),
    Definicion("impactadas", "Recomendaciones impactadas",
               "Recomendaciones programadas con al menos una meta que tiene una ficha aprobada "
               "con cantidad mayor que 0 en un periodo del corte."),
    Definicion("avance", "Avance",
               "Impactadas entre programadas, con un decimal (redondeo hacia arriba en .5)."),
    Definicion("impactadas_por_categoria", "Impactadas por modalidad y por eje",
               "Una recomendación cuenta una vez en cada modalidad o eje al que pertenece."),
    Definicion("cobertura", "Cobertura de la categoría",
               "Impactadas entre programadas de la categoría.", en_notas=False),
    Definicion("dependencias_periodo", "Dependencias (trimestre)",
               "Dependencias con al menos una meta programada (cantidad > 0) en el periodo."),
    Definicion("metas_programadas", "Metas programadas (trimestre)",
               "Metas con cantidad programada mayor que 0 en el periodo."),
    Definicion("fichas_reportadas", "Fichas técnicas reportadas (trimestre)",
               "Fichas del periodo enviadas al menos una vez (cualquier estado salvo borrador)."),
    Definicion("fichas_aprobadas", "Fichas aprobadas (trimestre)",
               "Fichas del periodo aprobadas.", en_notas=False),
    Definicion("dependencias_anual", "Dependencias (anual)",
               "Dependencias con al menos una meta programada en el ejercicio."),
    Definicion("metas_anual", "Metas programadas (anual)",
               "Metas con cantidad programada mayor que 0 en algún periodo del ejercicio."),
    Definicion("fichas_anual", "Fichas técnicas reportadas (anual)",
               "Metas con al menos una ficha enviada en el corte."),
    Definicion("fichas_enviadas_corte", "Fichas enviadas en el corte",
               "Fichas enviadas en los periodos del corte.", en_notas=False),
    Definicion("metas_al_corte", "Metas programadas al corte",
               "Metas con cantidad programada al corte mayor que 0.", en_notas=False),
    Definicion("cumplidas", "Metas cumplidas",
               "Metas con cantidad programada al corte mayor que 0 cuya cantidad aprobada "
               "acumulada la alcanza."),
    Definicion("con_avance", "Metas con avance",
               "Metas con cantidad aprobada acumulada mayor que 0 pero menor que la programada "
               "al corte."),
    Definicion("sin_avance", "Metas sin avance",
               "Metas sin cantidad aprobada en el corte.", en_notas=False),
    Definicion("respuesta", "Respuesta",
               "Fichas enviadas de metas programadas en el periodo entre metas programadas en el "
               "periodo; en el corte, la suma de ambos en sus periodos."),
    Definicion("alta_respuesta", "Dependencias con alta respuesta",
               "Dependencias cuya respuesta en el corte alcanza el umbral configurado."),
    Definicion("areas_deficientes", "Áreas deficientes",
               "Recomendaciones programadas no impactadas, por modalidad y por eje; primero las "
               "de menor cobertura."),
    Definicion("fichas_esperadas", "Fichas esperadas",
               "Metas programadas en cada periodo del corte.", en_notas=False),
    Definicion("oportunidad", "Oportunidad",
               "Fichas esperadas cuyo primer envío fue a más tardar en la fecha límite, entre "
               "fichas esperadas."),
    Definicion("aprobadas_corte", "Fichas aprobadas del corte",
               "Fichas aprobadas del corte.", en_notas=False),
    Definicion("aprobacion_primera", "Aprobación a la primera",
               "Fichas aprobadas sin ninguna devolución entre fichas aprobadas."),
    Definicion("tiempo_ciclo", "Tiempo de ciclo",
               "Mediana de días entre el primer envío y la aprobación."),
    Definicion("fichas_con_avance", "Fichas aprobadas con avance",
               "Fichas aprobadas con cantidad mayor que 0 de sus metas en el corte.",
               en_notas=False),
    Definicion("avance_medio", "Avance medio de sus metas",
               "Promedio de lo aprobado entre lo programado al corte de sus metas (máximo 100 %).",
               en_notas=False),
    Definicion("menos_atendidas", "Recomendaciones menos atendidas",
               "Programadas ordenadas por fichas aprobadas con avance y luego por avance medio de "
               "sus metas."),
    Definicion("sin_meta", "Recomendaciones sin meta",
               "Recomendaciones vigentes sin ninguna meta en el ejercicio."),
    Definicion("seguimiento_impactada", "Seguimiento municipal: impactada",
               "Recomendación impactada en el corte (misma definición que «Recomendaciones "
               "impactadas»)."),
    Definicion("seguimiento_con_avance", "Seguimiento municipal: con avance",
               "Recomendación programada no impactada con al menos una ficha técnica enviada "
               "(cualquier estado salvo borrador) de alguna de sus metas en un periodo del corte: "
               "hay trabajo reportado, pero aún sin ficha aprobada con cantidad mayor que 0."),
    Definicion("seguimiento_sin_avance", "Seguimiento municipal: sin avance",
               "Recomendación programada sin ninguna ficha técnica enviada de sus metas en los "
               "periodos del corte."),
    Definicion("valoracion_gim", "Valoración del GIM",
               "Lo que el Grupo Interinstitucional y Multidisciplinario dictaminó sobre cada "
               "recomendación vigente en su evaluación más reciente que la valora (cumplida, en "
               "proceso de cumplimiento, parcialmente cumplida, no cumplida); «sin valoración» "
               "si ninguna evaluación registrada la valora. Se captura aparte; nunca se deriva "
               "de las fichas ni cambia las cifras municipales."),
    Definicion("contraste_gim", "Contraste municipio–GIM",
               "Ambas lecturas en una escala de tres niveles (impactada / cumplida = 2; con "
               "avance / en proceso o parcialmente cumplida = 1; sin avance o sin meta / no "
               "cumplida = 0). Discrepancia: 2 niveles de diferencia (p. ej. impactada para el "
               "municipio y no cumplida para el GIM); diferencia parcial: 1; coinciden: 0."),
    Definicion("comparacion", "Comparación con el corte anterior",
               "Las cifras principales del corte frente a las del corte anterior (el trimestre "
               "previo del mismo ejercicio o, para T1, el ejercicio anterior completo); las "
               "fracciones se comparan en puntos porcentuales.", en_notas=False),
    Definicion("dependencias_reportaron", "Dependencias que reportaron",
               "Dependencias con metas programadas en el corte que enviaron al menos una ficha "
               "técnica en él, entre dependencias con metas programadas en el corte."),
]  # fmt: skip

FIGURAS: dict[str, Definicion] = {d.clave: d for d in _TABLA}

# Which definitions explain each section of the figures' JSON (`calcular`'s keys).
SECCIONES: dict[str, tuple[str, ...]] = {
    "recomendaciones": ("declaratoria", "programadas", "impactadas", "avance"),
    "recomendaciones_por_tipo": ("declaratoria", "programadas", "impactadas"),
    "impactadas_por_modalidad": ("impactadas_por_categoria",),
    "impactadas_por_eje": ("impactadas_por_categoria",),
    "modalidades": ("programadas", "impactadas_por_categoria", "cobertura"),
    "ejes": ("programadas", "impactadas_por_categoria", "cobertura"),
    "periodos": (
        "dependencias_periodo", "metas_programadas", "fichas_reportadas", "fichas_aprobadas",
    ),
    "anual": ("dependencias_anual", "metas_anual", "fichas_anual", "fichas_enviadas_corte"),
    "metas_por_tipo_accion": ("metas_al_corte", "cumplidas", "con_avance", "sin_avance"),
    "respuesta_por_dependencia": (
        "respuesta", "fichas_esperadas", "oportunidad", "aprobacion_primera", "tiempo_ciclo",
    ),
    "dependencias_alta_respuesta": ("alta_respuesta",),
    "areas_deficientes": ("areas_deficientes", "cobertura"),
    "oportunidad": ("fichas_esperadas", "oportunidad"),
    "aprobacion_a_la_primera": ("aprobadas_corte", "aprobacion_primera"),
    "tiempo_de_ciclo": ("tiempo_ciclo",),
    "recomendaciones_mas_atendidas": ("fichas_con_avance", "avance_medio"),
    "recomendaciones_menos_atendidas": ("menos_atendidas", "fichas_con_avance", "avance_medio"),
    "recomendaciones_sin_meta": ("sin_meta",),
    "valoracion_gim": (
        "valoracion_gim", "contraste_gim", "seguimiento_impactada", "seguimiento_con_avance",
        "seguimiento_sin_avance",
    ),
    "resumen": ("avance", "dependencias_reportaron", "oportunidad", "areas_deficientes"),
    "comparacion": ("comparacion",),
    "comparacion_con_corte_anterior": ("comparacion",),
}  # fmt: skip


def texto(clave: str) -> str:
    """The definition of figure `clave` (KeyError for an unknown key: no free-typed text)."""
    return FIGURAS[clave].texto


def notas() -> list[Definicion]:
    """The definitions of the methodological notes, in the report's order."""
    return [d for d in _TABLA if d.en_notas]


def como_dict() -> dict[str, dict[str, str]]:
    """The table as JSON: {clave: {"nombre": ..., "definicion": ...}}."""
    return {d.clave: {"nombre": d.nombre, "definicion": d.texto} for d in _TABLA}
