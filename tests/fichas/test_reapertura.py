"""A reopened ficha tells the person concerned where to look: its reason first on the page,
the observaciones attended before it out of «Observaciones por atender», and an e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica
from tests.factories import EnlaceFactory, FichaFactory, ficha_reabierta

pytestmark = pytest.mark.django_db
MOTIVO = "La cantidad no coincide con la lista de asistencia del 12 de marzo."


@pytest.fixture
def reabierta(ficha_a, enlace_a, analista, django_capture_on_commit_callbacks):
    """Returned once (answered and resubmitted), approved, then reopened with MOTIVO."""
    with django_capture_on_commit_callbacks(execute=True):
        return ficha_reabierta(
            ficha_a,
            enlace_a,
            analista,
            observacion="Adjunte la lista de asistencia firmada.",
            respuesta="Adjunta.",
            motivo=MOTIVO,
        )


def _pagina(client, usuario, ficha) -> str:
    client.force_login(usuario)
    return client.get(reverse("fichas:ficha", args=[ficha.pk])).text


@pytest.mark.parametrize("persona", ["enlace_a", "analista"])
def test_the_reason_is_the_first_thing_under_the_title(client, reabierta, persona, request):
    usuario = request.getfixturevalue(persona)
    html = _pagina(client, usuario, reabierta)
    alerta = re.search(
        r'<section class="alert alert-info" id="reapertura".*?</section>', html, re.S
    )
    assert alerta, "no reopen notice"
    analista = request.getfixturevalue("analista")
    assert f"por {analista.get_full_name()}" in alerta.group()
    assert MOTIVO in alerta.group()
    # Right under the title: before the meta's card, the review and the history.
    assert html.index("<h1") < alerta.start() < html.index("Meta DIF-01")
    assert alerta.start() < html.index('id="historial"')


def test_observaciones_answered_before_the_reopen_are_not_to_attend(client, reabierta, enlace_a):
    html = _pagina(client, enlace_a, reabierta)
    assert reabierta.estado == FichaTecnica.Estado.OBSERVADA
    assert "Observaciones por atender" not in html
    # The history still shows them, as attended by the submission that followed.
    historial = html[html.index('id="historial"') :]
    assert "Adjunte la lista de asistencia firmada." in historial
    assert "Observaciones atendidas en el envío siguiente." in historial


def test_an_attended_observacion_can_no_longer_be_answered(reabierta, enlace_a):
    observacion = reabierta.observaciones.get()
    with pytest.raises(workflow.PasoNoPermitido, match="ya se atendió"):
        workflow.observacion_responder(
            observacion=observacion,
            usuario=enlace_a,
            version=reabierta.version,
            respuesta="Otra respuesta.",
        )
    observacion.refresh_from_db()
    assert observacion.respuesta == "Adjunta."


def test_a_new_return_after_the_reopen_is_to_attend_again(client, reabierta, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=reabierta, usuario=enlace_a, version=reabierta.version)
    workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": "Falta la fuente."}],
    )
    html = _pagina(client, enlace_a, ficha)
    pendientes = html[html.index("Observaciones por atender") : html.index('id="historial"')]
    assert "Falta la fuente." in pendientes
    assert "Adjunte la lista de asistencia firmada." not in pendientes
    assert MOTIVO in html  # not approved since: the reason still shows


def test_the_notice_goes_once_the_ficha_is_approved_again(client, reabierta, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=reabierta, usuario=enlace_a, version=reabierta.version)
    ficha = workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=ficha.version)
    html = _pagina(client, enlace_a, ficha)
    assert 'id="reapertura"' not in html
    assert MOTIVO in html[html.index('id="historial"') :]  # kept in the history


def test_the_enlaces_are_told_by_mail_with_the_reason_and_the_link(reabierta, enlace_a, analista):
    (correo,) = [m for m in mail.outbox if "reabierta" in m.subject]
    assert correo.to == [enlace_a.email]
    assert correo.subject == f"Ficha {reabierta.folio} reabierta: corríjala y vuelva a enviarla"
    assert MOTIVO in correo.body
    assert analista.get_full_name() in correo.body
    assert reverse("fichas:ficha", args=[reabierta.pk]) in correo.body
    html, tipo = correo.alternatives[0]
    assert tipo == "text/html" and MOTIVO in html


def test_an_inactive_enlace_is_not_told(
    meta_a, enlace_a, enlace_b, analista, django_capture_on_commit_callbacks
):
    EnlaceFactory(
        usuario=enlace_b, dependencia=meta_a.dependencia, activo=False,
        hasta=datetime.date(2022, 3, 31),
    )  # fmt: skip
    ficha = FichaFactory(meta=meta_a, estado="aprobada", actividades="Taller.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ficha_reabrir(ficha=ficha, usuario=analista, version=ficha.version, motivo="X.")
    assert [m.to for m in mail.outbox] == [[enlace_a.email]]
