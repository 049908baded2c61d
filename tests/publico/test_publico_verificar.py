"""«Verificar»: an authentic PDF, a modified PDF and an unknown hash; later corrections shown."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from informes.models import InformePublicado
from tests.publico import test_publico_vistas as escenario

# The published scenario of the micrositio's tests, shared as fixtures.
archivos, cache_limpia, datos = escenario.archivos, escenario.cache_limpia, escenario.datos
publicar_corte = escenario.publicar_corte

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # each test publishes (PDF, Excel)
VERIFICAR = reverse("publico:verificar")


def _subir(client, contenido: bytes):
    return client.post(
        VERIFICAR, {"pdf": SimpleUploadedFile("informe.pdf", contenido, "application/pdf")}
    )


def test_an_authentic_pdf_is_recognised_with_its_version(client, datos):
    pdf = datos["v1"].pdf.read()
    respuesta = _subir(client, pdf)
    assert "Auténtico" in respuesta.text
    assert "versión 1 del informe de corte" in respuesta.text
    assert "no hay una corrección posterior" in respuesta.text
    assert InformePublicado.objects.count() == 1


def test_a_modified_pdf_is_not_authentic(client, datos):
    pdf = bytearray(datos["v1"].pdf.read())
    pdf[-10] ^= 0x01
    respuesta = _subir(client, bytes(pdf))
    assert "No coincide con ningún informe publicado" in respuesta.text
    assert hashlib.sha256(bytes(pdf)).hexdigest() in respuesta.text


def test_an_unknown_hash_is_not_authentic_and_a_bad_one_is_refused(client, datos):
    desconocido = client.get(VERIFICAR, {"sha256": "a" * 64})
    assert "No coincide con ningún informe publicado" in desconocido.text
    malo = client.post(VERIFICAR, {"sha256": "no-es-una-huella"})
    assert "Una huella SHA-256 tiene 64 caracteres" in malo.text and "Auténtico" not in malo.text
    assert 'aria-describedby="id_sha256_helptext id_sha256_error"' in malo.text
    vacio = client.post(VERIFICAR, {})
    assert "Suba el PDF o escriba su huella" in vacio.text


def test_a_pasted_hash_of_a_corrected_version_points_to_the_correction(client, datos, analista):
    v2 = publicar_corte(analista, errata="Se corrigió la cifra de DIF.")
    respuesta = client.post(VERIFICAR, {"sha256": datos["v1"].sha256.upper()})
    assert "Auténtico" in respuesta.text
    assert "Existe una corrección posterior" in respuesta.text
    assert "Se corrigió la cifra de DIF." in respuesta.text
    assert reverse("publico:pdf", args=[v2.pk]) in respuesta.text
    assert "no hay una corrección posterior" in client.get(VERIFICAR, {"sha256": v2.sha256}).text


def test_an_oversized_upload_is_refused(client, datos, monkeypatch):
    from publico import verificacion

    monkeypatch.setattr(verificacion, "MAX_PDF", 100)
    respuesta = _subir(client, b"%PDF" + b"0" * 200)
    assert "pasa de 20 MB" in respuesta.text and "No coincide" not in respuesta.text
