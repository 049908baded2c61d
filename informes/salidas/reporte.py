"""The context every rendering of the report shares (page, PDF, command-line HTML)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils import timezone

from avgm.plataforma import revision
from informes.cifras import definiciones
from informes.cifras.comparacion import comparar, corte_anterior
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.models import SECCIONES_NARRATIVA
from informes.salidas import impresion
from informes.salidas.charts import graficas_del_informe


def ajustes_impresos() -> tuple:
    """The settings a rendering of the report prints (its threshold and paper). The
    institution's identity is a record, not a setting: see `version_de_datos`."""
    return (settings.AVGM_UMBRAL_ALTA_RESPUESTA, impresion.papel())


def version_de_datos(corte: Corte) -> str:
    """A key that changes whenever anything a draft of `corte` prints may change.

    The data revision of what the draft reads (`avgm.plataforma.revision.version` of
    `ejercicios_leidos`: every committed write to them bumps it, an edit of the institution
    in the admin too, while a write to another ejercicio does not) plus the settings the report prints and the identity on
    its cover and header (before anyone saves the institution it comes from the settings,
    which no revision tracks). Read it BEFORE reading the data: a write in between then only
    makes the key obsolete, never wrong.
    """
    partes = [
        revision.version(ejercicios_leidos(corte)),
        corte.ejercicio.pk,
        corte.ejercicio.anio,
        corte.hasta.clave,
        *ajustes_impresos(),
        impresion.institucion(corte.ejercicio.municipio_id),
    ]
    return hashlib.sha256(repr(partes).encode()).hexdigest()[:32]


def ejercicios_leidos(corte: Corte) -> list[int]:
    """The ejercicios a draft of `corte` reads: its own and the previous corte's (a first
    trimestre compares with the previous ejercicio's year; 1 query then)."""
    anterior = corte_anterior(corte)
    return [corte.ejercicio.pk, *([anterior.ejercicio.pk] if anterior else [])]


def con_comparacion(corte: Corte, figuras: dict) -> dict:
    """Add the comparison with the previous corte to `figuras` (a fixed number of queries)."""
    anterior = corte_anterior(corte)
    if anterior is None:
        figuras["comparacion"] = None
        return figuras
    previas = calcular(anterior)  # cached by data revision, like every corte's figures
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
        "definiciones": definiciones.FIGURAS,
        "notas": definiciones.notas(),
        "graficas": graficas_del_informe(figuras),
        "narrativa": secciones_narrativa(textos),
        "anio": str(corte.ejercicio.anio),
        "hasta": corte.hasta.clave,
        "etiqueta": figuras["corte"]["etiqueta"],
        "borrador": borrador,
        "publicado": publicado,
        "verificacion": impresion.verificacion(publicado),
        "enlaces": enlaces,
        "generado_en": publicado.publicado_en if publicado else timezone.now(),
        "umbral": figuras["corte"]["umbral_alta_respuesta"],
        "mas_atendidas": figuras["recomendaciones_mas_atendidas"][:12],
        "menos_atendidas": figuras["recomendaciones_menos_atendidas"][:12],
        **impresion.contexto(figuras, ejercicio=corte.ejercicio, borrador=borrador),
    }
