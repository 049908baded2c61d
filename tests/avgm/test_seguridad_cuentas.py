"""Login lockout that cannot be turned against a user; password reset that cannot be abused."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from avgm.plataforma.cuentas import direccion_cliente
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATACANTE = "198.51.100.66"
VICTIMA = "203.0.113.10"
PROXY = "10.0.0.1"


def _entrar(client, usuario, password, **meta):
    return client.post(reverse("login"), {"username": usuario, "password": password}, **meta)


def _fallar_hasta_el_limite(client, settings, usuario, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _entrar(client, usuario, "adivinanza-equivocada", **meta)


def test_failures_from_an_attacker_address_do_not_lock_the_victim_elsewhere(
    client, settings, enlace_a
):
    _fallar_hasta_el_limite(client, settings, "enlace_a", REMOTE_ADDR=ATACANTE)

    # The attacker's address is locked for that account, even with the right password...
    assert _entrar(client, "enlace_a", PASSWORD, REMOTE_ADDR=ATACANTE).status_code == 429
    # ...and the real user, from her own address, still gets in.
    respuesta = _entrar(client, "enlace_a", PASSWORD, REMOTE_ADDR=VICTIMA)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("inicio")


def test_failed_attempts_are_kept_in_the_durable_failure_log(client, settings, enlace_a):
    _fallar_hasta_el_limite(client, settings, "enlace_a", REMOTE_ADDR=ATACANTE)
    registros = AccessFailureLog.objects.filter(username="enlace_a")
    assert registros.count() == settings.AXES_FAILURE_LIMIT
    assert set(registros.values_list("ip_address", flat=True)) == {ATACANTE}


def test_behind_a_trusted_proxy_the_address_comes_from_x_forwarded_for(client, settings, enlace_a):
    settings.AVGM_PROXIES_CONFIABLES = 1
    # Everyone reaches the portal through the same proxy; the attacker also forges a header
    # that claims the victim's address (the proxy appends the real one at the right).
    forjado = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{VICTIMA}, {ATACANTE}"}
    _fallar_hasta_el_limite(client, settings, "enlace_a", **forjado)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATACANTE}
    assert _entrar(client, "enlace_a", PASSWORD, **forjado).status_code == 429
    victima = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": VICTIMA}
    assert _entrar(client, "enlace_a", PASSWORD, **victima).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "esperada"),
    [(0, PROXY), (1, ATACANTE), (2, VICTIMA)],
)
def test_the_header_is_trusted_exactly_as_far_as_the_configured_proxies(
    settings, proxies, esperada
):
    settings.AVGM_PROXIES_CONFIABLES = proxies
    peticion = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {VICTIMA}, {ATACANTE}"
    )
    assert direccion_cliente(peticion) == esperada


def _enlace_de_restablecimiento() -> str:
    return re.search(r"https?://[^/]+(/cuentas/reset/\S+)", mail.outbox[-1].body).group(1)


def test_a_completed_password_reset_unlocks_the_account(client, settings, enlace_a):
    _fallar_hasta_el_limite(client, settings, "enlace_a", REMOTE_ADDR=ATACANTE)
    assert _entrar(client, "enlace_a", PASSWORD, REMOTE_ADDR=ATACANTE).status_code == 429

    client.post(reverse("password_reset"), {"email": enlace_a.email}, REMOTE_ADDR=ATACANTE)
    formulario = client.get(_enlace_de_restablecimiento(), follow=True)
    nueva = "una-clave-nueva-y-larga-2026"
    respuesta = client.post(
        formulario.redirect_chain[-1][0], {"new_password1": nueva, "new_password2": nueva}
    )
    assert respuesta["Location"] == reverse("password_reset_complete")

    assert not AccessAttempt.objects.filter(username="enlace_a").exists()
    assert _entrar(client, "enlace_a", nueva, REMOTE_ADDR=ATACANTE).status_code == 302


@pytest.mark.parametrize("largo", [151, 300, 5000])
def test_an_overlong_username_is_a_form_error_not_a_server_error(client, largo):
    respuesta = _entrar(client, "x" * largo, "lo-que-sea")
    assert respuesta.status_code == 200
    assert "El nombre de usuario tiene como máximo 150 caracteres." in respuesta.text
    assert not AccessAttempt.objects.exists()


def _pedir(client, correo, direccion):
    respuesta = client.post(reverse("password_reset"), {"email": correo}, REMOTE_ADDR=direccion)
    # Under the limit the neutral page (nobody learns whether the account exists); past it a
    # 429 that says what to do instead, the same for registered and unknown e-mails.
    if respuesta.status_code == 429:
        assert "Ya se pidieron varios enlaces" in respuesta.text
    else:
        assert respuesta.status_code == 302
        assert respuesta["Location"] == reverse("password_reset_done")


def test_reset_requests_for_one_email_stop_sending_after_the_limit(client, settings, enlace_a):
    limite = settings.AVGM_RESTABLECIMIENTOS_POR_HORA
    for i in range(limite + 3):
        _pedir(client, enlace_a.email.upper() if i % 2 else enlace_a.email, f"192.0.2.{i + 1}")
    assert len(mail.outbox) == limite
    assert {m.to[0] for m in mail.outbox} == {enlace_a.email}


def test_reset_requests_from_one_address_stop_sending_after_the_limit(client, settings):
    limite = settings.AVGM_RESTABLECIMIENTOS_POR_HORA
    usuarios = [UserFactory() for _ in range(limite + 3)]
    for usuario in usuarios:
        _pedir(client, usuario.email, ATACANTE)
    assert len(mail.outbox) == limite
    # Another address is not held back by the attacker's.
    _pedir(client, usuarios[-1].email, VICTIMA)
    assert len(mail.outbox) == limite + 1
