"""How the portal renders forms: Django's own form rendering with the project's templates.

- A field group (`{{ form.campo.as_field_group }}`) is ONE small template,
  `templates/formularios/campo.html`, with the Bootstrap 5 markup crispy-bootstrap5 writes.
  crispy-forms renders every field through a dozen templates and tags: on the pages people
  open all day (a ficha holds 36 fields) that was most of the page's server time.
- The simplest widgets (every <input>, <textarea>, <select>) are written in Python with
  exactly the markup of Django's own templates for them: a template render per widget, and
  one more per <option>, cost more than the rest of a queue page. Any other widget (and a
  project template overriding one of these, which this renderer would not see) goes through
  the templates as usual. `tests/test_formularios.py` compares both writings.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
# Django's templates for these only include input.html.
_INPUTS = {
    f"{_WIDGETS}{nombre}.html"
    for nombre in (
        "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
        "time", "search", "tel", "color", "file", "checkbox",
    )
}  # fmt: skip


def _texto(valor) -> str:
    """`{{ valor|stringformat:'s' }}`: always escaped, even a safe string."""
    return escape(valor)  # (escape always escapes, and takes str() of anything)


def _atributos(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    return "".join(
        ""
        if valor is False
        else f" {conditional_escape(nombre)}" + ("" if valor is True else f'="{_texto(valor)}"')
        for nombre, valor in attrs.items()
    )


def _input(w: dict) -> str:
    valor = "" if w["value"] is None else f' value="{_texto(w["value"])}"'
    return (
        f'<input type="{conditional_escape(w["type"])}" name="{conditional_escape(w["name"])}"'
        f"{valor}{_atributos(w['attrs'])}>"
    )


def _textarea(w: dict) -> str:
    valor = conditional_escape(w["value"]) if w["value"] else ""
    return f'<textarea name="{conditional_escape(w["name"])}"{_atributos(w["attrs"])}>\n{valor}</textarea>'


def _select(w: dict) -> str:
    partes = [f'<select name="{conditional_escape(w["name"])}"{_atributos(w["attrs"])}>']
    for grupo, opciones, _indice in w["optgroups"]:
        if grupo:
            partes.append(f'\n  <optgroup label="{conditional_escape(grupo)}">')
        for o in opciones:
            partes.append(
                f'\n  <option value="{_texto(o["value"])}"{_atributos(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>"
            )
        if grupo:
            partes.append("\n  </optgroup>")
    partes.append("\n</select>")
    return "".join(partes)


_ESCRITORES = {
    **dict.fromkeys(_INPUTS, _input),
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
}


class Bootstrap(TemplatesSetting):
    """The project's templates (cached in production) render forms; a field group is
    `formularios/campo.html`; inputs, textareas and selects are written in Python."""

    field_template_name = "formularios/campo.html"

    def render(self, template_name, context, request=None):
        escribir = _ESCRITORES.get(template_name)
        if escribir is None:
            return super().render(template_name, context, request=request)
        return mark_safe(escribir(context["widget"]))  # noqa: S308 - every value escaped above
