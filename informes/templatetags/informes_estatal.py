"""{% varios_municipios as varios %}: whether the deployment has several municipios (the state
corte is only linked then). A query: the nav asks it only for the Coordinación estatal, so
other people's pages cost what they did."""

from django import template

from avgm.plataforma import municipios

register = template.Library()


@register.simple_tag
def varios_municipios() -> bool:
    return municipios.varios()
