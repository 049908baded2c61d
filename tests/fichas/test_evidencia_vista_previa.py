"""A PDF or an image evidence is viewed in the page: inline, sandboxed, never sniffed, logged,
with the download's own access rules; any other file (or a renamed one) is only downloaded."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from fichas.models import DescargaEvidencia, Evidencia

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 lista de asistencia"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PROGRAMA = b"MZ\x90\x00\x03\x00\x00\x00 un programa de Windows"


def _evidencia(ficha, usuario, nombre, contenido, tipo, *, datos_personales=False) -> Evidencia:
    evidencia = Evidencia(
        ficha=ficha,
        subida_por=usuario,
        nombre_original=nombre,
        tipo_contenido=tipo,
        tamano=len(contenido),
        contiene_datos_personales=datos_personales,
    )
    evidencia.archivo.save(nombre, ContentFile(contenido), save=True)
    return evidencia


@pytest.fixture
def pdf(ficha_a, enlace_a, media_tmp):
    return _evidencia(ficha_a, enlace_a, "asistencia.pdf", PDF, "application/pdf")


def _en_linea(evidencia):
    return reverse("fichas:evidencia_en_linea", args=[evidencia.pk])


def _ver(evidencia):
    return reverse("fichas:evidencia_ver", args=[evidencia.pk])


def test_a_pdf_is_served_inline_sandboxed_and_never_sniffed(client, enlace_a, pdf):
    client.force_login(enlace_a)
    respuesta = client.get(_en_linea(pdf))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == PDF
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"].startswith("inline")
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    politica = [p.strip() for p in respuesta["Content-Security-Policy"].split(";")]
    assert "default-src 'none'" in politica and "sandbox" in politica
    assert "frame-ancestors 'self'" in politica
    assert respuesta["X-Frame-Options"] == "SAMEORIGIN"  # only the portal's page frames it
    assert DescargaEvidencia.objects.get().usuario == enlace_a


def test_the_preview_page_frames_the_pdf_and_offers_the_download(client, analista, pdf):
    client.force_login(analista)
    respuesta = client.get(_ver(pdf))
    assert respuesta.status_code == 200
    html = respuesta.text
    assert f'<iframe class="evidencia-visor" id="visor" src="{_en_linea(pdf)}"' in html
    assert f'href="{reverse("fichas:evidencia", args=[pdf.pk])}" download' in html
    # The portal page itself keeps the portal's policy and is never framed.
    assert "frame-ancestors 'none'" in respuesta["Content-Security-Policy"]


def test_an_image_is_shown_as_an_image(client, enlace_a, ficha_a, media_tmp):
    foto = _evidencia(ficha_a, enlace_a, "taller.png", PNG, "image/png")
    client.force_login(enlace_a)
    assert f'<img class="img-fluid border evidencia-imagen" id="visor" src="{_en_linea(foto)}"' in (
        client.get(_ver(foto)).text
    )
    respuesta = client.get(_en_linea(foto))
    assert respuesta["Content-Type"] == "image/png"
    assert respuesta["Content-Disposition"].startswith("inline")


def test_another_dependencias_enlace_gets_404_from_both(client, enlace_b, pdf):
    client.force_login(enlace_b)
    assert client.get(_ver(pdf)).status_code == 404
    assert client.get(_en_linea(pdf)).status_code == 404
    assert not DescargaEvidencia.objects.exists()


def test_personal_data_is_not_previewed_to_a_directivo(
    client, directivo, ficha_a, enlace_a, media_tmp
):
    lista = _evidencia(
        ficha_a, enlace_a, "lista.pdf", PDF, "application/pdf", datos_personales=True
    )
    client.force_login(directivo)
    for url in (_ver(lista), _en_linea(lista)):
        respuesta = client.get(url)
        assert respuesta.status_code == 403
        assert "contiene datos personales" in respuesta.text
        assert PDF not in respuesta.content
    assert not DescargaEvidencia.objects.exists()


def test_a_program_renamed_as_pdf_is_never_shown_inline(client, enlace_a, ficha_a, media_tmp):
    # Stored by some other door with the type its name claims: the bytes decide.
    disfrazado = _evidencia(ficha_a, enlace_a, "informe.pdf", PROGRAMA, "application/pdf")
    client.force_login(enlace_a)
    respuesta = client.get(_en_linea(disfrazado))
    assert respuesta.status_code == 404
    assert "inline" not in respuesta.get("Content-Disposition", "")
    assert PROGRAMA not in respuesta.content
    # The preview page sends it to the download, which is an attachment.
    ver = client.get(_ver(disfrazado))
    assert ver.status_code == 302 and ver["Location"] == reverse(
        "fichas:evidencia", args=[disfrazado.pk]
    )
    descarga = client.get(ver["Location"])
    assert descarga["Content-Disposition"].startswith("attachment")


def test_the_ficha_offers_ver_only_for_pdfs_and_images(client, enlace_a, ficha_a, pdf):
    libro = _evidencia(
        ficha_a,
        enlace_a,
        "padron.xlsx",
        b"PK\x03\x04 libro",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert f'href="{_ver(pdf)}"' in html
    assert _ver(libro) not in html
    assert reverse("fichas:evidencia", args=[libro.pk]) in html
