"""/salud/: the monitoring's question, answered without a login and without data."""

import json

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_it_answers_ok_without_login_when_the_database_answers(client):
    respuesta = client.get("/salud/")

    assert respuesta.status_code == 200
    assert json.loads(respuesta.content) == {"estado": "ok"}
    # Never a cached answer: no proxy may keep it, and a browser asks again each time.
    directivas = {d.strip() for d in respuesta["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "max-age=0"} <= directivas


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def sin_base(*args, **kwargs):
        raise DatabaseError("servidor caído")

    monkeypatch.setattr(connection, "cursor", sin_base)

    respuesta = client.get("/salud/")

    assert respuesta.status_code == 503
    cuerpo = json.loads(respuesta.content)
    assert cuerpo["estado"] != "ok"
    assert "caído" not in respuesta.content.decode()  # the error itself is not revealed


@pytest.mark.django_db
def test_it_reveals_no_data_to_a_logged_in_user_either(client, analista):
    client.force_login(analista)

    respuesta = client.get("/salud/")

    assert json.loads(respuesta.content) == {"estado": "ok"}


@pytest.mark.django_db
def test_it_only_answers_get(client):
    assert client.post("/salud/").status_code == 405
