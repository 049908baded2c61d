"""Every button of the proposal page sends what is on screen: the fields are saved first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planeacion import workflow
from planeacion.models import HistorialPropuesta, PropuestaMeta
from tests.factories import RecomendacionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def propuesta(analista, dependencia_a, enlace_a):
    ronda = workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=20), usuario=analista
    )
    return workflow.propuesta_crear(
        ronda=ronda,
        dependencia=dependencia_a,
        usuario=enlace_a,
        datos={
            "descripcion": "Talleres en secundarias",
            "recomendaciones": [RecomendacionFactory(clave="R-1")],
            "unidad_medida": "Talleres",
            "t1": 16,
        },
    )


def _pantalla(propuesta, **cambios) -> dict:
    """What the page's one form posts, as the enlace left it on screen."""
    return {
        "con_campos": "1",
        "version": propuesta.version,
        "descripcion": propuesta.descripcion,
        "unidad_medida": propuesta.unidad_medida,
        "recomendaciones": [r.pk for r in propuesta.recomendaciones.all()],
        "t1": propuesta.t1, "t2": 0, "t3": 0, "t4": 0,
        **cambios,
    }  # fmt: skip


def test_send_saves_what_is_on_screen_first_and_the_imm_receives_it(client, propuesta, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.post(
        reverse("planeacion:propuesta_enviar", args=[propuesta.pk]),
        _pantalla(propuesta, t1=77, unidad_medida="Personas capacitadas", accion="enviar"),
        follow=True,
    )
    assert "Propuesta enviada al IMM." in respuesta.text
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.t1, propuesta.unidad_medida) == (
        PropuestaMeta.Estado.ENVIADA, 77, "Personas capacitadas",
    )  # fmt: skip
    acciones = list(propuesta.historial.order_by("pk").values_list("accion", flat=True))
    assert acciones[-2:] == [HistorialPropuesta.Accion.EDITAR, HistorialPropuesta.Accion.ENVIAR]


def test_a_field_to_fix_sends_nothing_and_keeps_everything_typed(client, propuesta, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.post(
        reverse("planeacion:propuesta_enviar", args=[propuesta.pk]),
        _pantalla(propuesta, t1="-3", unidad_medida="Personas capacitadas"),
    )
    assert respuesta.status_code == 400
    assert 'value="Personas capacitadas"' in respuesta.text
    assert "no se guardó nada todavía" in respuesta.text
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.unidad_medida) == (
        PropuestaMeta.Estado.BORRADOR,
        "Talleres",
    )


def test_a_page_that_went_stale_sends_nothing_and_keeps_the_typing_in_the_form(
    client, propuesta, enlace_a
):
    vieja = propuesta.version
    workflow.propuesta_guardar(
        propuesta=propuesta, usuario=enlace_a, version=vieja, datos={"t2": 4}
    )  # another tab
    client.force_login(enlace_a)
    respuesta = client.post(
        reverse("planeacion:propuesta_enviar", args=[propuesta.pk]),
        _pantalla(propuesta, version=vieja, t1=77, descripcion="Talleres en todas las secundarias"),
    )
    assert respuesta.status_code == 409
    assert "Talleres en todas las secundarias" in respuesta.text
    assert "Otra persona u otra pestaña modificó esta propuesta" in respuesta.text
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.t1) == (PropuestaMeta.Estado.BORRADOR, 16)


def test_what_is_missing_after_saving_is_said_and_the_typing_is_saved(client, propuesta, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.post(
        reverse("planeacion:propuesta_enviar", args=[propuesta.pk]),
        _pantalla(propuesta, t1=0, unidad_medida="Personas"),
        follow=True,
    )
    assert "La propuesta se guardó, pero no se envió." in respuesta.text
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.unidad_medida) == (
        PropuestaMeta.Estado.BORRADOR,
        "Personas",
    )


def test_the_page_is_one_form_whose_buttons_all_post_the_fields(client, propuesta, enlace_a):
    client.force_login(enlace_a)
    html = client.get(reverse("planeacion:propuesta", args=[propuesta.pk])).text
    formulario = html.split('id="form-propuesta"')[1].split("</form>")[0]
    for boton in ("Guardar cambios", "Enviar al IMM", "Retirar propuesta"):
        assert boton in formulario
    assert 'name="t1"' in formulario and "data-avisar-cambios" in html


def test_withdrawing_saves_what_is_on_screen_first(client, propuesta, enlace_a):
    client.force_login(enlace_a)
    client.post(
        reverse("planeacion:propuesta_retirar", args=[propuesta.pk]),
        _pantalla(propuesta, descripcion="Ya lo cubre otra dependencia"),
    )
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.descripcion) == (
        PropuestaMeta.Estado.RETIRADA, "Ya lo cubre otra dependencia",
    )  # fmt: skip


def test_the_automatic_save_answers_the_new_version_and_honours_a_stale_one(
    client, propuesta, enlace_a
):
    client.force_login(enlace_a)
    url = reverse("planeacion:propuesta", args=[propuesta.pk])
    respuesta = client.post(
        url, {**_pantalla(propuesta, t3=9), "autoguardado": "1"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert respuesta.status_code == 200
    propuesta.refresh_from_db()
    assert respuesta.json()["version"] == propuesta.version and propuesta.t3 == 9
    assert "Propuesta guardada" not in client.get(url).text  # no message for a quiet save

    vieja = {**_pantalla(propuesta, t3=1), "version": propuesta.version - 1, "autoguardado": "1"}
    conflicto = client.post(url, vieja, HTTP_X_REQUESTED_WITH="fetch")
    assert conflicto.status_code == 409 and "error" in conflicto.json()
    propuesta.refresh_from_db()
    assert propuesta.t3 == 9
