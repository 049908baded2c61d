"""{% institucion_actual as inst %}: the institution's identity, in any template (PDF too)."""

from django import template

from avgm.models import institucion_actual as _institucion_actual

register = template.Library()


@register.simple_tag
def institucion_actual():
    return _institucion_actual()
