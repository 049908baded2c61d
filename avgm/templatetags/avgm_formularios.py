"""`{{ campo|control }}`: a field's widget with its Bootstrap 5 class (formularios/campo.html)."""

from __future__ import annotations

from django import template

register = template.Library()

_CLASES = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
    "nullbooleanselect": "form-select",
}


@register.filter
def control(campo):
    """The widget, with the class Bootstrap expects for its type (plus «is-invalid» when the
    field has errors) after the classes the form gave it. Django adds aria-invalid and
    aria-describedby (help text, errors) itself."""
    clase = _CLASES.get(campo.widget_type, "form-control")
    if campo.errors:
        clase += " is-invalid"
    propia = campo.field.widget.attrs.get("class", "")
    return campo.as_widget(attrs={"class": f"{propia} {clase}".strip()})


@register.filter
def es_casilla(campo) -> bool:
    return campo.widget_type == "checkbox"
