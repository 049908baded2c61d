"""Error e-mails to ADMINS: no form values or personal data, once per error, none for /salud/."""

import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
@login_not_required
def falla(request):
    raise RuntimeError(f"fallo con {request.POST.get('nombre', '')}")


urlpatterns = [path("falla/", falla)]


@pytest.fixture
def portal(settings):
    """A client that gets the 500 page instead of the exception, with ADMINS configured."""
    settings.ADMINS = [("Sistemas", "sistemas@imm.test")]
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_the_admin_mail_names_type_path_and_request_id_but_not_what_was_typed(portal):
    respuesta = portal.post(
        "/falla/?curp=ABC123",
        {"nombre": "María López CURP ABC123"},
        HTTP_X_REQUEST_ID="req-falla-1",
        HTTP_COOKIE="sessionid=galleta-secreta",
    )

    assert respuesta.status_code == 500
    [aviso] = mail.outbox
    texto = aviso.subject + aviso.body + "".join(str(a[0]) for a in aviso.alternatives)
    assert "RuntimeError" in aviso.subject and "/falla/" in aviso.subject
    assert "req-falla-1" in aviso.body
    for dato in ("ABC123", "María", "galleta-secreta", "SECRET_KEY", "Traceback"):
        assert dato not in texto
    assert not aviso.attachments


@pytest.mark.django_db
def test_the_same_error_twice_in_a_row_sends_one_mail(portal):
    portal.post("/falla/", {"nombre": "uno"})
    portal.post("/falla/", {"nombre": "dos"})

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_health_probe_is_logged_but_not_mailed(settings, monkeypatch, caplog):
    settings.ADMINS = [("Sistemas", "sistemas@imm.test")]
    from django.db import connection

    def sin_base(*args, **kwargs):
        raise DatabaseError("servidor caído")

    monkeypatch.setattr(connection, "cursor", sin_base)

    with caplog.at_level(logging.WARNING):
        respuesta = Client().get("/salud/")

    assert respuesta.status_code == 503
    assert mail.outbox == []
    assert any(r.levelno >= logging.WARNING and "/salud/" in r.getMessage() for r in caplog.records)


def test_without_the_shared_cache_the_limit_still_holds_in_the_process(monkeypatch):
    from django.core.cache.backends.db import DatabaseCache

    from avgm.plataforma.avisos_error import AvisoErrorHandler

    def sin_cache(*args, **kwargs):
        raise DatabaseError("sin base")

    monkeypatch.setattr(DatabaseCache, "add", sin_cache)
    manejador = AvisoErrorHandler(minutos=10)

    assert [manejador._toca_enviar("RuntimeError|x|/a/") for _ in range(2)] == [True, False]
    assert manejador._toca_enviar("KeyError|x|/a/") is True
