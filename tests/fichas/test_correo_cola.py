"""E-mail goes through the task worker: queued by the step, sent by the worker, put off and
tried again while the mail server is down, and given up loudly (log at ERROR, /salud/)."""

import json
import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avgm.plataforma import cola_correo, worker
from dependencias import correo
from fichas import workflow
from tests.trabajador import trabajador

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a real db_worker
]

CAIDO = "tests.fichas.test_correo_cola.ServidorCaido"


class ServidorCaido(BaseEmailBackend):
    """The mail server refuses connections; counts how many times it was tried."""

    intentos = 0

    def send_messages(self, mensajes):
        ServidorCaido.intentos += 1
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def cola_en_la_base(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.AVGM_CORREO_INTENTOS = 8
    settings.AVGM_CORREO_REINTENTO_SEGUNDOS = 60
    ServidorCaido.intentos = 0
    cola_correo._pausa_hasta = 0.0
    yield
    cola_correo._pausa_hasta = 0.0


def correos() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=cola_correo.enviar_correo.module_path))


def aprobada(ficha, destinatario) -> int:
    return correo.enviar(
        "fichas/correo/aprobada",
        {"ficha": ficha},
        [destinatario],
        municipio=ficha.periodo.ejercicio.municipio_id,
    )


def salud(client) -> tuple[int, dict[str, dict]]:
    """/salud/'s status code and its checks by name."""
    respuesta = client.get("/salud/")
    cuerpo = json.loads(respuesta.content)
    return respuesta.status_code, {c["nombre"]: c for c in cuerpo["comprobaciones"]}


def el_tiempo_pasa() -> None:
    """The retry is due now, and this process's pause after the failure is over."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    cola_correo._pausa_hasta = 0.0


def test_a_step_queues_its_mail_and_the_worker_sends_it(ficha_a, enlace_a, analista):
    workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)

    (en_cola,) = correos()
    assert en_cola.status == "READY" and en_cola.priority == cola_correo.PRIORIDAD
    assert mail.outbox == []  # nothing sent inside the step

    trabajador()

    assert [m.to for m in mail.outbox] == [[analista.email]]
    assert ficha_a.folio in mail.outbox[0].subject


def test_a_server_that_is_down_puts_the_message_off_and_it_is_delivered_once(
    settings, ficha_a, enlace_a, caplog
):
    settings.EMAIL_BACKEND = CAIDO
    aprobada(ficha_a, enlace_a.email)

    trabajador()

    primero, reintento = sorted(correos(), key=lambda t: t.enqueued_at)
    assert primero.status == "SUCCESSFUL" and reintento.status == "READY"
    assert reintento.args_kwargs["args"][1] == 2  # the second attempt
    espera = (reintento.run_after - timezone.now()).total_seconds()
    assert 50 < espera <= 60
    assert "intento 2 de 8 en 60 s" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    el_tiempo_pasa()
    trabajador()
    trabajador()

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [enlace_a.email]


def test_after_one_failure_the_messages_behind_it_do_not_try_the_server(
    settings, ficha_a, enlace_a
):
    settings.EMAIL_BACKEND = CAIDO
    for _ in range(3):
        aprobada(ficha_a, enlace_a.email)

    trabajador()

    assert ServidorCaido.intentos == 1  # one probe, not one timeout per message
    assert sum(t.status == "READY" for t in correos()) == 3


def test_mail_that_finally_fails_is_logged_at_error_and_counted_on_salud(
    client, settings, ficha_a, enlace_a, caplog
):
    settings.EMAIL_BACKEND = CAIDO
    settings.AVGM_CORREO_INTENTOS = 2
    aprobada(ficha_a, enlace_a.email)
    trabajador()
    el_tiempo_pasa()

    with caplog.at_level(logging.ERROR):
        trabajador()

    assert ServidorCaido.intentos == 2
    assert [t.status for t in correos()].count("FAILED") == 1
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Correo NO enviado tras 2 intento(s)" in error.getMessage()
    assert f"Ficha {ficha_a.folio} aprobada" in error.getMessage()
    assert enlace_a.email not in caplog.text  # how many recipients, not who
    worker.latir("w-1")
    estado, checks = salud(client)
    assert estado == 200  # a lost message is said, the site is not down
    assert checks["correo"] == {
        "nombre": "correo",
        "estado": "aviso",
        "detalle": "0 en cola, 0 esperando otro intento, 1 no enviados en 24 h",
    }


def test_a_message_waiting_for_its_retry_shows_on_salud(client, settings, ficha_a, enlace_a):
    settings.EMAIL_BACKEND = CAIDO
    aprobada(ficha_a, enlace_a.email)
    trabajador()
    worker.latir("w-1")

    estado, checks = salud(client)

    assert estado == 200 and checks["correo"]["estado"] == "aviso"
    assert checks["correo"]["detalle"].startswith("1 en cola, 1 esperando otro intento")
    assert checks["cola"]["detalle"].startswith("0 en espera")  # deferred, not late
