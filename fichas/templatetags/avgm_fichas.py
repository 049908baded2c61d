"""Template helpers of the fichas pages."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def dias_restantes(fecha: datetime.date) -> int:
    """Days from today to `fecha` (negative once past)."""
    return (fecha - timezone.localdate()).days


@register.filter
def etiqueta_campo(nombre: str) -> str:
    """The verbose name of a FichaTecnica field, for history and observaciones."""
    from fichas.models import FichaTecnica

    try:
        return str(FichaTecnica._meta.get_field(nombre).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return nombre
