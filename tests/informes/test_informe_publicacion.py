"""Publishing freezes a corte's figures, narrative and PDF; corrections are new versions."""

import hashlib
import re

import pytest
from django.urls import reverse

from informes.models import InformePublicado, Render
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    periodo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # publishing renders PDF and Excel

PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])


def _leer(respuesta) -> bytes:
    """A download read to the end. (Calling close() instead ends the test's database connection
    on PostgreSQL: the test client reconnects Django's connection cleanup only for iteration.)"""
    return b"".join(respuesta.streaming_content)


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture
def ficha(django_capture_on_commit_callbacks):
    # Setup commits, as in real use (a write left uncommitted would hold back the revision).
    with django_capture_on_commit_callbacks(execute=True):
        dependencia_a = DependenciaFactory(siglas="DIF")
        ejercicio(2022)
        rec = RecomendacionFactory(clave="R-1")
        meta = MetaFactory(dependencia=dependencia_a, recomendaciones=[rec], programado={1: 3})
        return FichaFactory(
            meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3
        )


def _confirmar(version: int, **datos) -> dict:
    return {"confirmar": "1", "version": str(version), **datos}


def test_publishing_asks_for_confirmation_then_freezes_and_a_correction_keeps_the_old_version(
    client, analista, directivo, ficha
):
    client.force_login(analista)
    confirmacion = client.post(PUBLICAR)
    assert confirmacion.status_code == 200
    assert "¿Publicar la versión 1 del informe Ene–Jun 2022?" in confirmacion.text
    assert "congeladas como versión 1" in confirmacion.text
    assert not InformePublicado.objects.exists()  # nothing happens before the confirmation

    respuesta = client.post(PUBLICAR, _confirmar(1), follow=True)
    v1 = InformePublicado.objects.get()
    assert respuesta.redirect_chain[-1][0] == reverse("informes:publicado", args=[v1.pk])
    assert "publicado como versión 1" in respuesta.text
    pdf_v1 = v1.pdf.read()
    assert hashlib.sha256(pdf_v1).hexdigest() == v1.sha256
    assert v1.figuras["recomendaciones"]["impactadas"] == 1

    # The data changes after publishing: the ficha goes back to review.
    ficha.estado = "observada"
    ficha.save()

    v1.refresh_from_db()
    assert v1.figuras["recomendaciones"]["impactadas"] == 1
    client.force_login(directivo)
    descarga = client.get(reverse("informes:publicado_pdf", args=[v1.pk]))
    assert b"".join(descarga.streaming_content) == pdf_v1
    publicado = client.get(reverse("informes:publicado", args=[v1.pk]))
    assert "100.0 %" in publicado.text  # the frozen avance, not today's 0 %
    borrador = client.get(reverse("informes:corte", args=[2022, "T2"]))
    assert "Cambios desde la versión publicada" in borrador.text
    # The row of the figure that changed: published 1, now 0, a difference of -1.
    assert re.search(
        r'<th scope="row">Recomendaciones impactadas</th>\s*<td class="num">1</td>\s*'
        r'<td class="num">0</td>\s*<td class="num">-1</td>',
        borrador.text,
    )

    # A correction needs its errata: the report comes back with the error (400), nothing
    # published; with it, the confirmation repeats the errata and version 2 keeps version 1.
    client.force_login(analista)
    sin_errata = client.post(PUBLICAR, _confirmar(2))
    assert sin_errata.status_code == 400
    assert "necesita su fe de erratas" in sin_errata.text
    # On a correction the field is marked required, and its error is wired to it.
    assert re.search(
        r'<textarea name="errata"[^>]* required aria-invalid="true" '
        r'aria-describedby="id_errata_helptext id_errata_error"',
        sin_errata.text,
    )
    assert InformePublicado.objects.count() == 1
    errata = "La ficha de R-1 volvió a revisión."
    confirmacion = client.post(PUBLICAR, {"errata": errata})
    assert "¿Publicar la versión 2" in confirmacion.text and errata in confirmacion.text
    client.post(PUBLICAR, _confirmar(2, errata=errata))
    v2 = InformePublicado.objects.get(version=2)
    assert v2.errata == errata
    assert v2.figuras["recomendaciones"]["impactadas"] == 0
    assert v2.sha256 != v1.sha256
    lista = client.get(reverse("informes:lista")).text
    assert "v1" in lista and "v2" in lista
    assert client.get(reverse("informes:publicado_pdf", args=[v1.pk])).status_code == 200
    v1.refresh_from_db()
    assert v1.sha256 == hashlib.sha256(pdf_v1).hexdigest()


def test_a_confirmation_overtaken_by_another_version_keeps_the_typed_errata(
    client, analista, ficha
):
    client.force_login(analista)
    client.post(PUBLICAR, _confirmar(1))
    # This analista confirmed «version 2» while someone else had already published it.
    client.post(PUBLICAR, _confirmar(2, errata="Primera corrección."))
    respuesta = client.post(PUBLICAR, _confirmar(2, errata="Mi corrección, escrita con cuidado."))
    assert respuesta.status_code == 400
    assert "otra persona publicó la versión 2" in respuesta.text
    assert "Mi corrección, escrita con cuidado." in respuesta.text  # back in the textarea
    assert InformePublicado.objects.count() == 2


