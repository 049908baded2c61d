"""Who receives e-mail, decided once for the fichas and the planning round, and the one
helper that sends it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from avgm.plataforma import roles
from dependencias import correo
from fichas import workflow
from fichas.models import CodigoObservacion
from planeacion import workflow as planeacion
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    UserFactory,
    institucion,
    municipio_principal,
)

pytestmark = pytest.mark.django_db


def test_an_enlace_of_an_inactive_dependencia_gets_neither_fichas_nor_planning_mail(
    ficha_a, enlace_a, enlace_b, analista, django_capture_on_commit_callbacks
):
    dependencia = ficha_a.meta.dependencia
    dependencia.activa = False
    dependencia.save()
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ficha_devolver(
            ficha=ficha,
            usuario=analista,
            version=ficha.version,
            observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": "Falta."}],
        )
    call_command("recordatorios", "--hoy", "2022-04-20", stdout=StringIO())  # T1 overdue
    with django_capture_on_commit_callbacks(execute=True):
        planeacion.ronda_abrir(
            anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(30), usuario=analista
        )
    destinatarios = {d for m in mail.outbox for d in m.to + m.cc}
    assert enlace_b.email in destinatarios  # the planning round did go out
    assert enlace_a.email not in destinatarios


def test_who_left_a_dependencia_hears_nothing_more_of_it_while_enlace_elsewhere(
    dependencia_a, enlace_a, enlace_b
):
    EnlaceFactory(usuario=enlace_b, dependencia=dependencia_a, activo=False)
    assert correo.correos_enlaces(dependencia_a.pk) == [enlace_a.email]
    otra = DependenciaFactory(siglas="IMPLAN")
    EnlaceFactory(usuario=enlace_a, dependencia=otra)  # enlace of two: one address
    assert correo.correos_enlaces() == [enlace_a.email, enlace_b.email]


def test_the_analistas_are_the_active_people_who_review(analista, directivo, enlace_a):
    UserFactory(username="analista_baja", rol=roles.ANALISTA, is_active=False)
    UserFactory(username="analista_sin_correo", rol=roles.ANALISTA, email="")
    assert correo.correos_analistas(municipio_principal()) == [analista.email]


def test_a_message_is_three_templates_signed_by_the_current_institution(ficha_a, enlace_a):
    institucion(nombre="Instituto Municipal de las Mujeres de Juárez")
    plantillas = "fichas/correo/aprobada"
    enviados = correo.enviar(
        plantillas,
        {"ficha": ficha_a},
        [enlace_a.email, "", enlace_a.email],
        copia=[""],
        municipio=municipio_principal(),
    )
    assert enviados == 1
    (mensaje,) = mail.outbox
    assert (mensaje.to, mensaje.cc) == ([enlace_a.email], [])
    assert mensaje.subject == f"Ficha {ficha_a.folio} aprobada"
    assert "Instituto Municipal de las Mujeres de Juárez" in mensaje.body
    html, tipo = mensaje.alternatives[0]
    assert tipo == "text/html" and f"<strong>{ficha_a.folio}</strong>" in html


def test_nothing_is_sent_to_nobody(ficha_a):
    vacio = correo.enviar(
        "fichas/correo/aprobada", {"ficha": ficha_a}, ["", ""], municipio=municipio_principal()
    )
    assert vacio == 0
    assert mail.outbox == []
