"""How the portal renders forms: Django's own form rendering with the project's templates.

- A whole form (`{{ form }}`) is `templates/formularios/formulario.html`: its errors, its
  hidden fields, then each visible field's group.
- A field group (`{{ form.campo.as_field_group }}`) is `templates/formularios/campo.html`,
  which hands the field to `grupo_html`: Bootstrap 5 markup written in one Python call.
  crispy-forms, which the portal used before, rendered every field through a dozen
  templates and tags, and even one template per group (and one for its help) cost a third
  of a millisecond a field: on the pages people open all day (a ficha holds 36 fields) that
  was most of the page's server time. Checkboxes and radio buttons are written the same way
  (`opciones_html`). To change that markup, change these functions (or point campo.html at
  markup of its own).
- The simplest widgets (every <input>, <textarea>, <select>) are written in Python with
  exactly the markup of Django's own templates for them: a template render per widget, and
  one more per <option>, cost more than the rest of a queue page. `tests/avgm/test_formularios.py`
  compares both writings.
- A widget's markup changes by overriding its Django template in the project
  (`templates/django/forms/widgets/<widget>.html`). The renderer checks, once, where each
  template it copies in Python comes from: when any of them is not Django's own, that
  widget goes back to its templates, so an override is never silently ignored.
"""

from __future__ import annotations

from html import escape as _escape_html
from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
_ATTRS = f"{_WIDGETS}attrs.html"
# Django's templates for these only include input.html.
_INPUTS = (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
    "time", "search", "tel", "color", "file", "checkbox",
)  # fmt: skip
_DE_DJANGO = Path(django.forms.__file__).resolve().parent / "templates"


def _texto(valor) -> str:
    """`{{ valor|stringformat:'s' }}`: always escaped, even a safe string."""
    if type(valor) is str:  # most values: Django's escape, without its lazy-text wrapper
        return _escape_html(valor)
    return escape(valor)  # (escape always escapes, and takes str() of anything)


def _escapar(valor) -> str:
    """`conditional_escape`; a plain str (nearly every name, id and label) is escaped
    directly: the lazy-text check around Django's escape cost more than the escaping, and
    a form with forty options calls this hundreds of times."""
    if type(valor) is str:
        return _escape_html(valor)
    return conditional_escape(valor)


def atributos_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    return "".join(
        ""
        if valor is False
        else f" {_escapar(nombre)}" + ("" if valor is True else f'="{_texto(valor)}"')
        for nombre, valor in attrs.items()
    )


def _input(w: dict) -> str:
    valor = "" if w["value"] is None else f' value="{_texto(w["value"])}"'
    return (
        f'<input type="{_escapar(w["type"])}" name="{_escapar(w["name"])}"'
        f"{valor}{atributos_html(w['attrs'])}>"
    )


def _textarea(w: dict) -> str:
    valor = _escapar(w["value"]) if w["value"] else ""
    return (
        f'<textarea name="{_escapar(w["name"])}"{atributos_html(w["attrs"])}>\n{valor}</textarea>'
    )


def _select(w: dict) -> str:
    partes = [f'<select name="{_escapar(w["name"])}"{atributos_html(w["attrs"])}>']
    for grupo, opciones, _indice in w["optgroups"]:
        if grupo:
            partes.append(f'\n  <optgroup label="{_escapar(grupo)}">')
        for o in opciones:
            partes.append(
                f'\n  <option value="{_texto(o["value"])}"{atributos_html(o["attrs"])}>'
                f"{_escapar(o['label'])}</option>"
            )
        if grupo:
            partes.append("\n  </optgroup>")
    partes.append("\n</select>")
    return "".join(partes)


def _visible(valor) -> str:
    """`{{ valor }}` in a template: localized, then escaped unless already safe."""
    if type(valor) is str:  # (localize leaves a str as it is)
        return _escape_html(valor)
    return conditional_escape(localize(valor))


def opciones_html(widget: dict) -> str:
    """The checkboxes or radio buttons of one field (`formularios/opciones.html`, which the
    project's checkbox_select.html and radio.html include): Bootstrap 5 checks, a fieldset
    per group of choices, in columns. Written in one call: a field such as the review's
    «campos señalados» has forty options, and a template loop over them cost more than the
    rest of the form."""
    id_ = widget["attrs"].get("id")
    partes = [f'<div id="{_visible(id_)}">' if id_ else "<div>"]
    for grupo, opciones, _indice in widget["optgroups"]:
        if grupo:
            partes.append(
                f'\n<fieldset class="mt-2"><legend class="small fw-semibold mb-1">'
                f'{_visible(grupo)}</legend><div class="campos-columnas">'
            )
        for o in opciones:
            partes.append(
                f'\n<div class="form-check"><input type="{_visible(o["type"])}" '
                f'name="{_visible(o["name"])}" value="{_texto(o["value"])}"'
                f'{atributos_html(o["attrs"])}> <label class="form-check-label" '
                f'for="{_visible(o["attrs"].get("id", ""))}">{_visible(o["label"])}</label></div>'
            )
        if grupo:
            partes.append("</div></fieldset>")
    partes.append("\n</div>")
    return "".join(partes)


def _clase_de_control(widget) -> str:
    # RadioSelect and its kin CheckboxSelectMultiple: the class goes on each option's input.
    if isinstance(widget, (django.forms.CheckboxInput, django.forms.RadioSelect)):
        return "form-check-input"
    if isinstance(widget, django.forms.Select):  # and its kin: multiple, null boolean
        return "form-select"
    return "form-control"


def _errores(campo):
    """The field's errors, None without any (`campo.errors` builds an empty list each time
    it is read, several times per field)."""
    return campo.form.errors.get(campo.name)


