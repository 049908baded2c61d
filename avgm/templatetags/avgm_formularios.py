"""`{{ campo|control }}`: a field's widget with its Bootstrap 5 class (formularios/campo.html)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import mark_safe

from avgm.formularios import atributos_html, opciones_html

register = template.Library()


def _clase(widget) -> str:
    # RadioSelect and its kin CheckboxSelectMultiple: the class goes on each option's input.
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
        return "form-check-input"
    if isinstance(widget, forms.Select):  # and its kin: multiple, null boolean
        return "form-select"
    return "form-control"


@register.filter
def control(campo):
    """The widget, with the class Bootstrap expects for its type (plus «is-invalid» when the
    field has errors) after the classes the form gave it. Django adds aria-invalid and
    aria-describedby (help text, errors) itself."""
    clase = _clase(campo.field.widget)
    if campo.errors:
        clase += " is-invalid"
    propia = campo.field.widget.attrs.get("class", "")
    return campo.as_widget(attrs={"class": f"{propia} {clase}".strip()})


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
