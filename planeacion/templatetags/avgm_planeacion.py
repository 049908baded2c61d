"""Labels of the planning pages."""

from django import template

from planeacion.models import CAMPOS_PROPUESTA, etiqueta_campo

register = template.Library()


@register.filter(name="etiqueta_propuesta")
def etiqueta_propuesta(campo: str) -> str:
    """A proposal field name as the pages show it (unknown names as they are)."""
    return etiqueta_campo(campo) if campo in CAMPOS_PROPUESTA else campo
