"""{% cifra %}: a report figure with its definition on hover/focus and its drill-down link."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html

from avgm.numeros import formatear
from informes import definiciones

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


@register.simple_tag(takes_context=True)
def cifra(context, valor, definicion: str, figura: str = "", clave="", formato: str = "entero"):
    """The formatted figure; linked to the metas and fichas behind it when the page allows.

    `definicion` is a key of `informes.definiciones` (an unknown key is an error, so no
    template types a definition of its own).
    """
    texto = formatear(valor, formato)
    titulo = definiciones.texto(definicion)
    if context.get("enlaces") and figura:
        url = _base_detalle(context) + figura + "/"
        if clave != "":
            url += "?" + urlencode({"clave": clave})
        return format_html(
            '<a class="cifra" href="{}" title="{}" data-bs-toggle="tooltip">{}</a>',
            url,
            titulo,
            texto,
        )
    if context.get("enlaces"):
        return format_html(
            '<span class="cifra" tabindex="0" title="{}" data-bs-toggle="tooltip">{}</span>',
            titulo,
            texto,
        )
    # PDF: plain text; an inline box per number doubles WeasyPrint's layout time on big tables.
    return conditional_escape(texto)


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
