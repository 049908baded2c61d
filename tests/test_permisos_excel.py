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


def test_each_persona_gets_the_expected_answer(
    client, enlace_a, enlace_b, analista, directivo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    obtenido, esperado = {}, {}
    for nombre, (metodo, datos, *respuestas) in MATRIZ.items():
        url = reverse(nombre)
        for usuario, respuesta_esperada in zip(
            [None, enlace_a, enlace_b, analista, directivo], respuestas, strict=True
        ):
            client.logout()
            if usuario:
                client.force_login(usuario)
            respuesta = getattr(client, metodo)(url, datos)
            clave = (nombre, str(usuario or "anónimo"))
            obtenido[clave] = respuesta.status_code
            if respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login")):
                obtenido[clave] = LOGIN
            esperado[clave] = respuesta_esperada
    assert obtenido == esperado
