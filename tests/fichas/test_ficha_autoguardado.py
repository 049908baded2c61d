"""The ficha page saves a draft by itself while the enlace types, with the version check."""

import pytest
from django.urls import reverse

from fichas import workflow
from fichas.models import Evidencia

pytestmark = pytest.mark.django_db


def _pantalla(ficha, **cambios) -> dict:
    """What the page's script posts: the one form's fields, and the automatic-save mark."""
    datos = {c: getattr(ficha, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(con_ficha="1", version=ficha.version, autoguardado="1", **cambios)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}


def test_the_automatic_save_stores_the_fields_and_answers_the_new_version(
    client, ficha_a, enlace_a
):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    # An evidence link being typed is not added by a save nobody pressed.
    datos = _pantalla(ficha_a, obstaculos="Lluvia.", url="https://juarez.gob.mx/a")
    respuesta = client.post(url, datos, HTTP_X_REQUESTED_WITH="fetch")
    assert respuesta.status_code == 200
    ficha_a.refresh_from_db()
    assert ficha_a.obstaculos == "Lluvia."
    assert respuesta.json()["version"] == ficha_a.version
    assert respuesta.json()["sesion"]["inactividad"] > 0
    assert not Evidencia.objects.filter(ficha=ficha_a).exists()
    assert "Ficha guardada como borrador" not in client.get(url).text


def test_an_automatic_save_from_a_stale_page_changes_nothing(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    datos = _pantalla(ficha_a, obstaculos="Primero.")
    assert client.post(url, datos, HTTP_X_REQUESTED_WITH="fetch").status_code == 200
    # The same page (old version) again: another tab saved meanwhile.
    respuesta = client.post(url, {**datos, "obstaculos": "Viejo."}, HTTP_X_REQUESTED_WITH="fetch")
    assert respuesta.status_code == 409 and "error" in respuesta.json()
    ficha_a.refresh_from_db()
    assert ficha_a.obstaculos == "Primero."


def test_an_overlong_text_is_refused_saying_both_lengths_and_kept_whole(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    pegado = "a" * 20_000
    datos = {k: v for k, v in _pantalla(ficha_a, actividades=pegado).items() if k != "autoguardado"}
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 400
    assert "El texto tiene 20,000 caracteres; el máximo es 10,000." in respuesta.text
    assert pegado in respuesta.text  # nothing cut: the enlace trims it
    assert 'data-maxlength="10000"' in respuesta.text
    assert 'maxlength="10000"' not in respuesta.text.replace('data-maxlength="10000"', "")
