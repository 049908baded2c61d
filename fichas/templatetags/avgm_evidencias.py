"""Template helper of the evidence list: the same rule the download view applies."""

from django import template

from fichas import access

register = template.Library()


@register.filter
def puede_descargar(user, evidencia) -> bool:
    """`{% if user|puede_descargar:e %}`: whether the evidence's content may be opened."""
    return access.puede_descargar(user, evidencia)
