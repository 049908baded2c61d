"""One-file backups: the database dumped by its own tool, the media files and a manifest.

The archive (tar.gz) holds `manifest.json`, `base/` (one file: `avgm.dump` from `pg_dump -Fc`,
or `avgm.sqlite3` from SQLite's online backup API) and `media/` (MEDIA_ROOT as is). The
manifest records when, the database vendor, the migrations applied per app (the schema
version) and the SHA-256 of every other file, which a restore checks before touching anything.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MANIFIESTO = "manifest.json"
FORMATO = 1


class RespaldoInvalido(Exception):
    """The archive cannot be restored here; the message says why, in Spanish."""


def sha256(ruta: Path) -> str:
    h = hashlib.sha256()
    with open(ruta, "rb") as archivo:
        for bloque in iter(lambda: archivo.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def _entorno_pg(alias: str) -> dict[str, str]:
    """libpq environment for the alias' database (the password never goes on a command line)."""
    db = connections[alias].settings_dict
    entorno = dict(os.environ)
    for variable, clave in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(clave):
            entorno[variable] = str(db[clave])
    return entorno


def _migraciones(alias: str) -> dict[str, list[str]]:
    aplicadas: dict[str, list[str]] = {}
    for app, nombre in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        aplicadas.setdefault(app, []).append(nombre)
    return aplicadas


def _volcar_base(alias: str, destino: Path) -> Path:
    conexion = connections[alias]
    if conexion.vendor == "postgresql":
        salida = destino / "avgm.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", str(salida)],
            env=_entorno_pg(alias),
            check=True,
            capture_output=True,
        )
        return salida
    if conexion.vendor == "sqlite":
        if conexion.in_atomic_block:
            # SQLite's backup would wait forever for this connection's own open transaction.
            raise RespaldoInvalido("El respaldo se hace fuera de una transacción abierta.")
        salida = destino / "avgm.sqlite3"
        conexion.ensure_connection()
        copia = sqlite3.connect(salida)
        try:
            conexion.connection.backup(copia)
        finally:
            copia.close()
        return salida
    raise RespaldoInvalido(f"No se sabe respaldar una base {conexion.vendor}.")


def respaldar(archivo: Path, alias: str = "default") -> dict:
    """Write the archive and return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="avgm-respaldo-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        _volcar_base(alias, base)
        archivos: dict[str, Path] = {}
        for ruta in sorted(base.iterdir()):
            archivos[f"base/{ruta.name}"] = ruta
        if media.is_dir():
            for ruta in sorted(media.rglob("*")):
                if ruta.is_file() and not ruta.is_symlink():
                    archivos[f"media/{ruta.relative_to(media).as_posix()}"] = ruta
        manifiesto = {
            "formato": FORMATO,
            "creado_en": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "base_de_datos": connections[alias].vendor,
            "migraciones": _migraciones(alias),
            "archivos": {nombre: sha256(ruta) for nombre, ruta in archivos.items()},
        }
        (Path(tmp) / MANIFIESTO).write_text(
            json.dumps(manifiesto, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        parcial = Path(f"{archivo}.parcial")
        with tarfile.open(parcial, "w:gz") as tar:
            tar.add(Path(tmp) / MANIFIESTO, arcname=MANIFIESTO)
            for nombre, ruta in archivos.items():
                tar.add(ruta, arcname=nombre, recursive=False)
        os.chmod(parcial, 0o600)  # personal data: readable by the operator only
        parcial.replace(archivo)  # never leave a half-written archive under the final name
    return manifiesto


def _nombre_seguro(nombre: str) -> bool:
    partes = PurePosixPath(nombre).parts
    return bool(partes) and not nombre.startswith("/") and ".." not in partes


def _extraer(archivo: Path, destino: Path) -> dict:
    """Extract into `destino` after checking names, types and every SHA-256 in the manifest."""
    try:
        tar = tarfile.open(archivo, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as exc:
        raise RespaldoInvalido(f"«{archivo}» no es un respaldo legible: {exc}") from exc
    with tar:
        miembros = tar.getmembers()
        for miembro in miembros:
            if not (miembro.isfile() or miembro.isdir()) or not _nombre_seguro(miembro.name):
                raise RespaldoInvalido(
                    f"El respaldo contiene una entrada no permitida: {miembro.name}"
                )
        try:
            manifiesto = json.load(tar.extractfile(MANIFIESTO))
        except (KeyError, ValueError) as exc:
            raise RespaldoInvalido("El respaldo no tiene un manifest.json legible.") from exc
        tar.extractall(destino, filter="data")
    esperados = manifiesto.get("archivos", {})
    presentes = {
        p.relative_to(destino).as_posix()
        for p in destino.rglob("*")
        if p.is_file() and p != destino / MANIFIESTO
    }
    if set(esperados) != presentes:
        faltan = sorted(set(esperados) - presentes)
        sobran = sorted(presentes - set(esperados))
        raise RespaldoInvalido(
            f"El respaldo no coincide con su manifiesto (faltan: {faltan}, sobran: {sobran})."
        )
    for nombre, huella in esperados.items():
        if sha256(destino / nombre) != huella:
            raise RespaldoInvalido(
                f"El SHA-256 de «{nombre}» no coincide: el respaldo está dañado."
            )
    return manifiesto


def _base_vacia(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def _carpeta_vacia(carpeta: Path) -> bool:
    return not carpeta.exists() or not any(carpeta.iterdir())


def restaurar(archivo: Path, alias: str = "default") -> dict:
    """Load the archive into an empty database and an empty MEDIA_ROOT; return its manifest."""
    conexion = connections[alias]
    media = Path(settings.MEDIA_ROOT)
    if not _base_vacia(alias):
        raise RespaldoInvalido(
            "La base de datos no está vacía: restaure solo en una base recién creada (sin migrar)."
        )
    if not _carpeta_vacia(media):
        raise RespaldoInvalido(f"La carpeta de evidencias ({media}) no está vacía.")
    with tempfile.TemporaryDirectory(prefix="avgm-restaurar-") as tmp:
        destino = Path(tmp)
        manifiesto = _extraer(Path(archivo), destino)
        if manifiesto.get("base_de_datos") != conexion.vendor:
            raise RespaldoInvalido(
                f"El respaldo es de una base {manifiesto.get('base_de_datos')} y esta es "
                f"{conexion.vendor}."
            )
        if conexion.vendor == "postgresql":
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    connections[alias].settings_dict["NAME"],
                    str(destino / "base" / "avgm.dump"),
                ],
                env=_entorno_pg(alias),
                check=True,
                capture_output=True,
            )
        else:
            conexion.ensure_connection()
            origen = sqlite3.connect(destino / "base" / "avgm.sqlite3")
            try:
                origen.backup(conexion.connection)
            finally:
                origen.close()
        if (destino / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(destino / "media", media, dirs_exist_ok=True)
    return manifiesto
