"""The enlaces hear the IMM's decision on a modification request, with its comment."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from planeacion import workflow
from tests.factories import EnlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def solicitud(acordada, enlace_a):
    """A pending request to move the agreed meta's T2 from 5 to 8."""
    return workflow.modificacion_solicitar(
        meta=acordada,
        usuario=enlace_a,
        justificacion="Se suman dos planteles al programa.",
        programacion={1: 10, 2: 8, 3: 0, 4: 0},
        recomendaciones=list(acordada.recomendaciones.all()),
    )


def test_an_approval_tells_the_enlaces_with_the_analistas_comment(
    solicitud, enlace_a, analista, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.modificacion_aprobar(
            solicitud=solicitud, usuario=analista, comentario="Aprobada con el oficio 123/2022."
        )
    (correo,) = mail.outbox
    assert correo.to == [enlace_a.email]
    assert correo.subject == "Modificación de la meta DIF-01 aprobada"
    assert "Aprobada con el oficio 123/2022." in correo.body
    assert analista.get_full_name() in correo.body
    assert reverse("planeacion:modificacion", args=[solicitud.pk]) in correo.body
    assert "Aprobada con el oficio 123/2022." in correo.alternatives[0][0]


def test_a_rejection_tells_the_enlaces_why_and_where_to_ask_again(
    solicitud, enlace_a, analista, django_capture_on_commit_callbacks
):
    otra = UserFactory(username="enlace_a2")
    EnlaceFactory(usuario=otra, dependencia=solicitud.meta.dependencia)
    baja = UserFactory(username="enlace_baja")
    EnlaceFactory(
        usuario=baja, dependencia=solicitud.meta.dependencia, activo=False,
        hasta=datetime.date(2022, 1, 31),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        workflow.modificacion_rechazar(
            solicitud=solicitud, usuario=analista, motivo="El T2 ya se reportó aprobado."
        )
    (correo,) = mail.outbox
    assert correo.to == sorted([enlace_a.email, otra.email])  # never the inactive one
    assert correo.subject == "Modificación de la meta DIF-01 rechazada"
    assert "El T2 ya se reportó aprobado." in correo.body
    assert reverse("planeacion:meta", args=[solicitud.meta_id]) in correo.body


def test_a_refused_decision_sends_nothing(solicitud, analista, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(workflow.PasoNoPermitido),
    ):
        workflow.modificacion_rechazar(solicitud=solicitud, usuario=analista, motivo=" ")
    assert mail.outbox == []
