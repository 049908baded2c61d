"""The fields of the pages people use all day render in one small template
(avgm.formularios, formularios/campo.html): Bootstrap 5 markup, and an error that says
which field and why, wired for screen readers."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe

from avgm.formularios import Bootstrap
from fichas.forms import FichaForm
from fichas.workflow import CAMPOS_EDITABLES


def test_every_field_the_enlace_fills_is_on_the_ficha_page(client, enlace_a, ficha_a):
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).content.decode()
    faltan = [c for c in CAMPOS_EDITABLES if f'name="{c}"' not in html]
    assert faltan == []
    # Each field drawn by formularios/campo.html: its control carries Bootstrap's class.
    assert re.search(r'<input type="number" name="mujeres_0_11"[^>]* class="form-control"', html)
    assert re.search(r'<textarea name="actividades"[^>]* class="form-control"', html)
    assert re.search(r'<input type="checkbox" name="no_aplica"[^>]* class="form-check-input"', html)


def test_a_field_with_an_error_says_why_and_is_marked_for_screen_readers(ficha_a):
    form = FichaForm({"version": ficha_a.version, "cantidad_alcanzada": "muchas"}, instance=ficha_a)
    assert not form.is_valid()
    html = str(form["cantidad_alcanzada"].as_field_group())
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_cantidad_alcanzada_error" class="invalid-feedback"' in html
    assert "Introduzca un número entero." in html
    assert "id_cantidad_alcanzada_error" in html.split("aria-describedby=")[1].split(">")[0]
    assert '<label for="id_cantidad_alcanzada" class="form-label requiredField">' in html


def test_a_field_under_an_observacion_keeps_its_highlight(ficha_a):
    form = FichaForm(instance=ficha_a, resaltar=["actividades"])
    html = str(form["actividades"].as_field_group())
    assert 'class="campo-observado form-control"' in html
    assert "Señalado en una observación" in html


def test_a_checkbox_is_a_bootstrap_check(ficha_a):
    html = str(FichaForm(instance=ficha_a)["no_aplica"].as_field_group())
    assert 'class="form-check"' in html
    assert 'class="form-check-input"' in html
    assert 'class="form-check-label"' in html


def test_the_queue_filters_are_selects_with_the_chosen_option_marked(db):
    from fichas.filters import FiltroFichas

    html = str(FiltroFichas({"estado": "enviada"}).form["estado"].as_field_group())
    assert '<select name="estado" class="form-select" id="id_estado">' in html
    assert '<option value="enviada" selected>Enviada</option>' in html
    assert '<option value="">Todos</option>' in html


_WIDGETS = [
    (forms.TextInput(), "Ana & <b>Bea</b>", {"maxlength": 40, "required": True}),
    (forms.TextInput(), None, {"placeholder": 'dice "hola"', "disabled": False}),
    (forms.NumberInput(attrs={"min": 0}), 12, {"aria-describedby": "a b", "data-x": None}),
    (forms.HiddenInput(), 3, {}),
    (forms.EmailInput(), "", {"class": "form-control is-invalid"}),
    (forms.URLInput(), "https://x.mx/?a=1&b=2", {}),
    (forms.DateInput(), datetime.date(2022, 3, 31), {}),
    (forms.CheckboxInput(), True, {"class": "form-check-input"}),
    (forms.CheckboxInput(), False, {}),
    (forms.FileInput(attrs={"accept": ".pdf"}), None, {}),
    (forms.Textarea(attrs={"rows": 2}), "línea 1\n<script>x</script>", {}),
    (forms.Textarea(), "", {}),
    (forms.Textarea(), mark_safe("<i>ya seguro</i>"), {}),
    (forms.Select(choices=[("", "Todos"), (1, "A & B"), (2, mark_safe("<b>C</b>"))]), 1, {}),
    (forms.Select(choices=[("Grupo <1>", [(1, "uno"), (2, "dos")]), (3, "tres")]), "2", {}),
    (forms.SelectMultiple(choices=[(1, "uno"), (2, "dos")]), [1, 2], {"size": 3}),
]


def _juntos(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(("widget", "valor", "attrs"), _WIDGETS)
def test_widgets_written_in_python_match_djangos_templates(widget, valor, attrs):
    attrs = {"id": "id_campo", **attrs}
    django = widget.render("campo", valor, attrs=dict(attrs), renderer=DjangoTemplates())
    nuestro = widget.render("campo", valor, attrs=dict(attrs), renderer=Bootstrap())
    assert _juntos(nuestro) == _juntos(django)


@pytest.fixture
def plantillas_del_proyecto(settings, tmp_path):
    """Put templates in a project directory that wins over Django's own (as templates/ does)."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    def poner(nombre: str, texto: str) -> None:
        ruta = tmp_path / nombre
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_text(texto)

    return poner


def test_without_overrides_inputs_textareas_and_selects_are_written_in_python():
    en_python = Bootstrap().en_python
    assert "django/forms/widgets/text.html" in en_python
    assert "django/forms/widgets/textarea.html" in en_python
    assert "django/forms/widgets/select.html" in en_python


