"""The review and capture views beyond their permission rows: devolver, reabrir, acuse, nueva."""

import pytest
from django.core import mail
from django.template.defaultfilters import date as formato_fecha
from django.urls import reverse
from django.utils import timezone

from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica, HistorialFicha, Observacion
from tests.factories import periodo

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


@pytest.fixture
def enviada(ficha_a, enlace_a):
    return workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)


def _devolucion(ficha, *observaciones, comentario=""):
    datos = {
        "version": ficha.version,
        "comentario": comentario,
        "obs-TOTAL_FORMS": len(observaciones),
        "obs-INITIAL_FORMS": 0,
    }
    for i, (codigo, texto, campos) in enumerate(observaciones):
        datos |= {f"obs-{i}-codigo": codigo.pk, f"obs-{i}-texto": texto, f"obs-{i}-campos": campos}
    return datos


def _mensajes(respuesta) -> list[str]:
    return [str(m) for m in respuesta.context["messages"]]


def test_devolver_records_the_observaciones_and_tells_the_enlace(
    client, enviada, enlace_a, analista, django_capture_on_commit_callbacks
):
    falta = CodigoObservacion.objects.get(clave="falta-evidencia")
    client.force_login(analista)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("fichas:devolver", args=[enviada.pk]),
            _devolucion(
                enviada,
                (falta, "Adjunte la lista de asistencia.", ["lugar"]),
                (falta, "Indique las fechas.", ["fechas_realizacion"]),
                comentario="Dos pendientes",
            ),
        )
    assert respuesta.status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == E.OBSERVADA
    assert enviada.revisada_por == analista
    evento = enviada.historial.get(accion=HistorialFicha.Accion.DEVOLVER)
    assert evento.comentario == "Dos pendientes"
    observaciones = Observacion.objects.filter(ficha=enviada, devolucion=evento).order_by("pk")
    assert [(o.texto, o.campos) for o in observaciones] == [
        ("Adjunte la lista de asistencia.", ["lugar"]),
        ("Indique las fechas.", ["fechas_realizacion"]),
    ]
    (correo,) = [m for m in mail.outbox if enlace_a.email in m.to]
    assert "Adjunte la lista de asistencia." in correo.body
    # The history keeps each observación under the return that made it.
    pagina = client.get(reverse("fichas:ficha", args=[enviada.pk])).content.decode()
    historial = pagina[pagina.index("Historial") :]
    assert historial.index("Devolución") < historial.index("• Adjunte la lista de asistencia.")
    assert "• Indique las fechas." in historial


def test_devolver_without_an_observacion_changes_nothing_and_says_why(client, enviada, analista):
    client.force_login(analista)
    respuesta = client.post(
        reverse("fichas:devolver", args=[enviada.pk]), _devolucion(enviada), follow=True
    )
    enviada.refresh_from_db()
    assert enviada.estado == E.ENVIADA
    assert not Observacion.objects.filter(ficha=enviada).exists()
    assert any("al menos una observación" in m for m in _mensajes(respuesta))


@pytest.fixture
def aprobada(enviada, analista):
    return workflow.ficha_aprobar(ficha=enviada, usuario=analista, version=enviada.version)


def test_reabrir_needs_a_motivo(client, aprobada, analista):
    client.force_login(analista)
    url = reverse("fichas:reabrir", args=[aprobada.pk])
    respuesta = client.post(url, {"version": aprobada.version, "motivo": ""}, follow=True)
    aprobada.refresh_from_db()
    assert aprobada.estado == E.APROBADA
    assert not aprobada.historial.filter(accion=HistorialFicha.Accion.REABRIR).exists()
    assert "Indique el motivo de la reapertura." in _mensajes(respuesta)


def test_reabrir_gives_the_ficha_back_to_its_enlace_and_keeps_the_motivo(
    client, aprobada, analista, enlace_a
):
    client.force_login(analista)
    client.post(
        reverse("fichas:reabrir", args=[aprobada.pk]),
        {"version": aprobada.version, "motivo": "La cantidad no coincide con la lista."},
    )
    aprobada.refresh_from_db()
    assert aprobada.estado == E.OBSERVADA
    assert aprobada.aprobada_en is None
    evento = aprobada.historial.get(accion=HistorialFicha.Accion.REABRIR)
    assert (evento.usuario, evento.estado_anterior, evento.estado_nuevo) == (
        analista,
        E.APROBADA,
        E.OBSERVADA,
    )
    assert evento.comentario == "La cantidad no coincide con la lista."
    client.force_login(enlace_a)
    pagina = client.get(reverse("fichas:ficha", args=[aprobada.pk]))
    assert pagina.context["editable"] and 'name="lugar"' in pagina.content.decode()


def test_the_acuse_shows_the_folio_and_the_first_submission_time(client, enviada, enlace_a):
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:acuse", args=[enviada.pk])).content.decode()
    assert enviada.folio in html
    assert formato_fecha(timezone.localtime(enviada.primer_envio_en), "d/m/Y H:i") in html


def test_an_unsent_ficha_has_no_acuse(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.get(reverse("fichas:acuse", args=[ficha_a.pk]), follow=True)
    assert respuesta.redirect_chain[-1][0] == reverse("fichas:ficha", args=[ficha_a.pk])
    assert "La ficha aún no se ha enviado: no tiene acuse." in _mensajes(respuesta)


def test_another_dependencias_enlace_gets_no_acuse(client, enviada, enlace_b):
    client.force_login(enlace_b)
    assert client.get(reverse("fichas:acuse", args=[enviada.pk])).status_code == 404


def test_nueva_starts_the_ficha_once(client, meta_a, enlace_a):
    client.force_login(enlace_a)
    t2 = periodo(2022, 2)
    url = reverse("fichas:nueva", args=[meta_a.pk, t2.pk])
    primera = client.post(url)
    ficha = FichaTecnica.objects.get(meta=meta_a, periodo=t2)
    assert primera["Location"] == reverse("fichas:ficha", args=[ficha.pk])
    assert (ficha.estado, ficha.creada_por) == (E.BORRADOR, enlace_a)

    segunda = client.post(url)  # a double click, or a second tab
    assert segunda["Location"] == reverse("fichas:ficha", args=[ficha.pk])
    assert FichaTecnica.objects.filter(meta=meta_a, periodo=t2).count() == 1
    assert ficha.historial.filter(accion=HistorialFicha.Accion.CREAR).count() == 1
