"""E-mail of the workflow (three templates each) and the recordatorios digest."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from fichas import workflow
from fichas.models import CodigoObservacion
from tests.factories import FichaFactory, MetaFactory

pytestmark = pytest.mark.django_db


def test_submission_tells_the_analistas_return_and_approval_tell_the_enlaces(
    ficha_a, enlace_a, analista, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    assert mail.outbox[-1].to == [analista.email]
    assert ficha.folio in mail.outbox[-1].subject

    codigo = CodigoObservacion.objects.get(clave="falta-evidencia")
    with django_capture_on_commit_callbacks(execute=True):
        ficha = workflow.ficha_devolver(
            ficha=ficha,
            usuario=analista,
            version=ficha.version,
            observaciones=[{"codigo": codigo, "texto": "Adjunte la lista de asistencia."}],
        )
    devuelta = mail.outbox[-1]
    assert devuelta.to == [enlace_a.email]
    assert "Adjunte la lista de asistencia." in devuelta.body
    html, tipo = devuelta.alternatives[0]
    assert tipo == "text/html" and "<strong>Falta evidencia</strong>" in html

    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=ficha.version)
    assert "aprobada" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [enlace_a.email]


def test_nothing_is_sent_when_the_transaction_fails(ficha_a, enlace_a, analista):
    # on_commit callbacks never run inside the test's rolled-back transaction
    workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    assert mail.outbox == []


def test_recordatorios_sends_one_digest_per_enlace_and_copies_the_head_when_overdue(
    meta_a, enlace_a, enlace_b
):
    otra = MetaFactory(dependencia=meta_a.dependencia, clave="DIF-02", programado={1: 2})
    FichaFactory(meta=otra, estado="enviada")  # already sent: not reminded
    salida = StringIO()
    call_command("recordatorios", "--hoy", "2022-04-05", stdout=salida)
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == [enlace_a.email]
    assert "DIF-01" in correo.body and "DIF-02" not in correo.body
    assert correo.cc == []  # T1 of 2022 is due on 10/04/2022: not overdue yet

    mail.outbox.clear()
    call_command("recordatorios", "--hoy", "2022-04-20", stdout=StringIO())
    assert mail.outbox[0].cc == [meta_a.dependencia.titular_email]
    assert "VENCIDA" in mail.outbox[0].body


def test_recordatorios_dry_run_sends_nothing(meta_a, enlace_a):
    salida = StringIO()
    call_command(
        "recordatorios", "--dry-run", "--hoy", str(datetime.date(2022, 4, 20)), stdout=salida
    )
    assert mail.outbox == []
    assert "simulación" in salida.getvalue()


def test_a_deactivated_enlace_is_not_reminded_and_the_dependencia_keeps_its_fichas(
    client, ficha_a, enlace_a, analista
):
    enlace = enlace_a.enlaces.get()
    enlace.activo = False
    enlace.hasta = datetime.date(2022, 6, 30)
    enlace.save()
    call_command("recordatorios", "--hoy", "2022-04-20", stdout=StringIO())
    assert mail.outbox == []
    client.force_login(analista)
    from django.urls import reverse

    html = client.get(
        reverse("fichas:enlaces", args=[ficha_a.meta.dependencia_id])
    ).content.decode()
    assert "30/06/2022" in html and "Inactivo" in html
    assert client.get(reverse("fichas:ficha", args=[ficha_a.pk])).status_code == 200
