"""Deadline day: a directivo asking for the draft gets the latest complete one at once, with its
time, while the worker makes a new one; writes faster than renders never pile renders up in
the queue (one at a time per corte and format)."""

import pytest
from django.urls import reverse

from fichas.models import FichaTecnica
from informes.models import Render
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo
from tests.trabajador import trabajador

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a real db_worker and real renders
]

XLSX = reverse("informes:corte_xlsx", args=[2022, "T2"])


@pytest.fixture(autouse=True)
def cola_en_la_base(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def ficha():
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-1")], programado={1: 3})
    return FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="enviada", cantidad_alcanzada=3)


def _escribir(ficha, cantidad: int) -> None:
    ficha.refresh_from_db()
    ficha.cantidad_alcanzada = cantidad
    ficha.save()  # committed: the draft kept is now obsolete


def _contenido(respuesta) -> bytes:
    return b"".join(respuesta.streaming_content)


def test_the_last_complete_draft_comes_at_once_while_the_worker_makes_the_new_one(
    client, directivo, ficha
):
    client.force_login(directivo)
    assert client.get(XLSX).status_code == 302  # nothing rendered yet: the progress page
    trabajador()
    primera = client.get(XLSX)
    assert primera.status_code == 200
    archivo = _contenido(primera)

    _escribir(ficha, 2)
    durante = client.get(XLSX)
    assert durante.status_code == 200  # no waiting for the worker
    assert _contenido(durante) == archivo  # the last complete one
    assert durante["Last-Modified"]  # with its time
    en_cola = Render.objects.filter(estado=Render.Estado.PENDIENTE)
    assert en_cola.count() == 1  # and a new one on its way

    aviso = client.get(reverse("informes:lista")).content.decode()
    assert "Se descargó el borrador generado a las" in aviso

    _escribir(ficha, 1)
    assert client.get(XLSX).status_code == 200
    assert en_cola.count() == 1  # a second write queued no second render

    trabajador()
    nueva = client.get(XLSX)
    assert nueva.status_code == 200
    assert _contenido(nueva) != archivo  # the render made meanwhile
    assert Render.objects.filter(estado=Render.Estado.PENDIENTE).count() == 1  # today's data


def test_another_cortes_draft_never_stands_in(client, directivo, ficha):
    """Only drafts of the same corte and format stand in: nothing else is «the last one»."""
    client.force_login(directivo)
    client.get(XLSX)
    trabajador()
    ficha.refresh_from_db()
    ficha.estado = FichaTecnica.Estado.APROBADA
    ficha.save()
    t1 = client.get(reverse("informes:corte_xlsx", args=[2022, "T1"]))
    assert t1.status_code == 302  # the T2 draft never stands in for T1's
