"""Free text has limits and is stored clean; database rules speak Spanish to people.

Every form of the portal is built from these model fields (ModelForms) or repeats their
limits, so the rules are tested on the fields themselves.
"""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.constraints import BaseConstraint
from django.forms import modelform_factory

from avgm.texto import LARGO_MAXIMO, TextoCorto, TextoLargo
from fichas.models import CodigoObservacion, FichaTecnica, Observacion
from informes.models import NarrativaCorte
from tests.factories import FichaFactory

APPS = {"avgm", "dependencias", "fichas", "informes"}
# Text written by code, never typed by a person: no limit or cleaning to enforce there.
ESCRITOS_POR_CODIGO = {"eventobitacora", "solicitudrestablecimiento", "revisiondatos"}


def _modelos():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS and m._meta.model_name not in ESCRITOS_POR_CODIGO
    ]


def test_every_long_text_a_person_types_has_a_limit_and_is_cleaned():
    sin_limite = [
        f"{m._meta.label}.{f.name}"
        for m in _modelos()
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and not (isinstance(f, TextoLargo) and f.max_length)
    ]
    assert sin_limite == []


def test_no_database_rule_shows_its_raw_name_to_a_person():
    por_omision = BaseConstraint.default_violation_error_message
    crudas = [
        f"{m._meta.label}: {c.name}"
        for m in _modelos()
        for c in m._meta.constraints
        if c.violation_error_message in (None, por_omision)
    ]
    assert crudas == []


@pytest.mark.django_db
def test_a_negative_budget_says_which_field_and_why():
    ficha = FichaFactory()
    Formulario = modelform_factory(FichaTecnica, fields=["presupuesto_ejercido"])
    formulario = Formulario({"presupuesto_ejercido": "-5"}, instance=ficha)
    assert not formulario.is_valid()
    assert formulario.errors["presupuesto_ejercido"] == [
        "El presupuesto ejercido no puede ser negativo."
    ]
    assert "ficha_cantidades_no_negativas" not in str(formulario.errors)


@pytest.mark.django_db
def test_an_overlong_text_is_refused_with_its_limit_in_mexican_format():
    ficha = FichaFactory()
    Formulario = modelform_factory(FichaTecnica, fields=["actividades"])
    formulario = Formulario({"actividades": "x" * (LARGO_MAXIMO + 1)}, instance=ficha)
    assert not formulario.is_valid()
    assert formulario.errors["actividades"] == [
        "El texto tiene 10,001 caracteres; el máximo es 10,000."
    ]
    # Said to the page's counter, not enforced by the browser (it would cut a paste silently).
    assert 'data-maxlength="10000"' in str(formulario["actividades"])
    assert ' maxlength="' not in str(formulario["actividades"])


@pytest.mark.django_db
def test_control_characters_pasted_from_word_are_stripped_when_saved():
    ficha = FichaFactory()
    ficha.actividades = "Taller\x0bsegunda línea\x00 fin"
    ficha.lugar = "Colonia\x07 Centro"
    ficha.save()
    ficha.refresh_from_db()
    assert ficha.actividades == "Taller\nsegunda línea fin"
    assert ficha.lugar == "Colonia Centro"


@pytest.mark.django_db
def test_bulk_created_rows_are_cleaned_too(analista):
    ficha = FichaFactory()
    codigo = CodigoObservacion.objects.first()
    Observacion.objects.bulk_create(
        [Observacion(ficha=ficha, codigo=codigo, creada_por=analista, texto="Falta\x0bla lista")]
    )
    assert Observacion.objects.get(ficha=ficha).texto == "Falta\nla lista"


def test_the_narrative_sections_take_ten_thousand_characters():
    for campo in ("principales", "areas_deficientes", "recomendaciones", "compromisos"):
        assert NarrativaCorte._meta.get_field(campo).max_length == 10_000


def test_short_free_texts_are_cleaned_fields():
    assert isinstance(FichaTecnica._meta.get_field("fuente_presupuesto"), TextoCorto)


def test_free_text_of_forms_that_are_not_model_forms_has_the_same_limit_and_cleaning():
    from fichas.forms import ReabrirForm

    largo = ReabrirForm({"version": 1, "motivo": "x" * (LARGO_MAXIMO + 1)})
    assert not largo.is_valid()
    assert largo.errors["motivo"] == ["El texto tiene 10,001 caracteres; el máximo es 10,000."]
    pegado = ReabrirForm({"version": 1, "motivo": "Cifra\x0bcorregida\x00"})
    assert pegado.is_valid(), pegado.errors
    assert pegado.cleaned_data["motivo"] == "Cifra\ncorregida"
