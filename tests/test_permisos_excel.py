"""Every Excel URL × every persona (the rows to add to the portal's permission matrix)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = "login"

# name: (method, data, anon, enlace_a, enlace_b, analista, directivo)
MATRIZ = {
    "dependencias:importar": ("get", {}, LOGIN, 403, 403, 200, 403),
    "dependencias:plantilla": ("get", {}, LOGIN, 403, 403, 200, 403),
    # No pending upload: the analista is sent back to the upload form.
    "dependencias:importar_vista_previa": ("get", {}, LOGIN, 403, 403, 302, 403),
    "dependencias:importar_aplicar": ("post", {"huella": "x"}, LOGIN, 403, 403, 302, 403),
    "dependencias:importar_descartar": ("post", {}, LOGIN, 403, 403, 302, 403),
    "dependencias:exportar": ("get", {}, LOGIN, 403, 403, 200, 200),
    "fichas:exportar": ("get", {}, LOGIN, 403, 403, 200, 200),
}


@pytest.mark.parametrize("nombre", list(MATRIZ))
def test_each_persona_gets_the_expected_answer(
    client, nombre, enlace_a, enlace_b, analista, directivo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    metodo, datos, *esperado = MATRIZ[nombre]
    url = reverse(nombre)
    for usuario, respuesta_esperada in zip(
        [None, enlace_a, enlace_b, analista, directivo], esperado, strict=True
    ):
        client.logout()
        if usuario:
            client.force_login(usuario)
        respuesta = getattr(client, metodo)(url, datos)
        if respuesta_esperada == LOGIN:
            assert respuesta.status_code == 302
            assert respuesta["Location"].startswith(reverse("login")), nombre
        else:
            assert respuesta.status_code == respuesta_esperada, (nombre, usuario)
