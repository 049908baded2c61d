"""Publishing freezes a corte's figures, narrative and PDF; corrections are new versions."""

import hashlib

import pytest
from django.urls import reverse

from informes.models import InformePublicado
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    periodo,
)

pytestmark = pytest.mark.django_db

PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])


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


def test_publishing_freezes_and_a_correction_keeps_the_old_version(
    client, analista, directivo, ficha
):
    client.force_login(analista)
    respuesta = client.post(PUBLICAR, follow=True)
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
    assert "Diferencias con la versión publicada" in borrador.text
    assert "−1" in borrador.text or "-1" in borrador.text

    # A correction needs its errata; then it is version 2 and version 1 stays downloadable.
    client.force_login(analista)
    sin_errata = client.post(PUBLICAR, follow=True)
    assert "necesita su fe de erratas" in sin_errata.text
    assert InformePublicado.objects.count() == 1
    client.post(PUBLICAR, {"errata": "La ficha de R-1 volvió a revisión."})
    v2 = InformePublicado.objects.get(version=2)
    assert v2.errata == "La ficha de R-1 volvió a revisión."
    assert v2.figuras["recomendaciones"]["impactadas"] == 0
    assert v2.sha256 != v1.sha256
    lista = client.get(reverse("informes:lista")).text
    assert "v1" in lista and "v2" in lista
    assert client.get(reverse("informes:publicado_pdf", args=[v1.pk])).status_code == 200
    v1.refresh_from_db()
    assert v1.sha256 == hashlib.sha256(pdf_v1).hexdigest()


def _borradores(settings) -> list:
    return sorted(settings.AVGM_CACHE_INFORMES.glob("borrador-*.pdf"))


def test_a_draft_pdf_is_cached_by_its_data_version(
    client, directivo, ficha, settings, django_capture_on_commit_callbacks
):
    client.force_login(directivo)
    url = reverse("informes:corte_pdf", args=[2022, "T2"])
    primero = client.get(url)
    assert primero["Content-Type"] == "application/pdf"
    cache = _borradores(settings)
    assert len(cache) == 1
    assert client.get(url).content == primero.content  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        ficha.cantidad_alcanzada = 1
        ficha.save()
    client.get(url)
    nuevos = _borradores(settings)
    assert len(nuevos) == 1 and nuevos != cache  # a new data version, the stale file dropped


def test_moving_programacion_between_dependencias_renders_the_draft_again(
    client, directivo, ficha, settings, django_capture_on_commit_callbacks
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
    client.get(url)
    antes = _borradores(settings)
    with django_capture_on_commit_callbacks(execute=True):
        t1 = ficha.meta.programacion.get(periodo=periodo(2022, 1))
        t1.meta = otra
        t1.save()
    client.get(url)
    despues = _borradores(settings)
    assert len(antes) == len(despues) == 1 and antes != despues


def test_when_every_render_slot_is_busy_the_draft_pdf_answers_503(
    client, directivo, ficha, settings
):
    from informes.pdf import turno_de_render

    settings.AVGM_ESPERA_RENDER_PDF = 0.1
    settings.AVGM_RENDERS_PDF_SIMULTANEOS = 1
    client.force_login(directivo)
    with turno_de_render():
        respuesta = client.get(reverse("informes:corte_pdf", args=[2022, "T2"]))
    assert respuesta.status_code == 503


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
    respuesta = client.post(PUBLICAR, follow=True)
    assert "Otra persona publicó esta versión" in respuesta.text
    assert InformePublicado.objects.get().sha256 == "0" * 64