def test_a_project_override_of_a_widget_written_in_python_is_used(plantillas_del_proyecto):
    plantillas_del_proyecto(
        "django/forms/widgets/textarea.html",
        '<textarea class="propia" name="{{ widget.name }}">{{ widget.value }}</textarea>',
    )
    renderer = Bootstrap()
    html = forms.Textarea().render("nota", "hola", renderer=renderer)
    assert html == '<textarea class="propia" name="nota">hola</textarea>'
    # The other widgets keep their fast path.
    assert "django/forms/widgets/text.html" in renderer.en_python


def test_overriding_a_template_a_writer_copies_sends_its_widgets_to_the_templates(
    plantillas_del_proyecto,
):
    # attrs.html is included by every input, textarea and select.
    plantillas_del_proyecto(
        "django/forms/widgets/attrs.html",
        '{% for nombre, valor in widget.attrs.items %} data-{{ nombre }}="{{ valor }}"{% endfor %}',
    )
    renderer = Bootstrap()
    assert renderer.en_python == {}
    html = forms.TextInput().render("nombre", "Ana", attrs={"id": "id_nombre"}, renderer=renderer)
    assert html == '<input type="text" name="nombre" value="Ana" data-id="id_nombre">'


class _Opciones(forms.Form):
    medios = forms.MultipleChoiceField(
        label="Medios",
        choices=[("Impresos", [("cartel", "Cartel"), ("folleto", "Folleto")]), ("radio", "Radio")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Los que se usaron.",
    )
    turno = forms.ChoiceField(
        label="Turno", choices=[("m", "Matutino"), ("v", "Vespertino")], widget=forms.RadioSelect
    )


def test_checkboxes_are_a_fieldset_of_bootstrap_checks_with_their_groups():
    html = " ".join(
        str(_Opciones(initial={"medios": ["folleto"]})["medios"].as_field_group()).split()
    )
    assert (
        '<fieldset id="div_id_medios" class="mb-3" aria-describedby="id_medios_helptext">' in html
    )
    assert (
        '<legend class="form-label fs-6 requiredField">Medios<span class="asteriskField">*</span></legend>'
        in html
    )
    assert '<legend class="small fw-semibold mb-1">Impresos</legend>' in html
    assert (
        '<div class="form-check"><input type="checkbox" name="medios" value="folleto" '
        'class="form-check-input" id="id_medios_0_1" checked> '
        '<label class="form-check-label" for="id_medios_0_1">Folleto</label></div>'
    ) in html


def test_a_radio_choice_left_empty_says_so_in_view_of_the_fieldset():
    form = _Opciones({"medios": ["radio"]})
    assert not form.is_valid()
    html = str(form["turno"].as_field_group())
    assert 'aria-describedby="id_turno_error"' in html
    assert 'class="form-check-input is-invalid"' in html
    # Bootstrap hides .invalid-feedback unless it follows the invalid control; d-block shows it.
    assert 'class="invalid-feedback d-block"' in html
    assert "Este campo es obligatorio." in html


class _Cuenta(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    correo = forms.EmailField(label="Correo")

    def clean(self):
        raise forms.ValidationError("La cuenta está desactivada.")


def test_a_whole_form_draws_its_errors_hidden_fields_and_field_groups():
    form = _Cuenta({"version": "x", "correo": "ana@"})
    assert not form.is_valid()
    html = str(form)
    assert html.startswith('<div class="alert alert-danger" role="alert"><ul class="m-0">')
    assert "<li>La cuenta está desactivada.</li>" in html
    assert "(Campo oculto version) Introduzca un número entero." in html
    assert '<input type="hidden" name="version" value="x" id="id_version">' in html
    assert '<div id="div_id_correo" class="mb-3">' in html
    assert "Introduzca una dirección de correo electrónico válida." in html


def test_every_template_draws_forms_the_one_way_without_crispy():
    plantillas = Path(settings.BASE_DIR, "templates").rglob("*.html")
    con_crispy = [str(p) for p in plantillas if "crispy" in p.read_text()]
    assert con_crispy == []
    assert not any("crispy" in app for app in settings.INSTALLED_APPS)


# A control a page writes itself: a named <select>/<textarea>, or an <input> that is not hidden.
_CONTROL_A_MANO = re.compile(r'<(select|textarea)\b[^>]*\bname=|<input\b(?![^>]*type="hidden")')


def test_no_page_writes_its_own_form_controls():
    raiz = Path(settings.BASE_DIR, "templates")
    propias = [raiz / "formularios", raiz / "django" / "forms"]  # the widgets' own markup
    a_mano = [
        str(p.relative_to(raiz))
        for p in raiz.rglob("*.html")
        if not any(p.is_relative_to(d) for d in propias) and _CONTROL_A_MANO.search(p.read_text())
    ]
    assert a_mano == []
