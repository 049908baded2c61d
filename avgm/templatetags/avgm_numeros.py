"""Template filters for figures: {{ n|entero }}, {{ f|porcentaje }}, {{ x|pesos }},
{{ d|dias }}, {{ v|formato:"porcentaje" }}; every one is `avgm.numeros.formatear`.
Also {{ "12500.50"|cifra_texto }} (a figure kept as text), {{ td|duracion }} and
{{ fecha|relativa }} ("hace 3 días", "en 2 días")."""

from django import template
from django.utils import timezone

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


@register.filter
def cifra_texto(valor) -> str:
    return numeros.cifra_texto(valor)


@register.filter
def duracion(valor) -> str:
    return numeros.duracion(valor)


@register.filter
def relativa(valor) -> str:
    """Local dates: a datetime is first turned to the portal's time zone."""
    if hasattr(valor, "tzinfo") and valor.tzinfo is not None:
        valor = timezone.localtime(valor)
    return numeros.relativa(valor, timezone.localdate())
