"""The live (draft) pages' parts that only the data decide, rendered once per data revision:
the report page's notice and body, and the tablero's figures.

On deadline day writes come faster than a corte is recomputed: one process recomputes (a lock
in the shared cache) while every other reader gets the last parts rendered, with their time
(«actualizando», «calculado_en»), never older than the reader's own writes
(`avgm.plataforma.revision.memorizar_vigente`)."""

from __future__ import annotations

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from avgm.plataforma import revision
from informes.access import textos_sin_publicar
from informes.cifras.corte import Corte, corte_en_curso
from informes.cifras.figures import calcular
from informes.models import InformePublicado
from informes.publicacion import narrativa_de, textos_de
from informes.salidas.reporte import (
    ajustes_impresos,
    con_comparacion,
    contexto,
    ejercicios_leidos,
)


def _ajustes() -> str:
    """The settings the rendered parts print, as part of their key (a change is a new key;
    the institution record is data: the revision covers it)."""
    return hashlib.sha256(repr(ajustes_impresos()).encode()).hexdigest()[:16]


def borrador_html(
    corte: Corte, minimas: dict[str, int] | None = None, *, con_narrativa: bool = True
) -> dict:
    """«banda» (the draft notice, with the differences from the last published version) and
    «cuerpo» (the index and every section) of `corte`'s draft page.

    They hold nothing per person (no forms, no capability checks: those stay in
    `informes/corte.html`), so every reader of an unchanged corte gets the same HTML, kept by
    `avgm.plataforma.revision.memorizar_vigente`, with «actualizando» and «cifras_al» (when
    their data were read). `minimas`: the reader's own writes (`middleware.marcas_de`).
    Without `con_narrativa` (`informes.access.ve_narrativa_sin_publicar`) each section of the
    narrative says it is unpublished: a reader's version kept apart from everyone else's.
    """
    variante = "" if con_narrativa else ":sin-narrativa"
    clave = (
        f"informes:borrador-html:{corte.ejercicio.pk}:{corte.hasta.clave}:{_ajustes()}{variante}"
    )
    vigente = revision.memorizar_vigente(
        clave,
        lambda: _renderizar(corte, con_narrativa),
        ejercicios=ejercicios_leidos(corte),
        minimas=minimas,
    )
    # Rendered by the templates below, which escape every value.
    partes = {nombre: mark_safe(html) for nombre, html in vigente.valor.items()}  # noqa: S308
    return {**partes, "actualizando": vigente.actualizando, "cifras_al": vigente.calculado_en}


def _renderizar(corte: Corte, con_narrativa: bool = True) -> dict[str, str]:
    figuras = con_comparacion(corte, calcular(corte))
    textos = textos_de(narrativa_de(corte)) if con_narrativa else textos_sin_publicar()
    # With «cambios_publicada»: the last published version and the figures that moved since.
    ctx = contexto(corte, figuras, textos, borrador=True)
    return {
        "banda": render_to_string("informes/_banda_borrador.html", ctx),
        "cuerpo": render_to_string("informes/_cuerpo.html", ctx),
    }


def tablero_html(municipio, minimas: dict[str, int] | None = None) -> dict:
    """`municipio`'s tablero («contenido»): its current corte's key figures and its last
    published versions, with «actualizando» and «cifras_al» as in `borrador_html`.
    (`informes.cifras.corte.corte_en_curso` follows the data: decided first, 1–2 queries.)"""
    corte = corte_en_curso(municipio)
    cual = f"{corte.ejercicio.pk}:{corte.hasta.clave}" if corte else "ninguno"
    vigente = revision.memorizar_vigente(
        f"informes:tablero-html:{cual}:{_ajustes()}",
        lambda: _renderizar_tablero(corte),
        ejercicios=[corte.ejercicio.pk] if corte else [],
        minimas=minimas,
    )
    return {
        # Rendered by the template, which escapes every value.
        "contenido": mark_safe(vigente.valor),  # noqa: S308
        "actualizando": vigente.actualizando,
        "cifras_al": vigente.calculado_en,
    }


def _renderizar_tablero(corte: Corte | None) -> str:
    return render_to_string(
        "informes/_tablero.html",
        {
            "corte": corte,
            "f": calcular(corte) if corte else None,
            "anio": str(corte.ejercicio.anio) if corte else "",
            "hasta": corte.hasta.clave if corte else "",
            "enlaces": True,
            "publicados": InformePublicado.objects.filter(
                ejercicio__municipio_id=corte.ejercicio.municipio_id
            ).select_related("ejercicio", "hasta")[:5]
            if corte
            else [],
        },
    )
