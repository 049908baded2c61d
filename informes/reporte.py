"""The context every rendering of the report shares (page, PDF, command-line HTML)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from informes.comparacion import comparar, corte_anterior
from informes.figures import DEFINICIONES, Corte, calcular
from informes.graficas import graficas_del_informe
from informes.models import SECCIONES_NARRATIVA

# Readable names of the figures' definitions, in the report's order (methodological notes).
NOMBRES = {
    "declaratoria": "Recomendaciones de la declaratoria",
    "programadas": "Recomendaciones programadas",
    "impactadas": "Recomendaciones impactadas",
    "avance": "Avance",
    "impactadas_por_categoria": "Impactadas por modalidad y por eje",
    "dependencias_periodo": "Dependencias (trimestre)",
    "metas_programadas": "Metas programadas (trimestre)",
    "fichas_reportadas": "Fichas técnicas reportadas (trimestre)",
    "dependencias_anual": "Dependencias (anual)",
    "metas_anual": "Metas programadas (anual)",
    "fichas_anual": "Fichas técnicas reportadas (anual)",
    "cumplidas": "Metas cumplidas",
    "con_avance": "Metas con avance",
    "respuesta": "Respuesta",
    "alta_respuesta": "Dependencias con alta respuesta",
    "areas_deficientes": "Áreas deficientes",
    "oportunidad": "Oportunidad",
    "aprobacion_primera": "Aprobación a la primera",
    "tiempo_ciclo": "Tiempo de ciclo",
    "menos_atendidas": "Recomendaciones menos atendidas",
    "sin_meta": "Recomendaciones sin meta",
}


def con_comparacion(corte: Corte, figuras: dict) -> dict:
    """Add the comparison with the previous corte to `figuras` (a fixed number of queries)."""
    anterior = corte_anterior(corte)
    if anterior is None:
        figuras["comparacion"] = None
        return figuras
    # A past corte rarely changes: keep its figures under its data version.
    from informes.publicacion import version_de_datos

    clave = f"informes:figuras:{anterior.ejercicio.anio}:{anterior.hasta.clave}:{version_de_datos(anterior)}"
    previas = cache.get(clave)
    if previas is None:
        previas = calcular(anterior)
        cache.set(clave, previas, 3600)
    figuras["comparacion"] = {
        "etiqueta": previas["corte"]["etiqueta"],
        "filas": comparar(figuras, previas),
    }
    return figuras


def secciones_narrativa(textos: dict[str, str]) -> dict[str, dict]:
    """Each narrative section as its title and its non-empty lines (one item per line)."""
    return {
        campo: {
            "titulo": titulo,
            "lineas": [
                linea.strip(" -•\t")
                for linea in textos.get(campo, "").splitlines()
                if linea.strip()
            ],
        }
        for campo, titulo in SECCIONES_NARRATIVA
    }


def contexto(
    corte: Corte,
    figuras: dict,
    textos: dict[str, str],
    *,
    borrador: bool,
    publicado=None,
    enlaces: bool = True,
) -> dict:
    return {
        "f": figuras,
        "definiciones": [(NOMBRES[k], DEFINICIONES[k]) for k in NOMBRES],
        "graficas": graficas_del_informe(figuras),
        "narrativa": secciones_narrativa(textos),
        "anio": str(corte.ejercicio.anio),
        "hasta": corte.hasta.clave,
        "etiqueta": figuras["corte"]["etiqueta"],
        "instituto": settings.AVGM_INSTITUTO,
        "municipio": settings.AVGM_MUNICIPIO,
        "borrador": borrador,
        "publicado": publicado,
        "enlaces": enlaces,
        "generado_en": publicado.publicado_en if publicado else timezone.now(),
        "umbral": figuras["corte"]["umbral_alta_respuesta"],
        "mas_atendidas": figuras["recomendaciones_mas_atendidas"][:12],
        "menos_atendidas": figuras["recomendaciones_menos_atendidas"][:12],
    }
