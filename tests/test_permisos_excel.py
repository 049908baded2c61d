"""Every Excel URL × every persona (the rows to add to the portal's permission matrix)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from avgm import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "login"

# name: (method, data, anon, enlace_a, enlace_b, analista, directivo, administrador)
# The Administrador keeps accounts and reads no seguimiento data: 403 everywhere here.
MATRIZ = {
    "dependencias:importar": ("get", {}, LOGIN, 403, 403, 200, 403, 403),
    "dependencias:plantilla": ("get", {}, LOGIN, 403, 403, 200, 403, 403),
    # No pending upload: the analista is sent back to the upload form.
    "dependencias:importar_vista_previa": ("get", {}, LOGIN, 403, 403, 302, 403, 403),
    "dependencias:importar_aplicar": ("post", {"huella": "x"}, LOGIN, 403, 403, 302, 403, 403),
    "dependencias:importar_descartar": ("post", {}, LOGIN, 403, 403, 302, 403, 403),
    "dependencias:exportar": ("get", {}, LOGIN, 403, 403, 200, 200, 403),
    "fichas:exportar": ("get", {}, LOGIN, 403, 403, 200, 200, 403),
}


@pytest.fixture
def administrador(db):
    """Keeps the portal's accounts; not a superuser."""
    return UserFactory(username="administrador", rol=roles.ADMINISTRADOR)


def test_each_persona_gets_the_expected_answer(
    client, enlace_a, enlace_b, analista, directivo, administrador, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    personas = [None, enlace_a, enlace_b, analista, directivo, administrador]
    obtenido, esperado = {}, {}
    for nombre, (metodo, datos, *respuestas) in MATRIZ.items():
        url = reverse(nombre)
        for usuario, respuesta_esperada in zip(personas, respuestas, strict=True):
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


def test_the_excel_menu_offers_each_persona_what_it_may_use(
    rf, analista, directivo, administrador, enlace_a
):
    def menu(usuario):
        request = rf.get("/")
        request.user = usuario
        return render_to_string("base_portal.html", request=request)

    assert "Importar catálogo y metas" in menu(analista)
    assert "Exportar catálogo y metas" in menu(analista)
    assert "Importar catálogo y metas" not in menu(directivo)
    assert "Exportar catálogo y metas" in menu(directivo)
    for sin_excel in (administrador, enlace_a):
        assert "Exportar catálogo y metas" not in menu(sin_excel)
        assert "Importar catálogo y metas" not in menu(sin_excel)
