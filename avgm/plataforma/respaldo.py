"""One-file backups: the database dumped by its own tool, the media files and a manifest.

The archive (tar.gz) holds `manifest.json`, `base/` (one file: `avgm.dump` from `pg_dump -Fc`,
or `avgm.sqlite3` from SQLite's online backup API) and `media/` (MEDIA_ROOT as is). The
manifest records when, the database vendor, the migrations applied per app (the schema
version) and the SHA-256 of every other file, which a restore checks before touching anything
(avgm/plataforma/restauracion.py).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from avgm.plataforma import esquema

MANIFIESTO = "manifest.json"
FORMATO = 1
# A restore stages its files inside MEDIA_ROOT (same filesystem: the final moves are renames);
# a backup never copies a stage that a killed restore left behind.
PREFIJO_RESTAURACION = ".avgm-restaurar-"


class ErrorDeRespaldo(Exception):
    """A backup or restore could not be done; the message says why, in one Spanish sentence."""


class RespaldoInvalido(ErrorDeRespaldo):
    """The archive cannot be restored here (damaged, foreign, newer than the code)."""


def sha256(ruta: Path) -> str:
    h = hashlib.sha256()
    with open(ruta, "rb") as archivo:
        for bloque in iter(lambda: archivo.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def entorno_pg(alias: str) -> dict[str, str]:
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


def _volcar_base(alias: str, destino: Path) -> Path:
    conexion = connections[alias]
    if conexion.vendor == "postgresql":
        salida = destino / "avgm.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", str(salida)],
            env=entorno_pg(alias),
            check=True,
            capture_output=True,
        )
        return salida
    if conexion.vendor == "sqlite":
        if conexion.in_atomic_block:
            # SQLite's backup would wait forever for this connection's own open transaction.
            raise ErrorDeRespaldo("El respaldo se hace fuera de una transacción abierta.")
        salida = destino / "avgm.sqlite3"
        conexion.ensure_connection()
        copia = sqlite3.connect(salida)
        try:
            conexion.connection.backup(copia)
        finally:
            copia.close()
        return salida
    raise ErrorDeRespaldo(f"No se sabe respaldar una base {conexion.vendor}.")


def _archivos_de_media(media: Path) -> dict[str, Path]:
    archivos: dict[str, Path] = {}
    if not media.is_dir():
        return archivos
    for ruta in sorted(media.rglob("*")):
        relativa = ruta.relative_to(media)
        if relativa.parts[0].startswith(PREFIJO_RESTAURACION):
            continue
        if ruta.is_file() and not ruta.is_symlink():
            archivos[f"media/{relativa.as_posix()}"] = ruta
    return archivos


def respaldar(archivo: Path, alias: str = "default") -> dict:
    """Write the archive and return its manifest."""
    archivo = Path(archivo)
    with tempfile.TemporaryDirectory(prefix="avgm-respaldo-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        _volcar_base(alias, base)
        archivos = {f"base/{ruta.name}": ruta for ruta in sorted(base.iterdir())}
        archivos.update(_archivos_de_media(Path(settings.MEDIA_ROOT)))
        manifiesto = {
            "formato": FORMATO,
            "creado_en": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "base_de_datos": connections[alias].vendor,
            "migraciones": esquema.por_app(esquema.aplicadas(alias)),
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
