"""A full disk while an evidence uploads: a Spanish message on the ficha, no partial file,
nothing typed lost."""

import errno

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.urls import reverse

from avgm.plataforma.almacen import AlmacenSinRestos
from fichas import workflow
from fichas.models import Evidencia
from fichas.views.pagina import MARCA_FICHA

PDF = b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n"


@pytest.fixture
def disco_lleno(monkeypatch):
    """The disk fills up after the first chunk of any upload has been written."""

    def trozos(self, chunk_size=None):
        self.seek(0)
        yield self.read(64 * 1024)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", trozos)


def _archivos(carpeta):
    return [p for p in carpeta.rglob("*") if p.is_file()] if carpeta.exists() else []


@pytest.mark.django_db
def test_a_full_disk_answers_on_the_ficha_page_keeping_what_was_typed(
    client, ficha_a, enlace_a, media_tmp, disco_lleno
):
    client.force_login(enlace_a)
    datos = {c: getattr(ficha_a, c) for c in workflow.CAMPOS_EDITABLES}
    datos = {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}
    datos.update(
        version=ficha_a.version,
        lugar="Sector Norte",
        descripcion="Lista firmada del taller",
        archivo=SimpleUploadedFile("lista.pdf", PDF, content_type="application/pdf"),
        **{MARCA_FICHA: "1"},
    )

    respuesta = client.post(reverse("fichas:evidencia_agregar", args=[ficha_a.pk]), datos)

    assert respuesta.status_code == 507
    html = respuesta.content.decode()
    assert "el servidor se quedó sin espacio" in html
    assert "La ficha sí se guardó como borrador" in html
    assert "Lista firmada del taller" in html  # the evidence's description, still in the form
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Norte"
    assert not Evidencia.objects.filter(ficha=ficha_a).exists()
    assert _archivos(media_tmp) == []


def test_the_storage_leaves_no_partial_file_when_a_write_fails(tmp_path):
    class Llena(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"primera parte"
            raise OSError(errno.ENOSPC, "No space left on device")

    almacen = AlmacenSinRestos(location=tmp_path)

    with pytest.raises(OSError):
        almacen.save("evidencias/lista.pdf", Llena(b"", name="lista.pdf"))

    assert _archivos(tmp_path) == []


def test_the_storage_never_replaces_an_existing_file(tmp_path):
    almacen = AlmacenSinRestos(location=tmp_path)

    primero = almacen.save("evidencias/lista.pdf", ContentFile(b"uno"))
    segundo = almacen.save("evidencias/lista.pdf", ContentFile(b"dos"))

    assert primero != segundo
    assert (tmp_path / primero).read_bytes() == b"uno"
    assert (tmp_path / segundo).read_bytes() == b"dos"
    assert oct((tmp_path / segundo).stat().st_mode & 0o777) == oct(almacen.file_permissions_mode)
    assert sorted(p.name for p in (tmp_path / "evidencias").iterdir()) == sorted(
        [primero.split("/")[-1], segundo.split("/")[-1]]
    )