def test_confirming_twice_publishes_once(client, analista, ficha, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(analista)
    primera = client.post(PUBLICAR, _confirmar(1))
    segunda = client.post(PUBLICAR, _confirmar(1))
    assert primera["Location"] == segunda["Location"]  # the same render to wait for
    assert Render.objects.filter(formato="publicacion").count() == 1


def _borradores() -> list:
    return sorted(
        r.ruta for r in Render.objects.filter(formato="pdf").exclude(archivo="") if r.ruta.exists()
    )


def test_a_draft_pdf_is_rendered_once_per_data_version(
    client, directivo, analista, ficha, django_capture_on_commit_callbacks
):
    client.force_login(directivo)
    url = reverse("informes:corte_pdf", args=[2022, "T2"])
    primero = client.get(url)
    assert primero["Content-Type"] == "application/pdf"
    contenido = b"".join(primero.streaming_content)
    cache = _borradores()
    assert len(cache) == 1
    client.force_login(analista)
    segundo = client.get(url)  # someone else, same data: the same render's file
    assert b"".join(segundo.streaming_content) == contenido
    assert Render.objects.filter(formato="pdf").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        ficha.cantidad_alcanzada = 1
        ficha.save()
    b"".join(client.get(url).streaming_content)
    nuevos = _borradores()
    assert len(nuevos) == 1 and nuevos != cache  # a new data version, the stale file dropped
    assert Render.objects.filter(formato="pdf").count() == 2


def test_moving_programacion_between_dependencias_renders_the_draft_again(
    client, directivo, ficha, django_capture_on_commit_callbacks
):
    """Same totals, other owners: counts and sums cannot see it, the data revision does."""
    with django_capture_on_commit_callbacks(execute=True):
        otra = MetaFactory(
            dependencia=DependenciaFactory(siglas="SSPM"),
            ejercicio=ficha.meta.ejercicio,
            programado={},
        )
    client.force_login(directivo)
    url = reverse("informes:corte_pdf", args=[2022, "T2"])
    _leer(client.get(url))
    antes = _borradores()
    with django_capture_on_commit_callbacks(execute=True):
        t1 = ficha.meta.programacion.get(periodo=periodo(2022, 1))
        t1.meta = otra
        t1.save()
    _leer(client.get(url))
    despues = _borradores()
    assert len(antes) == len(despues) == 1 and antes != despues


def test_when_every_render_slot_stays_busy_the_page_says_so_and_offers_a_retry(
    client, directivo, ficha, settings
):
    from informes.salidas.pdf import turno_de_render

    settings.AVGM_ESPERA_RENDER_PDF = 0.1
    settings.AVGM_RENDERS_PDF_SIMULTANEOS = 1
    client.force_login(directivo)
    with turno_de_render():
        respuesta = client.get(reverse("informes:corte_pdf", args=[2022, "T2"]), follow=True)
    assert respuesta.status_code == 200
    assert "No se pudo generar el PDF del borrador" in respuesta.text
    assert "ocupado generando otros informes" in respuesta.text
    render = Render.objects.get()
    reintento = client.post(reverse("informes:render_reintentar", args=[render.pk]), follow=True)
    assert "está listo" in reintento.text
    archivo = client.get(reverse("informes:render_archivo", args=[render.pk]))
    assert b"".join(archivo.streaming_content).startswith(b"%PDF")


def test_two_analistas_publishing_at_once_do_not_both_win(client, analista, ficha, monkeypatch):
    client.force_login(analista)

    def otro_publica_antes(*args, **kwargs):
        # While this render runs, someone else claims version 1.
        InformePublicado.objects.create(
            ejercicio=ficha.meta.ejercicio, hasta=periodo(2022, 2), version=1, figuras={},
            pdf="informes/otro.pdf", sha256="0" * 64, publicado_por=analista,
            publicado_en=ficha.creada_en,
        )  # fmt: skip
        return b"%PDF-1.7 prueba", 1

    monkeypatch.setattr("informes.publicacion.generar_pdf", otro_publica_antes)
    respuesta = client.post(PUBLICAR, _confirmar(1), follow=True)
    assert "Otra persona publicó esta versión" in respuesta.text
    assert "Reintentar" not in respuesta.text  # that version is taken: publish a correction
    assert InformePublicado.objects.get().sha256 == "0" * 64


def test_a_draft_whose_file_was_cleared_is_rendered_again(client, directivo, ficha):
    client.force_login(directivo)
    url = reverse("informes:corte_pdf", args=[2022, "T2"])
    _leer(client.get(url))
    render = Render.objects.get()
    render.ruta.unlink()  # someone emptied the render directory
    assert client.get(reverse("informes:render", args=[render.pk]))["Location"] == url
    respuesta = client.get(url)
    assert respuesta["Content-Type"] == "application/pdf"
    _leer(respuesta)
    assert Render.objects.get().ruta.exists()
