"""Request logs: one JSON object per line with request id, user id, path, status, duration."""

import io
import json
import logging

import pytest

from avgm.plataforma import logs


@pytest.fixture
def lineas():
    """Capture what the JSON handler writes for the request logger, line by line."""
    salida = io.StringIO()
    manejador = logging.StreamHandler(salida)
    manejador.setFormatter(logs.JsonFormatter())
    registrador = logging.getLogger("avgm.peticiones")
    registrador.addHandler(manejador)
    nivel = registrador.level
    registrador.setLevel(logging.INFO)
    yield lambda: [json.loads(linea) for linea in salida.getvalue().splitlines()]
    registrador.removeHandler(manejador)
    registrador.setLevel(nivel)


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_its_id_user_path_status_and_duration(
    client, analista, lineas
):
    client.force_login(analista)

    respuesta = client.get("/salud/", HTTP_X_REQUEST_ID="abc-123")

    [linea] = lineas()
    assert linea["request_id"] == "abc-123" == respuesta["X-Request-ID"]
    assert linea["user_id"] == analista.pk
    assert linea["path"] == "/salud/"
    assert linea["status"] == 200
    assert isinstance(linea["duration_ms"], float)
    assert linea["level"] == "INFO"
    assert linea["logger"] == "avgm.peticiones"
    assert linea["timestamp"].endswith("+00:00")


@pytest.mark.django_db
def test_a_request_without_a_sane_id_gets_a_new_one(client, lineas):
    respuesta = client.get("/salud/", HTTP_X_REQUEST_ID="<script>" + "x" * 100)

    [linea] = lineas()
    assert linea["request_id"] == respuesta["X-Request-ID"]
    assert "<script>" not in linea["request_id"]
    assert len(linea["request_id"]) == 32
    assert "user_id" not in linea  # anonymous


@pytest.mark.django_db
def test_a_login_logs_neither_the_password_nor_the_username(client, analista, lineas):
    analista.set_password("una-contrasena-muy-secreta")
    analista.save()

    client.post(
        "/cuentas/login/",
        {"username": analista.username, "password": "una-contrasena-muy-secreta"},
    )

    texto = json.dumps(lineas())
    assert "una-contrasena-muy-secreta" not in texto
    assert f'"{analista.username}"' not in texto
    assert any(linea["path"] == "/cuentas/login/" for linea in lineas())


def test_records_logged_during_a_request_carry_its_id():
    formato = logs.JsonFormatter()
    token = logs._peticion.set({"request_id": "r-1", "user_id": 7})
    try:
        registro = logging.makeLogRecord({"name": "fichas", "msg": "hola %s", "args": ("mundo",)})
        linea = json.loads(formato.format(registro))
    finally:
        logs._peticion.reset(token)

    assert linea["message"] == "hola mundo"
    assert (linea["request_id"], linea["user_id"]) == ("r-1", 7)


def test_admins_are_read_from_name_and_address_pairs():
    assert logs.administradores("Ana Pérez <ana@juarez.gob.mx>, soporte@juarez.gob.mx") == [
        ("Ana Pérez", "ana@juarez.gob.mx"),
        ("soporte@juarez.gob.mx", "soporte@juarez.gob.mx"),
    ]
    assert logs.administradores("") == []


def test_errors_are_emailed_to_the_administrators():
    from django.conf import settings

    assert "mail_admins" in settings.LOGGING["root"]["handlers"]
    manejador = settings.LOGGING["handlers"]["mail_admins"]
    assert manejador["()"] == "avgm.plataforma.avisos_error.AvisoErrorHandler"
    assert manejador["level"] == "ERROR"
