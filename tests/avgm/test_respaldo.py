"""Backups that restore: `respaldar` the demo, `restaurar` it elsewhere, compare everything.

The restore runs in a child process against another database (a SQLite file, or a fresh
PostgreSQL database when DATABASE_URL points to PostgreSQL) and another MEDIA_ROOT; the child
prints the same summary as this process, built by `resumen()`.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from tests.respaldos import contenido, otra_base, reescribir, tablas

RAIZ = Path(__file__).resolve().parents[2]


def resumen() -> dict:
    """The corte's figures, every ficha's fields and every evidence file's checksum."""
    from avgm.models import Ejercicio
    from fichas.models import Evidencia, FichaTecnica
    from informes.cifras.figures import calcular_corte

    ejercicio = Ejercicio.objects.get(anio=2022)
    cifras = calcular_corte(ejercicio, ejercicio.periodos.get(numero=2))
    cifras["corte"].pop("calculado_en")  # when, not what
    fichas = list(FichaTecnica.objects.order_by("pk").values())
    evidencias = {
        e.archivo.name: hashlib.sha256(Path(e.archivo.path).read_bytes()).hexdigest()
        for e in Evidencia.objects.exclude(archivo="").order_by("pk")
    }
    return json.loads(
        json.dumps({"cifras": cifras, "fichas": fichas, "evidencias": evidencias}, default=str)
    )


@pytest.fixture
def base_destino(tmp_path):
    """An empty database of the same vendor as the test database, as a DATABASE_URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restaurada.sqlite3'}"
        return
    db = connection.settings_dict
    nombre = f"{db['NAME']}_restaurada"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        cursor.execute(f'CREATE DATABASE "{nombre}"')
    usuario = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    yield f"postgres://{usuario}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{nombre}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


def _en_otra_instalacion(database_url: str, media: Path, *args: str) -> str:
    entorno = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "avgm.settings",
    }
    hecho = subprocess.run(
        [sys.executable, *args], cwd=RAIZ, env=entorno, capture_output=True, text=True
    )
    assert hecho.returncode == 0, hecho.stderr
    return hecho.stdout


@pytest.fixture
def demo_con_evidencia(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """The demo (committed, so pg_dump sees it) plus one evidence file on disk.

    Serialized rollback puts back the catalog rows the migrations load (role groups,
    modalidades), which a transactional test's flush removes.
    """
    from avgm.plataforma.roles import ANALISTA
    from fichas.models import Evidencia, FichaTecnica
    from tests.factories import UserFactory

    analista = UserFactory(username="analista.respaldo", rol=ANALISTA)

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True  # the demo refuses to load with DEBUG off
    # Committed, so not the session's demo (tests/conftest.py); without the published versions,
    # which the comparison does not read (four renders fewer).
    call_command("demo", "--sin-publicar", "--solo-juarez", stdout=io.StringIO())
    ficha = FichaTecnica.objects.order_by("pk").first()
    evidencia = Evidencia(ficha=ficha, nombre_original="lista.pdf", subida_por=analista)
    evidencia.archivo.save("lista.pdf", ContentFile(b"%PDF-1.4 lista de asistencia"), save=True)
    return evidencia


@pytest.mark.slow  # the demo, committed, then a restore in a child process
def test_a_backup_of_the_demo_restores_the_same_figures_fichas_and_evidence(
    demo_con_evidencia, base_destino, tmp_path
):
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())
    media_destino = tmp_path / "media-restaurada"

    _en_otra_instalacion(base_destino, media_destino, "manage.py", "restaurar", str(archivo))
    restaurado = _en_otra_instalacion(
        base_destino,
        media_destino,
        "-c",
        "import django, json; django.setup(); "
        "from tests.avgm.test_respaldo import resumen; print(json.dumps(resumen()))",
    )

    original = resumen()
    for clave, valor in original["cifras"].items():
        assert json.loads(restaurado)["cifras"][clave] == valor, clave
    assert original["evidencias"]  # the comparison covers at least one file
    assert len(original["fichas"]) > 100
    assert json.loads(restaurado) == original


@pytest.fixture
def ficha_con_evidencia(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """One ficha with an evidence file, committed (a backup reads committed data only): enough
    for what does not compare the whole demo."""
    from fichas.models import Evidencia
    from tests.factories import FichaFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    ficha = FichaFactory()
    evidencia = Evidencia(
        ficha=ficha, nombre_original="lista.pdf", subida_por=UserFactory(username="quien.sube")
    )
    evidencia.archivo.save("lista.pdf", ContentFile(b"%PDF-1.4 lista de asistencia"), save=True)
    return evidencia


def test_the_manifest_names_the_vendor_the_schema_and_every_file(ficha_con_evidencia, tmp_path):
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())

    with tarfile.open(archivo) as tar:
        manifiesto = json.load(tar.extractfile("manifest.json"))
        nombres = {m.name for m in tar.getmembers() if m.isfile()} - {"manifest.json"}
    assert manifiesto["base_de_datos"] == connection.vendor
    assert "0001_initial" in manifiesto["migraciones"]["fichas"]
    assert set(manifiesto["archivos"]) == nombres
    assert f"media/{ficha_con_evidencia.archivo.name}" in nombres
    assert oct(archivo.stat().st_mode & 0o777) == "0o600"


def test_it_refuses_to_restore_over_a_database_with_data(ficha_con_evidencia, tmp_path):
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())

    with pytest.raises(CommandError, match="no está vacía"):
        call_command("restaurar", str(archivo), stdout=io.StringIO())


def test_a_tampered_file_is_caught_by_its_checksum_before_anything_is_restored(
    ficha_con_evidencia, settings, tmp_path
):
    archivo = tmp_path / "respaldo.tar.gz"
    call_command("respaldar", str(archivo), stdout=io.StringIO())
    alterado = reescribir(
        archivo,
        tmp_path / "alterado.tar.gz",
        datos=lambda nombre, datos: (
            datos.replace(b"asistencia", b"ASISTENCIA") if nombre.startswith("media/") else datos
        ),
    )
    settings.MEDIA_ROOT = tmp_path / "media-restaurada"

    with otra_base("restaurada", tmp_path) as alias:
        with pytest.raises(CommandError, match="SHA-256 de «media/.*» no coincide"):
            call_command("restaurar", str(alterado), database=alias, stdout=io.StringIO())
        assert tablas(alias) == []
    assert contenido(tmp_path / "media-restaurada") == []


@pytest.mark.django_db
def test_a_backup_inside_an_open_transaction_is_refused_instead_of_waiting_forever(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads committed data from its own connection")
    with pytest.raises(CommandError, match="fuera de una transacción"):
        call_command("respaldar", str(tmp_path / "r.tar.gz"), stdout=io.StringIO())
