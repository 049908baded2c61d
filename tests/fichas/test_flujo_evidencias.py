"""Evidence uploads: checked by size and real content, stored privately, served with access."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fichas.forms import EvidenciaForm
from fichas.models import DescargaEvidencia, Evidencia

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _subir(client, ficha, nombre, contenido, **extra):
    datos = {"version": ficha.version, "archivo": SimpleUploadedFile(nombre, contenido), **extra}
    return client.post(reverse("fichas:evidencia_agregar", args=[ficha.pk]), datos)


def _nada_guardado(media):
    assert Evidencia.objects.count() == 0
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("lista.pdf", b"", "está vacío"),
        ("lista.pdf", PNG, "no corresponde a un archivo PDF"),
        ("foto.jpg", PDF, "no corresponde a un archivo JPG"),
        ("informe.docx", b"PK\x03\x04 not really a zip", "no corresponde a un archivo DOCX"),
        ("informe.xlsx", _docx(), "no corresponde a un archivo XLSX"),
        ("script.exe", b"MZ\x90\x00", "no es PDF, JPG, PNG, DOCX ni XLSX"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_stores_nothing(
    client, ficha_a, enlace_a, media_tmp, nombre, contenido, mensaje
):
    client.force_login(enlace_a)
    respuesta = _subir(client, ficha_a, nombre, contenido)
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    _nada_guardado(media_tmp)


def test_the_form_itself_refuses_a_file_over_the_limit():
    # Through the portal the upload handler stops it first (413); any other door has the form.
    archivo = SimpleUploadedFile("lista.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    form = EvidenciaForm({"version": 1}, {"archivo": archivo})
    assert not form.is_valid()
    assert "«lista.pdf» pesa más de 10 MB, el máximo" in form.errors["archivo"][0]


def test_a_name_with_path_parts_is_refused_by_the_form(ficha_a):
    # Browsers on Windows may send "C:\\...\\lista.pdf"; the form refuses any path part.
    archivo = SimpleUploadedFile("..\\..\\lista.pdf", PDF)
    form = EvidenciaForm({"version": 1}, {"archivo": archivo})
    assert not form.is_valid()
    assert "no puede incluir carpetas ni rutas" in str(form.errors["archivo"])


def test_path_parts_sent_over_http_never_reach_the_disk(client, ficha_a, enlace_a, media_tmp):
    # Django's multipart parser already strips "../"; the file lands under an opaque name.
    client.force_login(enlace_a)
    _subir(client, ficha_a, "../../../etc/lista.pdf", PDF)
    evidencia = Evidencia.objects.get()
    assert evidencia.nombre_original == "lista.pdf"
    ruta = media_tmp / evidencia.archivo.name
    assert ruta.resolve().is_relative_to(media_tmp.resolve())
    assert "lista" not in ruta.name


@pytest.mark.parametrize(
    ("nombre", "contenido", "tipo"),
    [
        ("lista.pdf", PDF, "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("o.docx", _docx(), "wordprocessingml"),
    ],
)
def test_a_good_file_is_stored_privately_and_downloaded_as_attachment(
    client, ficha_a, enlace_a, enlace_b, analista, media_tmp, nombre, contenido, tipo
):
    client.force_login(enlace_a)
    respuesta = _subir(client, ficha_a, nombre, contenido, medio_verificacion="Lista de asistencia")
    assert respuesta.status_code == 302
    evidencia = Evidencia.objects.get()
    assert tipo in evidencia.tipo_contenido
    assert evidencia.tamano == len(contenido)
    assert ficha_a.historial.filter(accion="evidencia").exists()

    client.force_login(analista)
    descarga = client.get(reverse("fichas:evidencia", args=[evidencia.pk]))
    assert descarga["Content-Disposition"].startswith("attachment")
    assert nombre in descarga["Content-Disposition"]
    assert b"".join(descarga.streaming_content) == contenido
    assert DescargaEvidencia.objects.filter(evidencia=evidencia, usuario=analista).exists()

    client.force_login(enlace_b)
    assert client.get(reverse("fichas:evidencia", args=[evidencia.pk])).status_code == 404


def test_withdrawn_evidence_is_kept_not_deleted(client, ficha_a, enlace_a, media_tmp):
    client.force_login(enlace_a)
    _subir(client, ficha_a, "lista.pdf", PDF)
    evidencia = Evidencia.objects.get()
    ficha_a.refresh_from_db()
    client.post(
        reverse("fichas:evidencia_retirar", args=[evidencia.pk]), {"version": ficha_a.version}
    )
    evidencia.refresh_from_db()
    assert evidencia.retirada_en is not None
    assert (media_tmp / evidencia.archivo.name).exists()
