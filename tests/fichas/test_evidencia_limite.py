"""A file over the evidence limit is refused before the server reads it whole: the page's
input carries the limit for the browser to check first, and the server stops reading at it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import FakePayload
from django.urls import reverse

from fichas.models import Evidencia
from fichas.views.pagina import MARCA_FICHA

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def leidos(monkeypatch):
    """How many bytes of the request body the server read."""
    cuenta = {"bytes": 0}
    original = FakePayload.read

    def read(self, size=-1, /):
        datos = original(self, size)
        cuenta["bytes"] += len(datos)
        return datos

    monkeypatch.setattr(FakePayload, "read", read)
    return cuenta


def _post(client, ficha, tamano):
    archivo = SimpleUploadedFile("fotos.pdf", b"%PDF-1.4 " + b"0" * (tamano - 9))
    datos = {"version": ficha.version, "archivo": archivo, "descripcion": "Fotos del taller"}
    return client.post(reverse("fichas:evidencia_agregar", args=[ficha.pk]), datos)


def test_a_105_mb_file_is_refused_after_reading_little_more_than_the_limit(
    client, enlace_a, ficha_a, media_tmp, leidos, settings
):
    client.force_login(enlace_a)
    tamano = int(10.5 * MB)
    respuesta = _post(client, ficha_a, tamano)
    assert respuesta.status_code == 413
    assert "El archivo «fotos.pdf» pesa más de 10 MB" in respuesta.text
    assert "No se guardó nada" in respuesta.text
    assert not Evidencia.objects.exists()
    # It stopped at the limit (plus one chunk), not after the whole body.
    assert leidos["bytes"] <= settings.AVGM_EVIDENCIA_TAMANO_MAXIMO + 2 * 64 * 1024 < tamano


def test_a_body_far_over_the_limit_is_refused_without_reading_it(
    client, enlace_a, ficha_a, media_tmp, leidos
):
    client.force_login(enlace_a)
    respuesta = _post(client, ficha_a, 12 * MB)
    assert respuesta.status_code == 413
    assert leidos["bytes"] == 0
    assert not Evidencia.objects.exists()


def test_a_file_within_the_limit_is_still_added(client, enlace_a, ficha_a, media_tmp):
    client.force_login(enlace_a)
    respuesta = _post(client, ficha_a, 2 * MB)
    assert respuesta.status_code == 302
    assert Evidencia.objects.get().tamano == 2 * MB


def test_the_one_form_page_posts_are_limited_too(client, enlace_a, ficha_a, media_tmp):
    client.force_login(enlace_a)
    archivo = SimpleUploadedFile("grande.pdf", b"%PDF-1.4 " + b"0" * (int(10.2 * MB)))
    datos = {"version": ficha_a.version, MARCA_FICHA: "1", "archivo": archivo}
    respuesta = client.post(reverse("fichas:ficha", args=[ficha_a.pk]), datos)
    assert respuesta.status_code == 413


def test_the_input_carries_the_limit_for_the_browser(client, enlace_a, ficha_a, settings):
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert f'data-tamano-maximo="{settings.AVGM_EVIDENCIA_TAMANO_MAXIMO}"' in html
    assert "máximo 10 MB" in html
