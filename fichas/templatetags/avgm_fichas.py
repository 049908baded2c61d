"""Template helpers of the fichas pages."""

import datetime

from django import template
from django.db import models
from django.utils import timezone

from avgm import numeros

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


@register.filter
def valor_campo(texto: str, nombre: str) -> str:
    """A value the history kept as text, shown as the field's kind is written: figures the
    Mexican way (12,500.50), yes/no in Spanish, any other text as it is."""
    from fichas.models import FichaTecnica

    try:
        campo = FichaTecnica._meta.get_field(nombre)
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return texto
    if isinstance(campo, models.BooleanField):
        return {"True": "Sí", "False": "No"}.get(texto, texto)
    if isinstance(campo, (models.IntegerField, models.DecimalField, models.FloatField)):
        return numeros.cifra_texto(texto)
    return texto