def control(campo, errores=False) -> str:
    """The widget, with the class Bootstrap expects for its type (plus «is-invalid» when the
    field has errors: `errores`, if the caller already read them) after the classes the form
    gave it. Django adds aria-invalid and aria-describedby (help text, errors) itself."""
    clase = _clase_de_control(campo.field.widget)
    if errores is False:
        errores = _errores(campo)
    if errores:
        clase += " is-invalid"
    propia = campo.field.widget.attrs.get("class", "")
    return campo.as_widget(attrs={"class": f"{propia} {clase}".strip()})


def _ayuda(campo, auto_id: str, errores, siempre_visible: bool = False) -> str:
    """The field's errors (shown even away from the control when `siempre_visible`: Bootstrap
    hides .invalid-feedback unless it follows the invalid control) and its help text."""
    partes = []
    if errores:
        visible = " d-block" if siempre_visible else ""
        partes.append(f'<div id="{auto_id}_error" class="invalid-feedback{visible}">')
        partes += (
            f'<p id="error_{_visible(i)}_{auto_id}"><strong>{_visible(error)}</strong></p>'
            for i, error in enumerate(errores, start=1)
        )
        partes.append("</div>")
    if campo.help_text:  # the form's own text, which may hold markup
        partes.append(f'<div id="{auto_id}_helptext" class="form-text">{campo.help_text}</div>')
    return "".join(partes)


def grupo_html(campo) -> str:
    """One field group (`{{ form.campo.as_field_group }}`, `formularios/campo.html`), Bootstrap
    5 markup: a check with its label beside it; checkboxes or radio buttons as a fieldset whose
    legend is the label; any other control under its label; each with its help and errors.
    Written in one call: a template per group and another for its help cost a third of a
    millisecond a field, and a ficha has thirty-six."""
    if campo.is_hidden:
        return f"{_visible(campo)}\n"
    requerido = campo.field.required
    marca_requerido = " requiredField" if requerido else ""
    asterisco = '<span class="asteriskField">*</span>' if requerido else ""
    etiqueta = _visible(campo.label)
    auto_id = _visible(campo.auto_id)
    errores = _errores(campo)
    if isinstance(campo.field.widget, django.forms.CheckboxInput):
        return (
            f'<div class="mb-3"><div id="div_{auto_id}" class="form-check">{control(campo, errores)} '
            f'<label for="{_visible(campo.id_for_label)}" class="form-check-label'
            f'{marca_requerido}">{etiqueta}{asterisco}</label>'
            f"{_ayuda(campo, auto_id, errores)}\n</div></div>\n"
        )
    clases = campo.css_classes()
    clases = f" {_visible(clases)}" if clases else ""
    if campo.use_fieldset:
        descrito = campo.aria_describedby
        descrito = f' aria-describedby="{_visible(descrito)}"' if descrito else ""
        leyenda = (
            f'<legend class="form-label fs-6{marca_requerido}">{etiqueta}{asterisco}</legend>'
            if campo.label
            else ""
        )
        return (
            f'<fieldset id="div_{auto_id}" class="mb-3{clases}"{descrito}>{leyenda}\n'
            f"{control(campo, errores)}{_ayuda(campo, auto_id, errores, siempre_visible=True)}"
            "\n</fieldset>\n"
        )
    if campo.label:
        para = campo.id_for_label
        para = f' for="{_visible(para)}"' if para else ""
        etiqueta = f'<label{para} class="form-label{marca_requerido}">{etiqueta}{asterisco}</label>'
    else:
        etiqueta = ""
    return (
        f'<div id="div_{auto_id}" class="mb-3{clases}">{etiqueta}\n'
        f"{control(campo, errores)}{_ayuda(campo, auto_id, errores)}\n</div>\n"
    )


# Widget template -> (the writer, every Django template whose markup that writer copies).
ESCRITORES = {
    **{
        f"{_WIDGETS}{nombre}.html": (
            _input,
            frozenset({f"{_WIDGETS}{nombre}.html", f"{_WIDGETS}input.html", _ATTRS}),
        )
        for nombre in _INPUTS
    },
    f"{_WIDGETS}textarea.html": (_textarea, frozenset({f"{_WIDGETS}textarea.html", _ATTRS})),
    f"{_WIDGETS}select.html": (
        _select,
        frozenset({f"{_WIDGETS}select.html", f"{_WIDGETS}select_option.html", _ATTRS}),
    ),
}


class Bootstrap(TemplatesSetting):
    """The project's templates (cached in production) render forms: a form is
    `formularios/formulario.html`, a field group `formularios/campo.html`; inputs, textareas
    and selects are written in Python unless the project overrides their templates."""

    form_template_name = "formularios/formulario.html"
    field_template_name = "formularios/campo.html"

    @cached_property
    def en_python(self) -> dict:
        """The widget templates written in Python: those whose copied templates all resolve
        to Django's own (looked up once, at the first widget this renderer draws)."""
        copiadas = set().union(*(c for _escribir, c in ESCRITORES.values()))
        ajenas = {
            nombre
            for nombre in copiadas
            if not Path(self.get_template(nombre).origin.name).resolve().is_relative_to(_DE_DJANGO)
        }
        return {
            nombre: escribir
            for nombre, (escribir, copiadas) in ESCRITORES.items()
            if not copiadas & ajenas
        }

    def render(self, template_name, context, request=None):
        escribir = self.en_python.get(template_name)
        if escribir is None:
            return super().render(template_name, context, request=request)
        return mark_safe(escribir(context["widget"]))  # noqa: S308 - every value escaped above
