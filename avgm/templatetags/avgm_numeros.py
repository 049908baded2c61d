"""Template filters for figures: {{ n|entero }}, {{ f|porcentaje }}, {{ x|pesos }},
{{ d|dias }}, {{ v|formato:"porcentaje" }}; every one is `avgm.numeros.formatear`."""

from django import template

from avgm import numeros

register = template.Library()


@register.filter
def entero(valor) -> str:
    return numeros.entero(valor)


@register.filter
def porcentaje(valor) -> str:
    """A fraction (0.353) as "35.3 %"; None as "N/A"."""
    return numeros.porcentaje_de_fraccion(valor)


@register.filter
def pesos(valor) -> str:
    return numeros.pesos(valor)


@register.filter
def dias(valor) -> str:
    return numeros.dias(valor)


@register.filter
def formato(valor, tipo: str = "entero") -> str:
    return numeros.formatear(valor, tipo)
