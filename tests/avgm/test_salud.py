"""/salud/: the monitoring's question, answered without a login and without data.

A list of named checks (database, migrations, backups, task worker, queue, mail), each with estado
and detalle; any check in error makes it 503."""

import datetime
import json
import os

import pytest
from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder

from avgm.plataforma import respaldo


def pedir(client) -> tuple[int, dict]:
    respuesta = client.get("/salud/")
    return respuesta.status_code, json.loads(respuesta.content)


def comprobacion(cuerpo: dict, nombre: str) -> dict:
    [encontrada] = [c for c in cuerpo["comprobaciones"] if c["nombre"] == nombre]
    return encontrada


@pytest.fixture
def respaldos(settings, tmp_path):
    settings.AVGM_RESPALDOS = tmp_path / "respaldos"
    settings.AVGM_RESPALDO_EDAD_MAXIMA_HORAS = 30
    settings.AVGM_RESPALDOS.mkdir()
    return settings.AVGM_RESPALDOS


def respaldo_de_hace(carpeta, horas: float):
    momento = datetime.datetime.now() - datetime.timedelta(hours=horas)
    ruta = carpeta / respaldo.nombre_programado(momento)
    ruta.write_bytes(b"completo")
    os.utime(ruta, (momento.timestamp(), momento.timestamp()))
    return ruta


@pytest.mark.django_db
def test_it_answers_ok_without_login_when_everything_is_in_order(client, respaldos):
    respaldo_de_hace(respaldos, 5)

    estado, cuerpo = pedir(client)

    assert estado == 200
    assert cuerpo["estado"] == "ok"
    assert [(c["nombre"], c["estado"]) for c in cuerpo["comprobaciones"]] == [
        ("base_de_datos", "ok"),
        ("migraciones", "ok"),
        ("respaldo", "ok"),
        ("worker", "ok"),  # the tests' tasks run inside the request: no worker to watch
        ("cola", "ok"),
        ("correo", "ok"),
        ("firma", "ok"),  # no certificate: reports go out unsigned, and say so
        ("adscripciones", "ok"),  # one municipio: nobody needs an adscripción
    ]
    assert comprobacion(cuerpo, "respaldo")["detalle"].startswith(
        "último respaldo completo hace 5 h"
    )
    # Never a cached answer: no proxy may keep it, and a browser asks again each time.
    directivas = {d.strip() for d in client.get("/salud/")["Cache-Control"].split(",")}
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
    assert cuerpo["estado"] == "error"
    assert comprobacion(cuerpo, "base_de_datos")["detalle"] == "la base de datos no responde"
    assert "caído" not in respuesta.content.decode()  # the error itself is not revealed


@pytest.mark.django_db
def test_it_goes_red_when_the_last_complete_backup_is_older_than_the_limit(client, respaldos):
    respaldo_de_hace(respaldos, 31)
    (respaldos / "avgm-20991231-020000.tar.gz.parcial").write_bytes(b"a medias")  # not counted

    estado, cuerpo = pedir(client)

    assert estado == 503
    assert cuerpo["estado"] == "error"
    assert comprobacion(cuerpo, "respaldo") == {
        "nombre": "respaldo",
        "estado": "error",
        "detalle": "último respaldo completo hace 31 h (límite: 30 h)",
    }


@pytest.mark.django_db
def test_it_goes_red_when_the_backups_folder_has_no_complete_backup(client, respaldos):
    estado, cuerpo = pedir(client)

    assert estado == 503
    assert comprobacion(cuerpo, "respaldo")["detalle"] == "no hay ningún respaldo completo"


@pytest.mark.django_db
def test_a_failed_night_is_said_at_once_and_red_only_past_the_limit(client, respaldos):
    respaldo_de_hace(respaldos, 25)
    respaldo.registrar_fallo(respaldos, "No queda espacio en disco para el respaldo (en /srv).")

    estado, cuerpo = pedir(client)

    assert estado == 200
    assert comprobacion(cuerpo, "respaldo")["estado"] == "aviso"
    assert "falló" in comprobacion(cuerpo, "respaldo")["detalle"]
    assert "/srv" not in json.dumps(cuerpo)  # the reason stays in the log and the admin


@pytest.mark.django_db
def test_without_backups_configured_it_says_so_without_going_red(client, settings):
    settings.AVGM_RESPALDOS = None

    estado, cuerpo = pedir(client)

    assert estado == 200
    assert cuerpo["estado"] == "ok"
    assert comprobacion(cuerpo, "respaldo") == {
        "nombre": "respaldo",
        "estado": "aviso",
        "detalle": "no hay respaldos programados (AVGM_RESPALDOS vacía)",
    }


@pytest.mark.django_db
def test_it_goes_red_on_a_database_with_migrations_not_applied(client):
    from django.db import connection

    # As on a database restored from an older backup, before `migrate`.
    MigrationRecorder(connection).record_unapplied("planeacion", "0001_initial")

    estado, cuerpo = pedir(client)

    assert estado == 503
    assert comprobacion(cuerpo, "migraciones") == {
        "nombre": "migraciones",
        "estado": "error",
        "detalle": "falta 1 migración por aplicar: ejecute manage.py migrate",
    }


@pytest.mark.django_db
def test_a_check_that_breaks_is_an_error_not_a_500(client, monkeypatch):
    from avgm.plataforma import salud

    def rota():
        raise RuntimeError("/ruta/secreta")

    monkeypatch.setattr(salud, "COMPROBACIONES", [*salud.COMPROBACIONES, ("nueva", rota)])

    estado, cuerpo = pedir(client)

    assert estado == 503
    assert comprobacion(cuerpo, "nueva")["estado"] == "error"
    assert "secreta" not in json.dumps(cuerpo)


@pytest.mark.django_db
def test_a_logged_in_user_gets_the_same_answer_and_no_data(client, analista, settings):
    settings.AVGM_RESPALDOS = None
    anonimo = pedir(client)
    client.force_login(analista)

    assert pedir(client) == anonimo


@pytest.mark.django_db
def test_it_only_answers_get(client):
    assert client.post("/salud/").status_code == 405
