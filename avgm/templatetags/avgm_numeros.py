"""Template filters for figures: {{ n|entero }}, {{ f|porcentaje }}, {{ x|pesos }}."""

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
