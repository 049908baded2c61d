"""`respaldar` fails loudly and cleanly: no partial file survives a failure (a full disk
included), retention counts and deletes only complete backups, and the failure is left where
/salud/ and the admin's home page read it."""

import datetime
import errno
import fcntl
import io
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from avgm.plataforma import respaldo
from tests.respaldos import disco_limitado


@pytest.fixture
def datos(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """Committed data with 600 KB of evidence (a backup reads committed data only).

    Serialized rollback puts back the catalog rows the migrations load, which a transactional
    test's flush removes."""
    from fichas.models import Evidencia
    from tests.factories import FichaFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    evidencia = Evidencia(
        ficha=FichaFactory(), nombre_original="fotos.zip", subida_por=UserFactory()
    )
    evidencia.archivo.save("fotos.zip", ContentFile(os.urandom(600_000)), save=True)


@pytest.fixture
def carpeta(settings, tmp_path):
    settings.AVGM_RESPALDOS = tmp_path / "respaldos"
    return settings.AVGM_RESPALDOS


def respaldar(**opciones) -> str:
    salida = io.StringIO()
    call_command("respaldar", stdout=salida, **opciones)
    return salida.getvalue()


def nombres(carpeta) -> list[str]:
    return sorted(p.name for p in carpeta.iterdir())


def test_a_backup_that_fills_the_disk_leaves_no_partial_file_and_says_so(datos, settings, tmp_path):
    settings.ADMINS = [("Sistemas", "sistemas@imm.test")]
    with disco_limitado(tmp_path / "respaldos", "256k") as disco:
        settings.AVGM_RESPALDOS = disco.ruta

        with pytest.raises(CommandError, match="No queda espacio en disco para el respaldo"):
            respaldar()

        assert nombres(disco.ruta) == [respaldo.FALLO]  # neither a partial nor a whole archive
        assert "No queda espacio" in respaldo.estado().fallo_mensaje
        # ADMINS are told; the mail names the logger, its text stays in the log and /salud/.
        assert "avgm.respaldo (ERROR)" in mail.outbox[-1].body

        disco.ampliar("20m")
        respaldar()

        [completo] = nombres(disco.ruta)
        assert completo.startswith("avgm-") and completo.endswith(".tar.gz")
        assert respaldo.estado().fallo_cuando is None


def test_the_same_drill_where_no_disk_can_be_mounted(datos, carpeta, monkeypatch):
    # The portable fallback: the archive writer runs out of space half-way.
    def sin_espacio(parcial, manifiesto, archivos):
        parcial.write_bytes(b"\x1f\x8b" + b"\0" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device", str(parcial))

    monkeypatch.setattr(respaldo, "_escribir_tar", sin_espacio)

    with pytest.raises(CommandError, match="No queda espacio") as error:
        respaldar()

    assert "no quedó ningún archivo parcial" in str(error.value)
    assert nombres(carpeta) == [respaldo.FALLO]


def test_an_explicit_archive_that_fails_leaves_nothing_either(datos, tmp_path, monkeypatch):
    def falla(parcial, manifiesto, archivos):
        parcial.write_bytes(b"a medias")
        raise RuntimeError("interrumpido")

    monkeypatch.setattr(respaldo, "_escribir_tar", falla)

    with pytest.raises(CommandError, match="error inesperado"):
        respaldar(archivo=str(tmp_path / "manual.tar.gz"))

    assert not list(tmp_path.glob("manual*"))


def test_a_stale_partial_is_removed_but_one_being_written_is_left_alone(datos, carpeta):
    carpeta.mkdir()
    (carpeta / "avgm-20261201-020000.tar.gz.parcial").write_bytes(b"de una noche sin espacio")
    escribiendo = carpeta / "avgm-20261207-020000.tar.gz.parcial"
    with open(escribiendo, "wb") as otro:
        fcntl.flock(otro, fcntl.LOCK_EX)  # as a backup running right now holds it

        salida = respaldar()

    assert "Borrado un respaldo parcial que quedó: avgm-20261201-020000" in salida
    assert [n for n in nombres(carpeta) if n.endswith(".parcial")] == [escribiendo.name]


def _viejo(carpeta, dias: float):
    momento = datetime.datetime.now() - datetime.timedelta(days=dias)
    ruta = carpeta / respaldo.nombre_programado(momento)
    ruta.write_bytes(b"respaldo completo")
    os.utime(ruta, (momento.timestamp(), momento.timestamp()))
    return ruta.name


def test_retention_deletes_complete_backups_older_than_the_days_kept(datos, carpeta, settings):
    carpeta.mkdir()
    settings.AVGM_RESPALDOS_DIAS = 14
    edades = {_viejo(carpeta, dias + 0.5): dias + 0.5 for dias in range(20)}
    ajeno = carpeta / "copia-manual.tar.gz"
    ajeno.write_bytes(b"no es de los programados")

    respaldar()

    quedan = set(nombres(carpeta))
    assert {n for n, dias in edades.items() if n not in quedan} == {
        n for n, dias in edades.items() if dias > 14
    }
    assert ajeno.name in quedan
    assert len([n for n in quedan if n.startswith("avgm-")]) == 15  # today's and 14 days'


def test_retention_never_deletes_the_newest_backups_after_nights_that_failed(
    datos, carpeta, settings
):
    carpeta.mkdir()
    settings.AVGM_RESPALDOS_DIAS = 3
    viejos = [_viejo(carpeta, dias) for dias in (30, 31, 32, 33)]

    respaldar()

    # Today's and the two newest of a month ago: three complete backups, whatever their age.
    assert set(nombres(carpeta)) & set(viejos) == set(viejos[:2])


def test_without_a_file_or_a_folder_it_says_what_to_set(settings):
    settings.AVGM_RESPALDOS = None

    with pytest.raises(CommandError, match="fije AVGM_RESPALDOS"):
        respaldar()
