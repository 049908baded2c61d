"""The analista's second look shows the enlace's answers beside each change; a page that went
stale says who moved the ficha (the same person in another tab is told so) and which of the
ficha's fields differ from what is saved."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from avgm.plataforma import roles
from fichas import workflow
from fichas.models import CodigoObservacion
from fichas.views.pagina import MARCA_FICHA
from tests.factories import EnlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _devuelta(ficha, enlace, analista, *observaciones):
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    return workflow.ficha_devolver(
        ficha=ficha, usuario=analista, version=ficha.version, observaciones=list(observaciones)
    )


def _fila(html: str, campo: str) -> str:
    inicio = html.index(f'id="cambio-{campo}"')
    return html[inicio : html.index("</tr>", inicio)]


def test_each_change_shows_the_enlaces_answer_to_its_observacion(
    client, ficha_a, enlace_a, analista
):
    otra = CodigoObservacion.objects.get(clave="otra")
    sin_fuente = CodigoObservacion.objects.get(clave="presupuesto-sin-fuente")
    ficha = _devuelta(
        ficha_a,
        enlace_a,
        analista,
        {"codigo": otra, "texto": "El lugar no es un sector.", "campos": ["lugar"]},
        {"codigo": sin_fuente, "texto": "¿De dónde salió?", "campos": ["fuente_presupuesto"]},
        {"codigo": otra, "texto": "Revise la redacción.", "campos": []},
    )
    lugar, fuente, general = ficha.observaciones.order_by("pk")
    ficha = workflow.ficha_guardar(
        ficha=ficha,
        usuario=enlace_a,
        datos={"lugar": "Sector Sur", "presupuesto_ejercido": Decimal("12500.50")},
        version=ficha.version,
    )
    for observacion, respuesta in [
        (lugar, "Corregido: es el Sector Sur."),
        (general, "Listo, la revisé."),
    ]:
        ficha = workflow.observacion_responder(
            observacion=observacion, usuario=enlace_a, version=ficha.version, respuesta=respuesta
        )
    workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)

    client.force_login(analista)
    html = client.get(reverse("fichas:ficha", args=[ficha.pk])).text
    fila = _fila(html, "lugar")
    assert "<del>Sector Centro</del>" in fila and "<ins>Sector Sur</ins>" in fila
    assert "El lugar no es un sector." in fila and "Corregido: es el Sector Sur." in fila
    # A figure reads the Mexican way in the diff too.
    assert "<ins>12,500.50</ins>" in _fila(html, "presupuesto_ejercido")
    # A pinned field that did not change is listed with its unanswered observación.
    fila = _fila(html, "fuente_presupuesto")
    assert "Sin cambios" in fila and "¿De dónde salió?" in fila
    assert "Sin respuesta del enlace." in fila
    # An answer to an observación pinned to no field is shown under the table.
    assert "Listo, la revisé." in html[html.index('id="cambios"') :]


def _pagina(ficha, **cambios) -> dict:
    datos = {c: getattr(ficha, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(version=ficha.version, **{MARCA_FICHA: "1"})
    datos.update(cambios)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}


def _aviso(html: str) -> str:
    inicio = html.index('id="desfase"')
    return html[inicio : html.index("</section>", inicio)]


def test_the_same_person_in_another_tab_is_told_so_with_the_differing_fields(
    client, ficha_a, enlace_a
):
    pestana_1 = _pagina(ficha_a, lugar="Sector Norte", obstaculos="Lluvia")
    # The other tab saved first: a new place and new obstacles.
    workflow.ficha_guardar(
        ficha=ficha_a,
        usuario=enlace_a,
        datos={"lugar": "Sector Sur", "obstaculos": "Lluvia"},
        version=ficha_a.version,
    )
    client.force_login(enlace_a)
    respuesta = client.post(reverse("fichas:ficha", args=[ficha_a.pk]), pestana_1)
    assert respuesta.status_code == 409
    aviso = _aviso(respuesta.text)
    assert "Usted mismo, en otra pestaña o ventana, modificó esta ficha" in aviso
    assert "Otra persona" not in aviso
    assert re.search(
        r"1 campo de lo que usted envió no coincide con lo guardado:</strong> Lugar", aviso
    )
    # The place is marked (a sign and words, not colour only); the obstacles, equal, are not.
    lugar = aviso[aviso.index("Lugar (colonia o sector)") : aviso.index("Sector Norte")]
    assert "⚠ Distinto de lo guardado" in lugar
    obstaculos = aviso[aviso.index(">Obstáculos") : aviso.index(">Lluvia")]
    assert "Distinto de lo guardado" not in obstaculos


def test_another_person_is_named_as_another_tab_or_person(client, ficha_a, enlace_a, dependencia_a):
    colega = UserFactory(first_name="Rosa", last_name="Méndez", rol=roles.ENLACE)
    EnlaceFactory(usuario=colega, dependencia=dependencia_a)
    vista = _pagina(ficha_a, lugar="Sector Norte")
    workflow.ficha_guardar(
        ficha=ficha_a, usuario=colega, datos={"lugar": "Sector Sur"}, version=ficha_a.version
    )
    client.force_login(enlace_a)
    aviso = _aviso(client.post(reverse("fichas:ficha", args=[ficha_a.pk]), vista).text)
    assert "Otra pestaña o persona (Rosa Méndez," in aviso
    assert "Usted mismo" not in aviso
