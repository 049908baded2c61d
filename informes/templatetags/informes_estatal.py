"""{% varios_municipios as varios %}: whether the deployment has several municipios (the state
corte is only linked then)."""

from django import template

from avgm.plataforma import municipios

register = template.Library()


@register.simple_tag
def varios_municipios() -> bool:
    return municipios.varios()
