"""{% cifra %}: a report figure with its definition on hover/focus and its drill-down link."""

import functools
from urllib.parse import quote_plus

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from avgm.numeros import formatear
from informes.cifras import definiciones

register = template.Library()


_MARCA = "figura-0"


def _base_detalle(context) -> str:
    """The drill-down URL up to the figure's slug, reversed once per page (a report page holds
    thousands of figures) and kept in the render context of the outermost template."""
    estado = context.render_context.dicts[0]
    clave = ("informes:detalle", context["anio"], context["hasta"])
    base = estado.get(clave)
    if base is None:
        url = reverse("informes:detalle", args=[context["anio"], context["hasta"], _MARCA])
        base = estado[clave] = url[: -len(_MARCA) - 1]
    return base


@functools.cache
def _titulo(definicion: str) -> str:
    """The escaped definition of a figure key (a fixed table: escaped once per process)."""
    return conditional_escape(definiciones.texto(definicion))


@register.simple_tag(takes_context=True)
def cifra(context, valor, definicion: str, figura: str = "", clave="", formato: str = "entero"):
    """The formatted figure; linked to the metas and fichas behind it when the page allows.

    `definicion` is a key of `informes.cifras.definiciones` (an unknown key is an error, so no
    template types a definition of its own). A report page holds thousands: the pieces that
    repeat (the drill-down base URL, the escaped definitions) are built once.
    """
    texto = conditional_escape(formatear(valor, formato))
    titulo = _titulo(definicion)
    if context.get("enlaces") and figura:
        url = _base_detalle(context) + figura + "/"
        if clave != "":
            url += "?clave=" + quote_plus(str(clave))
        return mark_safe(  # noqa: S308 - every piece is escaped above or here
            f'<a class="cifra" href="{escape(url)}" title="{titulo}" '
            f'data-bs-toggle="tooltip">{texto}</a>'
        )
    if context.get("enlaces"):
        return mark_safe(  # noqa: S308 - escaped pieces
            f'<span class="cifra" tabindex="0" title="{titulo}" '
            f'data-bs-toggle="tooltip">{texto}</span>'
        )
    # PDF: plain text; an inline box per number doubles WeasyPrint's layout time on big tables.
    return texto


@register.filter
def clave_de(diccionario: dict, clave):
    return diccionario.get(clave) if diccionario else None


@register.filter
def lista_corta(nombres: list[str], maximo: int = 8) -> str:
    """«DIF, SSPM y 12 más»: long lists of dependencias stay readable (Excel has them all)."""
    nombres = list(nombres or [])
    if len(nombres) <= maximo:
        return ", ".join(nombres)
    return f"{', '.join(nombres[:maximo])} y {len(nombres) - maximo:,} más"
