"""Accounts: Spanish login, lockout after repeated failures, password reset by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_takes_the_enlace_home(client, enlace_a):
    respuesta = client.post(reverse("login"), {"username": "enlace_a", "password": PASSWORD})
    assert respuesta["Location"] == reverse("inicio")


def test_repeated_failures_lock_the_account_with_a_clear_message(client, enlace_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post(reverse("login"), {"username": "enlace_a", "password": "mala"})
        assert r.status_code == 200  # the form again, with its error
    r = client.post(reverse("login"), {"username": "enlace_a", "password": "mala"})
    assert r.status_code == 429
    # Locked: even the right password is refused for now.
    bloqueo = client.post(reverse("login"), {"username": "enlace_a", "password": PASSWORD})
    assert bloqueo.status_code == 429
    assert "Acceso bloqueado temporalmente" in bloqueo.content.decode()


def test_password_reset_sends_a_spanish_email(client, enlace_a):
    client.post(reverse("password_reset"), {"email": enlace_a.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Restablecer su contraseña de Seguimiento AVGM"
    assert "/cuentas/reset/" in mail.outbox[0].body


def test_login_page_is_in_spanish(client):
    html = client.get(reverse("login")).content.decode()
    assert "Iniciar sesión" in html and "Nombre de usuario" in html
