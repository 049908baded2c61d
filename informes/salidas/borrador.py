"""The live (draft) pages' parts that only the data decide, rendered once per data revision:
the report page's notice and body, and the tablero's figures."""

from __future__ import annotations

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from avgm.plataforma import revision
from informes.cifras.corte import Corte, corte_en_curso
from informes.cifras.figures import calcular
from informes.models import InformePublicado
from informes.publicacion import narrativa_de, textos_de
from informes.salidas.reporte import ajustes_impresos, con_comparacion, contexto


def _ajustes() -> str:
    """The settings the rendered parts print, as part of their key (a change is a new key;
    the institution record is data: the revision covers it)."""
    return hashlib.sha256(repr(ajustes_impresos()).encode()).hexdigest()[:16]


def borrador_html(corte: Corte) -> dict[str, SafeString]:
    """«banda» (the draft notice, with the differences from the last published version) and
    «cuerpo» (the index and every section) of `corte`'s draft page.

    They hold nothing per person (no forms, no capability checks: those stay in
    `informes/corte.html`), so every reader of an unchanged corte gets the same HTML, kept by
    `avgm.plataforma.revision.memorizar` like the figures behind it.
    """
    clave = f"informes:borrador-html:{corte.ejercicio.anio}:{corte.hasta.clave}:{_ajustes()}"
    partes = revision.memorizar(clave, lambda: _renderizar(corte))
    # Rendered by the templates below, which escape every value.
    return {nombre: mark_safe(html) for nombre, html in partes.items()}  # noqa: S308


def _renderizar(corte: Corte) -> dict[str, str]:
    figuras = con_comparacion(corte, calcular(corte))
    # With «cambios_publicada»: the last published version and the figures that moved since.
    ctx = contexto(corte, figuras, textos_de(narrativa_de(corte)), borrador=True)
    return {
        "banda": render_to_string("informes/_banda_borrador.html", ctx),
        "cuerpo": render_to_string("informes/_cuerpo.html", ctx),
    }


def tablero_html() -> SafeString:
    """The tablero's content: the current corte's key figures and the last published versions
    (`informes.cifras.corte.corte_en_curso` follows the data, so it is decided inside, per revision)."""
    html = revision.memorizar(f"informes:tablero-html:{_ajustes()}", _renderizar_tablero)
    return mark_safe(html)  # noqa: S308 - rendered by the template, which escapes every value


def _renderizar_tablero() -> str:
    corte = corte_en_curso()
    return render_to_string(
        "informes/_tablero.html",
        {
            "corte": corte,
            "f": calcular(corte) if corte else None,
            "anio": str(corte.ejercicio.anio) if corte else "",
            "hasta": corte.hasta.clave if corte else "",
            "enlaces": True,
            "publicados": InformePublicado.objects.select_related("ejercicio", "hasta")[:5],
        },
    )
