"""Labels of the planning pages."""

from django import template

from planeacion.models import CAMPOS_PROPUESTA, etiqueta_campo, valor_campo_propuesta

register = template.Library()


@register.filter(name="etiqueta_propuesta")
def etiqueta_propuesta(campo: str) -> str:
    """A proposal field name as the pages show it (unknown names as they are)."""
    return etiqueta_campo(campo) if campo in CAMPOS_PROPUESTA else campo


@register.filter(name="valor_propuesta")
def valor_propuesta(texto: str, campo: str) -> str:
    """A value the history kept as text, as the pages write it: the programmed quantities
    the Mexican way (1,500), any other text as it is."""
    return valor_campo_propuesta(campo, texto)
