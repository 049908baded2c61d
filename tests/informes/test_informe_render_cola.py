"""The renders' queue: publications go first, one person has a few drafts waiting at most, a
render whose worker died resumes on the next worker (or fails on its page, with «Reintentar»),
and a publication killed halfway is published once, with one file of each kind."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avgm.models import WorkerTareas
from informes import tasks
from informes.cifras.corte import Corte
from informes.models import InformePublicado, Render
from informes.publicacion import publicar
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo
from tests.trabajador import trabajador

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a real db_worker and real renders
]

PDF = reverse("informes:corte_pdf", args=[2022, "T2"])
XLSX = reverse("informes:corte_xlsx", args=[2022, "T2"])
PDF_T1 = reverse("informes:corte_pdf", args=[2022, "T1"])
PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])


@pytest.fixture(autouse=True)
def cola_en_la_base(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_TAREA_INTENTOS = 3


@pytest.fixture
def corte():
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-1")], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    return Corte.de(ejercicio(2022), periodo(2022, 2))


def murio_a_media_tarea(render: Render, *workers: str) -> None:
    """The render's job claimed by `workers` in turn, the last one killed (-9) a minute ago."""
    hace_un_minuto = timezone.now() - datetime.timedelta(minutes=1)
    for nombre in workers:
        WorkerTareas.objects.update_or_create(
            worker_id=nombre, defaults={"iniciado_en": hace_un_minuto, "latido_en": hace_un_minuto}
        )
    DBTaskResult.objects.filter(pk=render.tarea_id).update(
        status="RUNNING", worker_ids=list(workers), started_at=hace_un_minuto
    )
    Render.objects.filter(pk=render.pk).update(estado=Render.Estado.EN_CURSO)


def test_a_publication_goes_before_the_drafts_queued_earlier(client, directivo, analista, corte):
    client.force_login(directivo)
    client.get(PDF)
    client.get(XLSX)
    client.force_login(analista)
    client.post(PUBLICAR, {"confirmar": "1", "version": "1"})

    trabajador(max_tasks=1)

    assert InformePublicado.objects.get().version == 1
    borradores = Render.objects.exclude(formato=Render.Formato.PUBLICACION)
    assert {r.estado for r in borradores} == {Render.Estado.PENDIENTE}


def test_one_person_has_at_most_the_limit_of_drafts_waiting(
    client, settings, directivo, analista, corte
):
    settings.AVGM_RENDERS_EN_COLA_POR_PERSONA = 2
    client.force_login(directivo)
    pdf, xlsx = client.get(PDF), client.get(XLSX)

    tercera = client.get(PDF_T1, follow=True)

    assert "Ya tiene 2 archivos en preparación, el máximo por persona" in tercera.text
    assert tercera.redirect_chain[-1][0] == reverse("informes:corte", args=[2022, "T1"])
    assert Render.objects.count() == 2
    assert client.get(PDF)["Location"] == pdf["Location"]  # joining one's own never counts
    client.force_login(analista)
    assert client.get(PDF_T1).status_code == 302 and Render.objects.count() == 3
    assert xlsx.status_code == 302


def test_a_render_whose_worker_died_waits_with_a_notice_and_resumes_on_the_next_worker(
    client, directivo, corte
):
    client.force_login(directivo)
    pagina = client.get(XLSX)["Location"]
    render = Render.objects.get()
    murio_a_media_tarea(render, "muerto")

    espera = client.get(pagina)
    assert "Generándose" in espera.text
    assert "no está funcionando en este momento" in espera.text  # no worker beats

    trabajador()

    render.refresh_from_db()
    assert render.estado == Render.Estado.LISTA and render.disponible
    tarea = DBTaskResult.objects.get()
    assert tarea.status == "SUCCESSFUL" and len(tarea.worker_ids) == 2
    assert "está listo" in client.get(pagina).text


def test_a_render_that_lost_too_many_workers_fails_on_its_page_and_can_be_retried(
    client, directivo, corte
):
    client.force_login(directivo)
    pagina = client.get(XLSX)["Location"]
    render = Render.objects.get()
    murio_a_media_tarea(render, "a", "b", "c")

    trabajador()  # finds the job, gives up on it, runs nothing

    fallida = client.get(pagina)
    assert tasks.ERROR_INTERRUMPIDO in fallida.text
    assert "Reintentar" in fallida.text and "refresh" not in fallida.text
    client.post(reverse("informes:render_reintentar", args=[render.pk]))
    trabajador()
    render.refresh_from_db()
    assert render.estado == Render.Estado.LISTA


class Matado(BaseException):
    """The worker process dying (kill -9) between writing the files and the commit."""


def test_a_publication_killed_before_its_commit_is_published_once_by_the_next_worker(
    client, analista, corte, settings
):
    client.force_login(analista)
    pagina = client.post(PUBLICAR, {"confirmar": "1", "version": "1"})["Location"]
    render = Render.objects.get()

    def matar(informe):
        raise Matado

    with pytest.raises(Matado):  # what the dead worker got done: the files, not the row
        publicar(corte, usuario=analista, version=1, al_publicar=matar)
    carpeta = settings.MEDIA_ROOT / "informes" / corte.ejercicio.municipio.clave / "2022"
    archivos = ["corte-2022-T2-v1.pdf", "corte-2022-T2-v1.xlsx"]
    assert sorted(p.name for p in carpeta.iterdir()) == archivos
    assert not InformePublicado.objects.exists()
    murio_a_media_tarea(render, "muerto")

    trabajador()

    informe = InformePublicado.objects.get()
    assert sorted(p.name for p in carpeta.iterdir()) == archivos  # no second copy
    assert hashlib.sha256((carpeta / archivos[0]).read_bytes()).hexdigest() == informe.sha256
    llegada = client.get(pagina, follow=True)
    assert llegada.redirect_chain[-1][0] == reverse("informes:publicado", args=[informe.pk])
