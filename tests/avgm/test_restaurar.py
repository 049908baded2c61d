"""Restore drills: whatever fails half-way (a full disk, pg_restore, a move), the target
database and MEDIA_ROOT are left as they were, and the rerun restores everything.

Each drill restores the backup of a small committed dataset (a ficha, three evidence files
and a published PDF) into a second, empty database of the same vendor (tests/respaldos.py).
"""

import errno
import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from avgm.plataforma import restauracion
from tests.respaldos import (
    contenido,
    conteos,
    disco_limitado,
    huellas,
    otra_base,
    tablas,
    tamanos,
)

EVIDENCIA = 200_000  # bytes of each evidence file (random: gzip cannot shrink them)


@pytest.fixture
def origen(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """The backup of committed data (a backup reads committed data only) and its media.

    Serialized rollback puts back the catalog rows the migrations load, which a transactional
    test's flush removes."""
    from fichas.models import Evidencia
    from tests.factories import FichaFactory, UserFactory

    media = tmp_path / "media-origen"
    settings.MEDIA_ROOT = media
    ficha = FichaFactory()
    quien = UserFactory(username="quien.sube")
    for i in range(3):
        evidencia = Evidencia(ficha=ficha, nombre_original=f"lista-{i}.pdf", subida_por=quien)
        evidencia.archivo.save(f"lista-{i}.pdf", ContentFile(os.urandom(EVIDENCIA)), save=True)
    publicado = media / "informes" / "2022" / "corte-v1.pdf"
    publicado.parent.mkdir(parents=True)
    publicado.write_bytes(b"%PDF-1.7 " + os.urandom(EVIDENCIA))
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())
    return archivo, media


@pytest.fixture
def destino(origen, tmp_path):
    with otra_base("restaurada", tmp_path) as alias:
        yield alias


def restaurar(archivo: Path, alias: str) -> str:
    salida = io.StringIO()
    call_command("restaurar", str(archivo), database=alias, stdout=salida)
    return salida.getvalue()


def assert_intactos(alias: str, media: Path) -> None:
    """The target is as it was before the restore: no table, no file, no leftover stage."""
    assert tablas(alias) == []
    assert contenido(media) == []


def assert_restaurado(alias: str, media_origen: Path, media: Path) -> None:
    assert conteos(alias) == conteos("default")
    assert huellas(media) == huellas(media_origen)
    assert len(huellas(media)) == 4


def test_a_disk_that_fills_while_unpacking_leaves_everything_untouched_and_the_rerun_restores_it(
    origen, destino, settings, tmp_path, monkeypatch
):
    archivo, media_origen = origen
    base = next(t for n, t in tamanos(archivo).items() if n.startswith("base/"))
    # Room for the database file and one and a half evidence files: it fills half-way.
    with disco_limitado(
        tmp_path / "disco", f"{(base + EVIDENCIA * 3 // 2) // 1024 + 16}k"
    ) as disco:
        media = disco.ruta / "media"
        settings.MEDIA_ROOT = media
        with monkeypatch.context() as m:
            # Another process fills the disk after the free-space check said yes.
            m.setattr(restauracion, "espacio_libre", lambda carpeta: 1 << 40)
            with pytest.raises(CommandError, match="No queda espacio") as error:
                restaurar(archivo, destino)
        assert "quedaron como estaban" in str(error.value)
        assert_intactos(destino, media)
        assert contenido(disco.ruta) == []  # no stage left behind either

        disco.ampliar("20m")
        salida = restaurar(archivo, destino)

        assert_restaurado(destino, media_origen, media)
    assert "no hace falta migrate" in salida


def test_without_room_it_refuses_before_touching_anything(origen, destino, settings, tmp_path):
    archivo, _ = origen
    with disco_limitado(tmp_path / "disco", "256k") as disco:
        settings.MEDIA_ROOT = disco.ruta / "media"
        with pytest.raises(CommandError, match=r"No hay espacio suficiente en .*: la restauración"):
            restaurar(archivo, destino)
        assert_intactos(destino, disco.ruta / "media")


def test_the_same_drill_where_no_disk_can_be_mounted(
    origen, destino, settings, tmp_path, monkeypatch
):
    # The portable fallback: the file writer runs out of space on the third file it writes.
    archivo, media_origen = origen
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    copiar, escritos = restauracion._copiar, []

    def sin_espacio_al_tercero(origen_, ruta):
        if ruta is None:  # only reading the archive
            return copiar(origen_, ruta)
        escritos.append(ruta)
        if len(escritos) == 3:
            ruta.write_bytes(origen_.read(1000))  # part of it, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(ruta))
        return copiar(origen_, ruta)

    with monkeypatch.context() as m:
        m.setattr(restauracion, "_copiar", sin_espacio_al_tercero)
        with pytest.raises(CommandError, match="No queda espacio"):
            restaurar(archivo, destino)
    assert_intactos(destino, media)

    restaurar(archivo, destino)

    assert_restaurado(destino, media_origen, media)


def test_a_database_that_fills_its_disk_while_loading_is_rolled_back(
    origen, settings, tmp_path, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's own disk: see the pg_restore drill below")
    archivo, media_origen = origen
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    with (
        disco_limitado(tmp_path / "disco", "256k") as disco,
        otra_base("restaurada", disco.ruta) as alias,
    ):
        with monkeypatch.context() as m:
            m.setattr(restauracion, "espacio_libre", lambda carpeta: 1 << 40)
            with pytest.raises(CommandError, match="No queda espacio"):
                restaurar(archivo, alias)
        assert_intactos(alias, media)

        disco.ampliar("50m")
        restaurar(archivo, alias)

        assert_restaurado(alias, media_origen, media)


def test_pg_restore_failing_half_way_loads_nothing(origen, destino, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_restore only")
    from django.db import connections

    archivo, media_origen = origen
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    # Not a table, so the database still counts as empty; the dump creates it mid-way.
    with connections[destino].cursor() as cursor:
        cursor.execute("CREATE SEQUENCE fichas_fichatecnica_id_seq")
    with pytest.raises(CommandError, match="pg_restore no pudo cargar la base y no cargó nada"):
        restaurar(archivo, destino)
    assert_intactos(destino, media)

    with connections[destino].cursor() as cursor:
        cursor.execute("DROP SEQUENCE fichas_fichatecnica_id_seq")
    restaurar(archivo, destino)

    assert_restaurado(destino, media_origen, media)


def test_a_move_into_place_that_fails_undoes_the_moves_and_the_database(
    origen, destino, settings, tmp_path, monkeypatch
):
    archivo, media_origen = origen
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    renombrar, hacia_media = os.rename, []

    def falla_el_segundo(de, a):
        if Path(a).parent == media:
            hacia_media.append(a)
            if len(hacia_media) == 2:  # "evidencias/" moved, "informes/" fails
                raise OSError(errno.EIO, "Input/output error", str(a))
        return renombrar(de, a)

    with monkeypatch.context() as m:
        m.setattr(os, "rename", falla_el_segundo)
        with pytest.raises(CommandError, match="se deshizo"):
            restaurar(archivo, destino)
    assert_intactos(destino, media)

    restaurar(archivo, destino)

    assert_restaurado(destino, media_origen, media)


def test_a_dry_run_checks_every_file_and_writes_nothing(origen, destino, settings, tmp_path):
    archivo, _ = origen
    settings.MEDIA_ROOT = tmp_path / "media"
    salida = io.StringIO()

    call_command("restaurar", str(archivo), database=destino, dry_run=True, stdout=salida)

    assert "se puede restaurar" in salida.getvalue()
    assert_intactos(destino, tmp_path / "media")
