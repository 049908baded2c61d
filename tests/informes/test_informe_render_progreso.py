"""The progress page's status JSON: what its script says in the live region at each state of a
render, the file to download once ready, and the same access as the page (outsiders 404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from informes.modelos_render import directorio_renders
from informes.models import Render
from tests.factories import ejercicio, periodo

pytestmark = pytest.mark.django_db
Estado = Render.Estado


def _render(formato="pdf", **campos) -> Render:
    return Render.objects.create(
        ejercicio=ejercicio(2022), hasta=periodo(2022, 2), formato=formato,
        **{"version": "prueba", **campos},
    )  # fmt: skip


def _estado(client, render):
    respuesta = client.get(reverse("informes:render_json", args=[render.pk]))
    assert respuesta.status_code == 200
    assert respuesta["Cache-Control"] == "no-store"
    return respuesta.json()


def test_a_waiting_render_says_whether_it_is_queued_or_running(client, directivo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    render = _render()
    client.force_login(directivo)

    en_cola = _estado(client, render)
    assert en_cola["estado"] == "pendiente" and en_cola["en_espera"] is True
    assert en_cola["titulo"] == "Generando el PDF del borrador Ene–Jun 2022…"
    assert "<strong>En espera</strong>" in en_cola["aviso"]
    assert en_cola["clase"] == "info"
    assert en_cola["sin_worker"] is True  # the page says nobody is rendering
    assert en_cola["archivo"] is None and en_cola["descarga"] is None
    assert en_cola["destino"] is None

    Render.objects.filter(pk=render.pk).update(estado=Estado.EN_CURSO, iniciado_en=timezone.now())
    en_curso = _estado(client, render)
    assert en_curso["estado"] == "en_curso" and "Generándose" in en_curso["aviso"]


def test_a_ready_draft_offers_its_file_and_a_download_of_it(client, analista):
    directorio_renders().mkdir(parents=True, exist_ok=True)
    (directorio_renders() / "prueba.pdf").write_bytes(b"%PDF-1.7 prueba")
    render = _render(estado=Estado.LISTA, archivo="prueba.pdf", terminado_en=timezone.now())
    client.force_login(analista)

    listo = _estado(client, render)
    archivo = reverse("informes:render_archivo", args=[render.pk])
    assert listo["en_espera"] is False and listo["clase"] == "success"
    assert listo["titulo"] == "El PDF del borrador Ene–Jun 2022 está listo"
    assert "La descarga empieza sola" in listo["aviso"] and "«Abrir el PDF»" in listo["aviso"]
    assert listo["archivo"] == archivo and listo["destino"] is None

    descarga = client.get(listo["descarga"])
    assert descarga["Content-Disposition"].startswith("attachment")
    assert b"".join(descarga.streaming_content) == b"%PDF-1.7 prueba"
    en_el_navegador = client.get(archivo)  # the button still opens it in the browser
    assert en_el_navegador["Content-Disposition"].startswith("inline")
    en_el_navegador.close()


def test_a_failed_render_says_why_and_whether_it_can_be_retried(client, directivo):
    render = _render(formato="xlsx", estado=Estado.ERROR, error="El servidor estaba ocupado.")
    client.force_login(directivo)
    fallo = _estado(client, render)
    assert fallo["titulo"] == "No se pudo generar el Excel del borrador"
    assert "El servidor estaba ocupado." in fallo["aviso"] and fallo["clase"] == "danger"
    assert fallo["reintentable"] is True and fallo["archivo"] is None


def test_a_finished_publication_sends_the_page_to_itself_to_land_on_the_version(client, analista):
    render = _render(formato="publicacion", estado=Estado.LISTA, version="prueba-v1")
    client.force_login(analista)
    assert _estado(client, render)["destino"] == reverse("informes:render", args=[render.pk])


def test_an_obsolete_draft_sends_the_page_to_todays(client, directivo):
    render = _render(estado=Estado.LISTA, archivo="ya-no-existe.pdf")
    client.force_login(directivo)
    listo_sin_archivo = _estado(client, render)
    assert listo_sin_archivo["destino"] == reverse("informes:render", args=[render.pk])
    assert listo_sin_archivo["archivo"] is None


def test_the_status_has_the_access_of_its_page(client, enlace_a, directivo, analista):
    borrador = _render()
    publicacion = _render(formato="publicacion", version="prueba-v1")
    url = reverse("informes:render_json", args=[borrador.pk])

    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(enlace_a)
    assert client.get(url).status_code == 403  # no reading of reports at all
    client.force_login(directivo)
    de_publicacion = reverse("informes:render_json", args=[publicacion.pk])
    assert client.get(de_publicacion).status_code == 403  # publishing is the analistas'
    no_existe = reverse("informes:render_json", args=[publicacion.pk + 99])
    assert client.get(no_existe).status_code == 404
    client.force_login(analista)
    assert client.get(de_publicacion).status_code == 200


def test_the_waiting_page_is_followed_by_its_script_and_refreshes_only_without_it(
    client, directivo
):
    render = _render()
    client.force_login(directivo)
    pagina = client.get(reverse("informes:render", args=[render.pk])).text
    assert f'data-progreso="{reverse("informes:render_json", args=[render.pk])}"' in pagina
    assert 'src="/static/js/progreso.js"' in pagina
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in pagina
    assert pagina.count("refresh") == 1
    assert 'role="status" aria-live="polite"' in pagina

    Render.objects.filter(pk=render.pk).update(estado=Estado.ERROR, error="Falló.")
    fallida = client.get(reverse("informes:render", args=[render.pk])).text
    assert "refresh" not in fallida and "progreso.js" not in fallida and "Reintentar" in fallida
