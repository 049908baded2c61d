"""Two people acting on the same ficha never both win: the second gets a clear message."""

import pytest
from django.urls import reverse

from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


@pytest.fixture
def enviada(ficha_a, enlace_a):
    return workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)


def test_two_analistas_on_the_same_ficha_the_second_is_refused(enviada, analista):
    from avgm.plataforma import roles
    from tests.factories import UserFactory

    otra = UserFactory(username="analista2", rol=roles.ANALISTA)
    vista = enviada.version  # both opened the page at this version
    workflow.ficha_aprobar(ficha=enviada, usuario=analista, version=vista)
    with pytest.raises(workflow.ConflictoDeVersion):
        workflow.ficha_devolver(
            ficha=enviada,
            usuario=otra,
            version=vista,
            observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": "x"}],
        )
    enviada.refresh_from_db()
    assert enviada.estado == E.APROBADA
    assert not enviada.observaciones.exists()


def test_an_enlace_saving_a_stale_page_loses_nothing_and_is_told(client, ficha_a, enlace_a):
    vista = ficha_a.version
    workflow.ficha_guardar(
        ficha=ficha_a, usuario=enlace_a, datos={"lugar": "Sector Sur"}, version=vista
    )
    client.force_login(enlace_a)
    datos = {c: getattr(ficha_a, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(lugar="Sector Norte", version=vista, no_aplica="")
    respuesta = client.post(reverse("fichas:ficha", args=[ficha_a.pk]), datos, follow=True)
    assert (
        "Usted mismo, en otra pestaña o ventana, modificó esta ficha" in respuesta.content.decode()
    )
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Sur"


def test_an_enlace_editing_while_the_analista_approves_is_refused(
    client, enviada, enlace_a, analista
):
    # The enlace had the page open as borrador (version 1); meanwhile it was sent and approved.
    workflow.ficha_aprobar(ficha=enviada, usuario=analista, version=enviada.version)
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.ficha_guardar(ficha=enviada, usuario=enlace_a, datos={"lugar": "Z"}, version=1)
    enviada.refresh_from_db()
    assert (enviada.estado, enviada.lugar) == (E.APROBADA, "Sector Centro")


def test_the_second_approval_through_the_browser_gets_a_message(client, enviada, analista):
    client.force_login(analista)
    url = reverse("fichas:aprobar", args=[enviada.pk])
    client.post(url, {"version": enviada.version})
    respuesta = client.post(url, {"version": enviada.version}, follow=True)
    assert (
        "Usted mismo, en otra pestaña o ventana, modificó esta ficha" in respuesta.content.decode()
    )
    assert enviada.historial.filter(accion="aprobar").count() == 1
