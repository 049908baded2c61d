"""The task worker is watched: /salud/ reports its heartbeat and the queue, the jobs of a worker
that died go back to the queue (and fail after too many), and the worker outlives a database
that goes away."""

import datetime
import json
import logging

import pytest
from django.db import OperationalError, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avgm.models import WorkerTareas
from avgm.plataforma import worker
from tests.trabajador import anotar, trabajador

# The worker and the heartbeat need real commits.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def cola_en_la_base(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.AVGM_WORKER_SIN_LATIDO_SEGUNDOS = 30
    settings.AVGM_TAREA_INTENTOS = 3


def hace(segundos: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=segundos)


def una_tarea() -> DBTaskResult:
    return DBTaskResult.objects.get(pk=anotar.enqueue("hecho").id)


def como_si_corriera_en(tarea: DBTaskResult, *workers: str, desde: float = 60) -> None:
    """The job claimed by `workers` in turn, the last one still "running" it."""
    DBTaskResult.objects.filter(pk=tarea.pk).update(
        status="RUNNING", worker_ids=list(workers), started_at=hace(desde)
    )


def salud(client) -> tuple[int, dict[str, dict]]:
    """/salud/'s status code and its checks by name."""
    respuesta = client.get("/salud/")
    cuerpo = json.loads(respuesta.content)
    return respuesta.status_code, {c["nombre"]: c for c in cuerpo["comprobaciones"]}


def test_salud_is_red_while_no_worker_beats_and_green_while_one_does(client):
    estado, checks = salud(client)
    assert estado == 503 and checks["worker"]["estado"] == "error"
    assert checks["worker"]["detalle"] == "ningún worker ha latido nunca: arranque avgm-worker"

    worker.latir("w-1")
    estado, checks = salud(client)
    assert estado == 200 and checks["worker"]["estado"] == "ok"
    assert checks["worker"]["detalle"].startswith("1 en marcha; último latido hace 0 s")

    WorkerTareas.objects.update(latido_en=hace(31))  # killed: it stopped beating
    estado, checks = salud(client)
    assert estado == 503
    assert checks["worker"]["detalle"] == (
        "sin latido desde hace 31 s (límite: 30 s): revise avgm-worker"
    )


def test_salud_is_red_while_the_oldest_job_waits_too_long(client, settings):
    settings.AVGM_COLA_ESPERA_MAXIMA_SEGUNDOS = 600
    worker.latir("w-1")
    tarea = una_tarea()
    estado, checks = salud(client)
    assert estado == 200 and checks["cola"]["detalle"].startswith("1 en espera, 0 en curso")

    DBTaskResult.objects.filter(pk=tarea.pk).update(enqueued_at=hace(660))
    estado, checks = salud(client)
    assert estado == 503 and checks["cola"]["estado"] == "error"
    assert checks["cola"]["detalle"] == (
        "1 en espera, 0 en curso; la más antigua espera hace 660 s (límite: 600 s)"
    )


def test_a_job_of_a_dead_worker_goes_back_to_the_queue_and_a_live_ones_stays(caplog):
    WorkerTareas.objects.create(worker_id="muerto", iniciado_en=hace(600), latido_en=hace(60))
    worker.latir("vivo")
    huerfana, ocupada = una_tarea(), una_tarea()
    como_si_corriera_en(huerfana, "muerto")
    como_si_corriera_en(ocupada, "vivo")

    assert worker.recuperar_huerfanas() == (1, 0)

    huerfana.refresh_from_db()
    ocupada.refresh_from_db()
    assert (huerfana.status, huerfana.started_at) == ("READY", None)
    assert ocupada.status == "RUNNING"
    assert "perdió su worker (intento 1 de 3)" in caplog.text


def test_a_job_that_lost_too_many_workers_fails_loudly(caplog):
    tarea = una_tarea()
    como_si_corriera_en(tarea, "a", "b", "c")

    with caplog.at_level(logging.ERROR):
        assert worker.recuperar_huerfanas() == (0, 1)

    tarea.refresh_from_db()
    assert tarea.status == "FAILED" and tarea.exception_class_path == worker.WORKER_PERDIDO
    assert any(r.levelno == logging.ERROR and "3 veces" in r.getMessage() for r in caplog.records)


def test_a_job_just_claimed_by_a_worker_not_yet_seen_is_left_alone():
    tarea = una_tarea()
    como_si_corriera_en(tarea, "recien-llegado", desde=2)

    assert worker.recuperar_huerfanas() == (0, 0)


@pytest.mark.slow  # a real db_worker
def test_the_worker_outlives_a_database_that_goes_away(monkeypatch, caplog):
    monkeypatch.setattr("avgm.management.commands.db_worker.PAUSA_INICIAL", 0.01)
    base = connections["default"]
    cursor = base.cursor
    caidas = iter(range(3))  # three queries fail, then the database is back

    def base_caida(*args, **kwargs):
        if next(caidas, None) is not None:
            raise OperationalError("server closed the connection unexpectedly")
        return cursor(*args, **kwargs)

    tarea = una_tarea()
    monkeypatch.setattr(base, "cursor", base_caida)

    trabajador()

    tarea.refresh_from_db()
    assert tarea.status == "SUCCESSFUL"  # it carried on and did the work
    errores = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errores) == 1 and "El worker perdió la base de datos" in errores[0]
    assert "La base de datos sigue sin responder" in caplog.text  # later failures: warnings
    assert "La base de datos volvió" in caplog.text


@pytest.mark.slow  # a real db_worker
def test_a_job_whose_outcome_the_lost_database_did_not_record_runs_again(monkeypatch):
    """The database went while the worker recorded a job's outcome: the job goes back to the
    queue (this worker's own) instead of staying «running» forever."""
    monkeypatch.setattr("avgm.management.commands.db_worker.PAUSA_INICIAL", 0.01)
    for metodo in ("set_successful", "set_failed"):
        original = getattr(DBTaskResult, metodo).__wrapped__  # without the library's retries
        caida = iter([True])

        def sin_base(self, valor, original=original, caida=caida):
            if next(caida, False):
                raise OperationalError("the database system is shutting down")
            return original(self, valor)

        monkeypatch.setattr(DBTaskResult, metodo, sin_base)
    tarea = una_tarea()

    trabajador(worker_id="w-unico")

    tarea.refresh_from_db()
    assert tarea.status == "SUCCESSFUL"
    assert tarea.worker_ids == ["w-unico", "w-unico"]  # the lost run counts as an attempt
