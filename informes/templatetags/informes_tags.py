"""{% cifra %}: a report figure with its definition on hover/focus and its drill-down link."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html

from avgm.numeros import entero, porcentaje_de_fraccion
from informes.figures import DEFINICIONES

register = template.Library()


def formatear(valor, formato: str = "entero") -> str:
    if formato == "porcentaje":
        return porcentaje_de_fraccion(valor)
    if formato == "dias":
        return "N/A" if valor is None else f"{valor:,.1f}"
    return entero(valor)


@register.simple_tag(takes_context=True)
def cifra(context, valor, definicion: str, figura: str = "", clave="", formato: str = "entero"):
    """The formatted figure; linked to the metas and fichas behind it when the page allows."""
    texto = formatear(valor, formato)
    titulo = DEFINICIONES.get(definicion, definicion)
    if context.get("enlaces") and figura:
        url = reverse("informes:detalle", args=[context["anio"], context["hasta"], figura])
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
def formato(valor, tipo: str = "entero") -> str:
    return formatear(valor, tipo)


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
