"""Browser flow: upload → preview → apply, and who may use it."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dependencias.models import Dependencia, Meta
from tests.factories import DependenciaFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db

IMPORTAR = reverse("dependencias:importar")
VISTA = reverse("dependencias:importar_vista_previa")
APLICAR = reverse("dependencias:importar_aplicar")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(contenido, nombre="metas.xlsx"):
    return SimpleUploadedFile(nombre, contenido, content_type="application/octet-stream")


def _libro_valido():
    return libro(
        Dependencias=[ENCABEZADOS["Dependencias"], ["DIF", "DIF Municipal", "Ana"], ["IMM", "IMM"]],
        Metas=[ENCABEZADOS["Metas"], [2022, "IMM", "M-1", "Meta", "", "", "", "", 3, 0, 0, 0]],
    )


def test_anonymous_is_sent_to_login(client):
    for url in (IMPORTAR, VISTA, reverse("dependencias:plantilla")):
        respuesta = client.get(url)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("login"))


def test_enlaces_and_directivos_may_not_import(client, enlace_a, directivo):
    for usuario in (enlace_a, directivo):
        client.force_login(usuario)
        assert client.get(IMPORTAR).status_code == 403
        assert client.post(IMPORTAR, {"archivo": _xlsx(_libro_valido())}).status_code == 403
        assert client.post(APLICAR, {"huella": "x"}).status_code == 403
    assert not Meta.objects.exists()


def test_analista_uploads_reads_the_preview_and_applies(client, analista):
    DependenciaFactory(siglas="DIF", nombre="Viejo", titular="")
    client.force_login(analista)
    respuesta = client.post(IMPORTAR, {"archivo": _xlsx(_libro_valido())})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == VISTA
    vista = client.get(VISTA)
    assert vista.status_code == 200
    assert "Se crearán los ejercicios 2022" in vista.content.decode()
    assert ">Viejo</del> → <ins>DIF Municipal</ins>" in vista.content.decode()
    assert ">(vacío)</del> → <ins>Ana</ins>" in vista.content.decode()
    assert not Meta.objects.exists()
    respuesta = client.post(
        APLICAR, {"huella": vista.context["form"].initial["huella"]}, follow=True
    )
    assert respuesta.redirect_chain[-1][0] == IMPORTAR
    assert (
        "Se aplicó «metas.xlsx». Dependencias: 1 nueva, 1 con cambios" in respuesta.content.decode()
    )
    assert Meta.objects.get(clave="M-1").dependencia.siglas == "IMM"
    assert Dependencia.objects.get(siglas="DIF").titular == "Ana"


def test_a_file_with_errors_shows_them_and_cannot_be_applied(client, analista):
    client.force_login(analista)
    contenido = libro(Metas=[ENCABEZADOS["Metas"], [2022, "NOEXISTE", "M-1", "Meta"]])
    client.post(IMPORTAR, {"archivo": _xlsx(contenido)})
    vista = client.get(VISTA)
    assert "valor «NOEXISTE»: dependencia desconocida." in vista.content.decode()
    assert "Aplicar los cambios" not in vista.content.decode()
    respuesta = client.post(APLICAR, {"huella": vista.context["form"].initial["huella"]})
    assert respuesta["Location"] == VISTA
    assert not Meta.objects.exists()


def test_data_that_moved_since_the_preview_is_not_applied_blindly(client, analista):
    client.force_login(analista)
    client.post(IMPORTAR, {"archivo": _xlsx(_libro_valido())})
    huella = client.get(VISTA).context["form"].initial["huella"]
    DependenciaFactory(siglas="DIF", nombre="Creada entre tanto")
    respuesta = client.post(APLICAR, {"huella": huella}, follow=True)
    assert "Los datos cambiaron desde la vista previa" in respuesta.content.decode()
    assert not Meta.objects.exists()


def test_a_renamed_file_gets_one_clear_message(client, analista):
    client.force_login(analista)
    respuesta = client.post(IMPORTAR, {"archivo": _xlsx(b"Clave;Meta\n", "metas.xlsx")})
    assert respuesta.status_code == 200
    assert "El archivo no es un libro de Excel (.xlsx)" in respuesta.content.decode()


def test_a_file_over_the_limit_is_refused(client, analista, settings):
    settings.AVGM_IMPORTACION_TAMANO_MAXIMO = 1024 * 1024
    client.force_login(analista)
    respuesta = client.post(IMPORTAR, {"archivo": _xlsx(b"PK" + b"0" * (1024 * 1024 + 1))})
    # Refused while it streams in, before the server reads it whole (avgm.plataforma.cargas).
    assert respuesta.status_code == 413
    assert "El archivo «metas.xlsx» pesa más de 1 MB" in respuesta.content.decode()


def test_applying_without_a_pending_upload_changes_nothing(client, analista):
    client.force_login(analista)
    respuesta = client.post(APLICAR, {"huella": "abc"}, follow=True)
    assert "No hay ningún archivo pendiente" in respuesta.content.decode()


def test_discarding_removes_the_pending_file(client, analista, tmp_path):
    client.force_login(analista)
    client.post(IMPORTAR, {"archivo": _xlsx(_libro_valido())})
    # The upload and its stored preview.
    assert sorted(p.suffix for p in (tmp_path / "importaciones").iterdir()) == [".json", ".xlsx"]
    client.post(reverse("dependencias:importar_descartar"))
    assert list((tmp_path / "importaciones").iterdir()) == []
    assert client.get(VISTA)["Location"] == IMPORTAR


def test_uploads_abandoned_for_a_day_are_removed_on_the_next_upload(client, analista, tmp_path):
    viejo = tmp_path / "importaciones" / "abandonado.xlsx"
    viejo.parent.mkdir()
    viejo.write_bytes(b"x")
    os.utime(viejo, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    client.force_login(analista)
    client.post(IMPORTAR, {"archivo": _xlsx(_libro_valido())})
    assert not viejo.exists()
    assert sorted(p.suffix for p in viejo.parent.iterdir()) == [".json", ".xlsx"]


def test_the_upload_page_states_the_size_and_row_limits(client, analista, settings):
    settings.AVGM_IMPORTACION_FILAS_MAXIMAS = 12_000
    client.force_login(analista)
    pagina = client.get(IMPORTAR).content.decode()
    assert "Tamaño máximo: 5 MB y 12,000 filas con datos por hoja." in pagina
