"""What `restaurar` says about the archive and its schema before it touches anything: one
Spanish sentence and a non-zero exit for a truncated, damaged, foreign or newer backup, never
a traceback; and, for an older backup, that `migrate` comes next."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.respaldos import contenido, otra_base, reescribir, tablas

RAIZ = Path(__file__).resolve().parents[2]


def archivo_de_prueba(ruta: Path) -> Path:
    """An archive shaped like a backup (manifest, base, media) without a database behind it:
    enough for what is refused before the database is read."""
    archivos = {
        "base/avgm.sqlite3": os.urandom(50_000),
        "media/evidencias/lista.pdf": os.urandom(200_000),
    }
    manifiesto = {
        "formato": 1,
        "creado_en": "2026-12-01T08:00:00+00:00",
        "base_de_datos": "sqlite",
        "migraciones": {"fichas": ["0001_initial"]},
        "archivos": {n: hashlib.sha256(d).hexdigest() for n, d in archivos.items()},
    }
    with tarfile.open(ruta, "w:gz") as tar:
        for nombre, datos in [
            ("manifest.json", json.dumps(manifiesto).encode()),
            *archivos.items(),
        ]:
            miembro = tarfile.TarInfo(nombre)
            miembro.size = len(datos)
            tar.addfile(miembro, io.BytesIO(datos))
    return ruta


def restaurar_en_otro_proceso(archivo: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """`manage.py restaurar` as the operator runs it, on an empty installation of its own."""
    entorno = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vacia.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media-vacia"),
        "AVGM_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "avgm.settings",
    }
    return subprocess.run(
        # --skip-checks: only the command's own words on stderr (a checkout without
        # node_modules would add the static files' warnings).
        [sys.executable, "manage.py", "restaurar", "--skip-checks", str(archivo)],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
    )


def test_a_truncated_archive_gets_one_spanish_sentence_and_a_non_zero_exit(tmp_path):
    entero = archivo_de_prueba(tmp_path / "entero.tar.gz").read_bytes()
    cortado = tmp_path / "cortado.tar.gz"
    cortado.write_bytes(entero[: len(entero) // 2])

    hecho = restaurar_en_otro_proceso(cortado, tmp_path)

    assert hecho.returncode != 0
    assert "Traceback" not in hecho.stderr
    assert hecho.stderr.strip().splitlines() == [
        "CommandError: «cortado.tar.gz» está incompleto (se corta antes de terminar): no se "
        "restauró nada; use otra copia del respaldo."
    ]
    assert contenido(tmp_path / "media-vacia") == []


def test_a_damaged_archive_is_refused_with_one_sentence(tmp_path):
    datos = bytearray(archivo_de_prueba(tmp_path / "entero.tar.gz").read_bytes())
    for i in range(len(datos) // 2, len(datos) // 2 + 64):
        datos[i] ^= 0xFF
    danado = tmp_path / "danado.tar.gz"
    danado.write_bytes(bytes(datos))

    with pytest.raises(CommandError, match=r"^(«danado.tar.gz» está dañado|El SHA-256 de)"):
        call_command("restaurar", str(danado), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("contenido_", "mensaje"),
    [
        (b"no es un respaldo", "no es un archivo .tar.gz legible"),
        (gzip.compress(b"\0" * 1024), "no trae manifest.json"),  # an empty tar, gzipped
    ],
    ids=["texto", "tar-ajeno"],
)
def test_a_foreign_file_is_refused_with_one_sentence(tmp_path, contenido_, mensaje):
    ajeno = tmp_path / "ajeno.tar.gz"
    ajeno.write_bytes(contenido_)

    with pytest.raises(CommandError, match=mensaje):
        call_command("restaurar", str(ajeno), stdout=io.StringIO())


def test_an_archive_of_a_format_this_code_cannot_read_is_refused(tmp_path):
    archivo = reescribir(
        archivo_de_prueba(tmp_path / "a.tar.gz"),
        tmp_path / "formato2.tar.gz",
        manifiesto=lambda m: m.update(formato=2),
    )

    with pytest.raises(CommandError, match="tiene el formato 2 y este código lee el 1"):
        call_command("restaurar", str(archivo), stdout=io.StringIO())


@pytest.fixture
def respaldo_real(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """A backup of the (migrated, committed) test database; serialized rollback puts back
    the catalog rows a transactional test's flush removes."""
    settings.MEDIA_ROOT = tmp_path / "media-origen"
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "media"
    return archivo


def test_a_backup_newer_than_the_code_is_refused_before_touching_anything(respaldo_real, tmp_path):
    futuro = reescribir(
        respaldo_real,
        tmp_path / "futuro.tar.gz",
        manifiesto=lambda m: m["migraciones"]["fichas"].append("0099_del_futuro"),
    )

    with otra_base("restaurada", tmp_path) as alias:
        with pytest.raises(CommandError) as error:
            call_command("restaurar", str(futuro), database=alias, stdout=io.StringIO())
        assert tablas(alias) == []
    assert "versión del código más nueva" in str(error.value)
    assert "fichas.0099_del_futuro" in str(error.value)
    assert contenido(tmp_path / "media") == []


def test_an_older_backup_is_restored_and_says_migrate_comes_next_which_the_check_agrees_with(
    transactional_db, django_db_serialized_rollback, settings, tmp_path
):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from avgm.plataforma.checks import migraciones_aplicadas

    # A backup taken before the code's last migration of informes existed (a leaf: nothing
    # applied depends on it), its schema included: the migration is really unapplied first.
    grafo = MigrationLoader(connection).graph
    [ultima] = grafo.leaf_nodes("informes")
    [anterior] = [p for p in grafo.node_map[ultima].parents if p.key[0] == "informes"]
    call_command("migrate", "informes", anterior.key[1], verbosity=0)
    try:
        settings.MEDIA_ROOT = tmp_path / "media-origen"
        viejo = tmp_path / "viejo.tar.gz"
        call_command("respaldar", str(viejo), stdout=io.StringIO())
    finally:
        call_command("migrate", "informes", ultima[1], verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    salida = io.StringIO()

    with otra_base("restaurada", tmp_path) as alias:
        call_command("restaurar", str(viejo), database=alias, stdout=salida)
        [problema] = migraciones_aplicadas(None, databases=[alias])
        call_command("migrate", database=alias, stdout=io.StringIO())
        despues = migraciones_aplicadas(None, databases=[alias])

    assert f"le falta 1 migración: {'.'.join(ultima)}" in salida.getvalue()
    assert "ejecute `manage.py migrate` antes de arrancar los servicios" in salida.getvalue()
    assert problema.id == "avgm.E201"
    assert despues == []
