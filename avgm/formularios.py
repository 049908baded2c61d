"""How the portal renders a form field: Django's own form rendering (`{{ form.campo.as_field_group }}`)
with the Bootstrap 5 markup that crispy-bootstrap5 writes, in one small template.

crispy-forms renders every field through a dozen templates and template tags: on the pages people
open all day (a ficha holds 36 fields, the review queue 5 selects) that was most of the page's
server time. Those pages use this renderer; crispy stays for forms with a layout of their own.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class Bootstrap(TemplatesSetting):
    """The project's templates (cached in production) render forms; a field group is
    `templates/formularios/campo.html`."""

    field_template_name = "formularios/campo.html"


class Selector(forms.Select):
    """A select whose options are written in Python instead of through one template each:
    the same markup as Django's (attributes as `django/forms/widgets/attrs.html` writes them),
    for selects of a few dozen options on pages people open all day (the queue's filters)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        partes = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for grupo, opciones, _indice in widget["optgroups"]:
            if grupo:
                partes.append(format_html('<optgroup label="{}">', grupo))
            partes += [
                format_html(
                    '<option value="{}"{}>{}</option>', o["value"], flatatt(o["attrs"]), o["label"]
                )
                for o in opciones
            ]
            if grupo:
                partes.append(mark_safe("</optgroup>"))
        partes.append(mark_safe("</select>"))
        return mark_safe("".join(partes))  # noqa: S308 - every piece escaped by format_html
