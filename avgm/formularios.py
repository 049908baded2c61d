"""How the portal renders a form field: Django's own form rendering (`{{ form.campo.as_field_group }}`)
with the Bootstrap 5 markup that crispy-bootstrap5 writes, in one small template.

crispy-forms renders every field through a dozen templates and template tags: on the pages people
open all day (a ficha holds 36 fields, the review queue 5 selects) that was most of the page's
server time. Those pages use this renderer; crispy stays for forms with a layout of their own.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class Bootstrap(TemplatesSetting):
    """The project's templates (cached in production) render forms; a field group is
    `templates/formularios/campo.html`."""

    field_template_name = "formularios/campo.html"
