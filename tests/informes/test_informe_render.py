"""Renders and publishing go through the database queue and `manage.py db_worker`: a request
never renders, it waits on a progress page; a second request waits for the same render."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from informes.models import InformePublicado, Render
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo
from tests.trabajador import trabajador

# The worker checks its connection like a new request does: it needs real commits.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a real db_worker and real renders
]

PDF = reverse("informes:corte_pdf", args=[2022, "T2"])
XLSX = reverse("informes:corte_xlsx", args=[2022, "T2"])
PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])


@pytest.fixture(autouse=True)
def cola_en_la_base(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def corte():
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-1")], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)


def test_a_draft_pdf_waits_on_a_progress_page_shared_by_everyone_asking(
    client, directivo, analista, corte
):
    client.force_login(directivo)
    respuesta = client.get(PDF)
    render = Render.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("informes:render", args=[render.pk])
    espera = client.get(respuesta["Location"])
    assert "Generando el PDF del borrador Ene–Jun 2022…" in espera.text
    assert "En espera" in espera.text
    assert '<meta http-equiv="refresh" content="2">' in espera.text  # works without JS

    client.force_login(analista)
    assert client.get(PDF)["Location"] == respuesta["Location"]  # the same render
    assert DBTaskResult.objects.count() == 1  # queued once

    trabajador()
    render.refresh_from_db()
    assert render.estado == Render.Estado.LISTA and render.terminado_en
    lista = client.get(respuesta["Location"])
    assert "está listo" in lista.text and "refresh" not in lista.text
    archivo = client.get(reverse("informes:render_archivo", args=[render.pk]))
    assert archivo["Content-Type"] == "application/pdf"
    assert b"".join(archivo.streaming_content).startswith(b"%PDF")
    directo = client.get(PDF)  # ready for today's data: served at once
    assert directo.status_code == 200 and directo["Content-Type"] == "application/pdf"
    directo.close()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_publishing_runs_in_the_worker_and_lands_on_the_version(client, analista, corte):
    client.force_login(analista)
    respuesta = client.post(PUBLICAR, {"confirmar": "1", "version": "1"})
    render = Render.objects.get(formato="publicacion")
    assert respuesta["Location"] == reverse("informes:render", args=[render.pk])
    espera = client.get(respuesta["Location"])
    assert "Publicando la versión 1 del informe Ene–Jun 2022…" in espera.text
    assert not InformePublicado.objects.exists()

    trabajador()
    informe = InformePublicado.objects.get()
    assert informe.version == 1 and informe.publicado_por == analista
    llegada = client.get(respuesta["Location"], follow=True)
    assert llegada.redirect_chain[-1][0] == reverse("informes:publicado", args=[informe.pk])
    assert "publicado como versión 1" in llegada.text


def test_a_failed_excel_says_why_in_spanish_and_can_be_retried(
    client, directivo, corte, monkeypatch
):
    def falla(*args, **kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr("informes.salidas.excel.generar_excel", falla)
    client.force_login(directivo)
    pagina = client.get(XLSX)["Location"]
    trabajador()
    fallida = client.get(pagina)
    assert "No se pudo generar el Excel del borrador" in fallida.text
    assert "Ocurrió un error al generar el archivo" in fallida.text
    assert "disco lleno" not in fallida.text  # no internals on the page
    assert "Reintentar" in fallida.text and "refresh" not in fallida.text
    assert DBTaskResult.objects.get().status == "FAILED"

    monkeypatch.undo()
    client.post(reverse("informes:render_reintentar", args=[Render.objects.get().pk]))
    assert "En espera" in client.get(pagina).text
    trabajador()
    descarga = client.get(XLSX)
    assert descarga["Content-Disposition"].startswith("attachment")
    assert b"".join(descarga.streaming_content).startswith(b"PK")


def test_a_render_lost_with_its_worker_is_offered_again(client, directivo, corte, settings):
    client.force_login(directivo)
    pagina = client.get(PDF)["Location"]
    # The worker died mid-render long ago: the row still says «en curso».
    Render.objects.update(
        estado=Render.Estado.EN_CURSO,
        solicitado_en=timezone.now() - timezone.timedelta(hours=1),
    )
    perdida = client.get(pagina)
    assert "La generación tardó demasiado" in perdida.text and "Reintentar" in perdida.text
