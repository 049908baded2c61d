"""The state corte's PDF is rendered by the worker, as a report's draft is: a request waits on
the same progress page, everyone asking while nothing changes gets the same file, and what the
PDF prints (a new publication, a GIM evaluation) makes a new one.

Two municipios: Juárez published its corte 2022 T2, Chihuahua has only a draft
(`tests/informes/test_estatal.py`).
"""

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from avgm.models import Adscripcion, ValoracionGIM
from avgm.plataforma import roles
from informes import tasks
from informes.estatal import renders
from informes.estatal.corte import corte_estatal
from informes.models import Render
from informes.salidas.pdf import RenderOcupado
from tests import pdfs
from tests.factories import MetaFactory, RecomendacionFactory, UserFactory, municipio_principal
from tests.informes.test_estatal import borrador_chihuahua, evaluacion, publicar_juarez
from tests.publico.test_publico_vistas import escenario
from tests.trabajador import trabajador

Valor = ValoracionGIM.Valor
PDF = reverse("informes:estatal_pdf", args=[2022, "T2"])
CORTE = reverse("informes:estatal_corte", args=[2022, "T2"])


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path, publicar_sin_pdf):
    """What these tests read is the state's PDF, not a version's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture
def estado(dependencia_a, enlace_a, analista):
    datos = escenario(dependencia_a, enlace_a)  # R-001 impactada, R-002 without a meta
    datos["juarez"] = municipio_principal()
    datos["v1"] = publicar_juarez(analista)
    datos["chihuahua"] = borrador_chihuahua()
    return datos


def coordinacion():
    return UserFactory(username="coordinacion", rol=roles.COORDINACION)


def _pagina(r: Render) -> str:
    return reverse("informes:render", args=[r.pk])


@pytest.mark.slow  # a real db_worker and a real render
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_state_pdf_waits_on_the_progress_page_and_one_file_serves_everyone(
    client, settings, estado, analista
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(coordinacion())
    respuesta = client.get(PDF)
    render = Render.objects.get()
    assert render.estatal and respuesta["Location"] == _pagina(render)
    espera = client.get(_pagina(render))
    assert "Generando el PDF del corte estatal Ene–Jun 2022…" in espera.text
    assert f'href="{CORTE}"' in espera.text  # back to the state corte, not a municipio's report
    assert client.get(reverse("informes:render_json", args=[render.pk])).json()["en_espera"]

    client.force_login(analista)
    assert client.get(PDF)["Location"] == _pagina(render)  # the same render
    assert DBTaskResult.objects.count() == 1  # queued once

    trabajador()
    render.refresh_from_db()
    listo = client.get(reverse("informes:render_json", args=[render.pk])).json()
    assert listo["estado"] == Render.Estado.LISTA
    archivo = client.get(listo["descarga"])
    assert archivo["Content-Type"] == "application/pdf"
    assert 'filename="corte-estatal-2022-T2.pdf"' in archivo["Content-Disposition"]
    texto = " ".join(pdfs.textos(b"".join(archivo.streaming_content)))
    assert estado["juarez"].nombre in texto and "Chihuahua" in texto
    # Nothing changed: the same file is served at once, no render queued.
    directo = client.get(PDF)
    assert directo["Content-Type"] == "application/pdf"
    assert b"".join(directo.streaming_content) == render.ruta.read_bytes()
    assert DBTaskResult.objects.count() == 1

    publicar_juarez(analista, errata="Se corrigió una cifra.")
    nuevo = client.get(PDF)
    assert nuevo["Location"] != _pagina(render)  # a new publication: a new PDF
    assert Render.objects.count() == DBTaskResult.objects.count() == 2


def test_the_key_follows_what_the_pdf_prints_and_nothing_else(estado, analista):
    antes = renders.clave(corte_estatal(2022, 2))
    # Juárez's live data moves, but the state corte prints only published versions.
    MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-050")], programado={1: 5})
    assert renders.clave(corte_estatal(2022, 2)) == antes

    publicar_juarez(analista, errata="Se corrigió una cifra.")
    publicada = renders.clave(corte_estatal(2022, 2))
    assert publicada != antes

    evaluacion(estado["juarez"], datetime.date(2022, 5, 1), {estado["rec"]: Valor.CUMPLIDA})
    assert renders.clave(corte_estatal(2022, 2)) not in (antes, publicada)


def test_a_failed_state_pdf_says_why_and_can_be_retried(client, monkeypatch, estado, analista):
    def ocupado(*args, **kwargs):
        raise RenderOcupado

    monkeypatch.setattr("informes.estatal.pdf.generar_pdf", ocupado)
    client.force_login(analista)
    respuesta = client.get(PDF)  # the test's queue runs it at once: it fails
    render = Render.objects.get()
    pagina = client.get(respuesta["Location"])
    assert "No se pudo generar el PDF del corte estatal" in pagina.text
    assert tasks.ERROR_OCUPADO in pagina.text
    reintentar = reverse("informes:render_reintentar", args=[render.pk])
    assert f'action="{reintentar}"' in pagina.text

    monkeypatch.setattr("informes.estatal.pdf.generar_pdf", lambda corte, ctx: b"%PDF-1.7 ok")
    assert client.post(reintentar)["Location"] == _pagina(render)
    render.refresh_from_db()
    assert render.estado == Render.Estado.LISTA
    assert b"".join(client.get(PDF).streaming_content) == b"%PDF-1.7 ok"


def test_who_follows_a_state_render(client, monkeypatch, estado, enlace_a, directivo, analista):
    monkeypatch.setattr("informes.estatal.pdf.generar_pdf", lambda corte, ctx: b"%PDF-1.7 ok")
    client.force_login(analista)
    client.get(PDF)  # the test's queue renders it at once
    render = Render.objects.get()
    direcciones = [
        _pagina(render),
        reverse("informes:render_json", args=[render.pk]),
        reverse("informes:render_archivo", args=[render.pk]),
    ]
    client.force_login(enlace_a)
    assert client.get(PDF).status_code == 403
    for url in direcciones:
        assert client.get(url).status_code == 403
    analista_chihuahua = UserFactory(username="analista.chihuahua", rol=roles.ANALISTA)
    Adscripcion.objects.create(usuario=analista_chihuahua, municipio=estado["chihuahua"])
    for lector in (directivo, coordinacion(), analista_chihuahua):
        client.force_login(lector)
        assert client.get(direcciones[0]).status_code == 200
        assert client.get(direcciones[1]).json()["estado"] == Render.Estado.LISTA
