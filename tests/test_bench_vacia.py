"""The bare view load tests compare pages with exists only when AVGM_VISTA_VACIA is on."""

import importlib

import pytest
from django.urls import clear_url_caches

import avgm.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def rutas(settings):
    def cargar(encendida: bool):
        settings.AVGM_VISTA_VACIA = encendida
        importlib.reload(avgm.urls)
        clear_url_caches()

    yield cargar
    settings.AVGM_VISTA_VACIA = False
    importlib.reload(avgm.urls)
    clear_url_caches()


def test_the_bare_view_is_not_routed_by_default(client, directivo, rutas):
    rutas(False)
    client.force_login(directivo)
    assert client.get("/_bench/vacio/").status_code == 404


def test_the_bare_view_answers_when_the_load_test_turns_it_on(client, directivo, rutas):
    rutas(True)
    client.force_login(directivo)
    respuesta = client.get("/_bench/vacio/")
    assert respuesta.status_code == 200
    assert respuesta.content == b"ok"
