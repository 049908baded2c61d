"""`{{ campo|control }}`: a field's widget with its Bootstrap 5 class (formularios/campo.html)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import mark_safe

from avgm import formularios
from avgm.formularios import atributos_html, opciones_html

register = template.Library()


@register.filter
def control(campo):
    """The widget with its Bootstrap class (`avgm.formularios.control`)."""
    return formularios.control(campo)


@register.filter
def grupo(campo):
    """A field group as `avgm.formularios.grupo_html` writes it."""
    return mark_safe(formularios.grupo_html(campo))  # noqa: S308 - every value escaped


@register.filter
def es_casilla(campo) -> bool:
    return isinstance(campo.field.widget, forms.CheckboxInput)


@register.filter
def atributos(attrs: dict):
    """A widget's attributes as django/forms/widgets/attrs.html writes them, in one call
    (formularios/opciones.html: a loop per option cost more than the rest of the form)."""
    return mark_safe(atributos_html(attrs))  # noqa: S308 - every name and value escaped


@register.filter
def opciones(widget: dict):
    """A choice widget's checks, as `avgm.formularios.opciones_html` writes them."""
    return mark_safe(opciones_html(widget))  # noqa: S308 - every name and value escaped
