"""The home URL sends each person to the page of their role."""

import pytest
from django.urls import reverse

from avgm.plataforma import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_analista_lands_on_the_review_queue(client, analista):
    client.force_login(analista)
    respuesta = client.get(reverse("inicio"))
    assert respuesta.status_code == 200
    assert [t.name for t in respuesta.templates][0] == "fichas/inicio_analista.html"


def test_the_enlace_lands_on_its_metas(client, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.get(reverse("inicio"))
    assert [t.name for t in respuesta.templates][0] == "fichas/inicio_enlace.html"


def test_the_directivo_lands_on_the_overview(client, directivo):
    client.force_login(directivo)
    assert client.get(reverse("inicio"))["Location"] == reverse("informes:tablero")


def test_the_administrador_is_offered_the_admin_and_no_seguimiento_data(client):
    client.force_login(UserFactory(username="admin2", rol=roles.ADMINISTRADOR, is_staff=True))
    respuesta = client.get(reverse("inicio"))
    assert respuesta.status_code == 200
    assert [t.name for t in respuesta.templates][0] == "avgm/inicio.html"
    html = respuesta.content.decode()
    assert f'class="btn btn-primary" href="{reverse("admin:index")}">Administración' in html
    assert "no lee los datos del seguimiento" in html
    for nombre in ["fichas:cola", "informes:tablero"]:  # no menu entry into seguimiento data
        assert reverse(nombre) not in html


def test_an_account_without_a_role_is_told_to_ask_for_one(client):
    client.force_login(UserFactory(username="nueva"))
    respuesta = client.get(reverse("inicio"))
    html = respuesta.content.decode()
    assert "todavía no tiene un rol" in html
    assert reverse("admin:index") not in html


def test_a_superuser_reviews_like_an_analista(client):
    client.force_login(UserFactory(username="raiz", is_superuser=True, is_staff=True))
    respuesta = client.get(reverse("inicio"))
    assert [t.name for t in respuesta.templates][0] == "fichas/inicio_analista.html"
