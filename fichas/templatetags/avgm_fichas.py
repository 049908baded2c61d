"""Template helpers of the fichas pages."""

import datetime

from django import template
from django.db import models
from django.template.defaultfilters import date as fecha_local
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from avgm import numeros

# A ficha's state as a badge; no state is a meta without a ficha yet.
_INSIGNIAS = {
    "aprobada": '<span class="badge text-bg-success">Aprobada</span>',
    "enviada": '<span class="badge text-bg-primary">Enviada</span>',
    "observada": '<span class="badge text-bg-warning">Observada</span>',
    "borrador": '<span class="badge text-bg-secondary">Borrador</span>',
}
_SIN_INICIAR = '<span class="badge text-bg-light border">Sin iniciar</span>'

register = template.Library()


@register.simple_tag
def dias_restantes(fecha: datetime.date) -> int:
    """Days from today to `fecha` (negative once past)."""
    return (fecha - timezone.localdate()).days


@register.filter
def insignia_estado(estado) -> str:
    """`{{ ficha.estado|insignia_estado }}`: the state's badge, written without a template
    (lists show one per row)."""
    return mark_safe(_INSIGNIAS.get(estado, _SIN_INICIAR))  # noqa: S308 - fixed markup


@register.simple_tag
def plazo(ficha, periodo) -> str:
    """A list row's «Entrega»: when the ficha was first sent and whether on time, or how the
    periodo's deadline stands for a ficha not sent yet (written without a template: the
    enlace's home shows one per meta)."""
    if ficha and ficha.primer_envio_en:
        insignia = (
            '<span class="badge text-bg-danger">Tardía</span>'
            if ficha.tardia
            else '<span class="badge text-bg-light border">A tiempo</span>'
        )
        return format_html(
            "Enviada {} {}", fecha_local(ficha.primer_envio_en, "d/m/Y"), mark_safe(insignia)
        )  # noqa: S308
    dias = dias_restantes(periodo.fecha_limite)
    if dias == 0:
        return mark_safe('<span class="text-warning-emphasis">Vence hoy</span>')  # noqa: S308
    relativa = numeros.relativa(periodo.fecha_limite, timezone.localdate())
    if dias < 0:
        return format_html('<span class="text-danger">Vencida {}</span>', relativa)
    return format_html("Vence {}", relativa)


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
