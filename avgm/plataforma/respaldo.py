"""One-file backups: the database dumped by its own tool, the media files and a manifest.

The archive (tar.gz) holds `manifest.json`, `base/` (one file: `avgm.dump` from `pg_dump -Fc`,
or `avgm.sqlite3` from SQLite's online backup API) and `media/` (MEDIA_ROOT as is). The
manifest records when, the database vendor, the migrations applied per app (the schema
version) and the SHA-256 of every other file, which a restore checks before touching anything
(avgm/plataforma/restauracion.py).

An archive is written as `<name>.parcial` and renamed only once complete and on disk, so a
file with the final name is always a whole backup; a failure of any kind removes the partial
file. The scheduled backups live in AVGM_RESPALDOS as `avgm-<date>.tar.gz`: retention counts
and deletes only those, and /salud/ reads the age of the newest one.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

from avgm.plataforma import esquema

MANIFIESTO = "manifest.json"
FORMATO = 1
PARCIAL = ".parcial"
PATRON = "avgm-*.tar.gz"
FALLO = ".ultimo-fallo.json"
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


def _sincronizar_carpeta(carpeta: Path) -> None:
    """Make a rename in `carpeta` durable (it survives a power cut once this returns)."""
    fd = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _escribir_tar(parcial: Path, manifiesto: Path, archivos: dict[str, Path]) -> None:
    # Created 0600 from the first byte: the archive holds personal data.
    fd = os.open(parcial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as salida:
        os.fchmod(salida.fileno(), 0o600)
        # Held while writing: the cleaner of stale partial files leaves this one alone.
        fcntl.flock(salida, fcntl.LOCK_EX)
        with tarfile.open(fileobj=salida, mode="w:gz") as tar:
            tar.add(manifiesto, arcname=MANIFIESTO)
            for nombre, ruta in archivos.items():
                tar.add(ruta, arcname=nombre, recursive=False)
        salida.flush()
        os.fsync(salida.fileno())


def respaldar(archivo: Path, alias: str = "default") -> dict:
    """Write the archive and return its manifest; on any failure no file is left behind."""
    archivo = Path(archivo)
    parcial = archivo.with_name(archivo.name + PARCIAL)
    completo = False
    try:
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
            _escribir_tar(parcial, Path(tmp) / MANIFIESTO, archivos)
        parcial.replace(archivo)  # never a half-written archive under the final name
        _sincronizar_carpeta(archivo.parent)
        completo = True
    finally:
        if not completo:
            parcial.unlink(missing_ok=True)
    return manifiesto


# --- The scheduled backups' folder (AVGM_RESPALDOS) ----------------------------------------


def nombre_programado(momento: datetime.datetime | None = None) -> str:
    momento = momento or datetime.datetime.now()
    return f"avgm-{momento:%Y%m%d-%H%M%S}.tar.gz"


def respaldos_completos(carpeta: Path) -> list[Path]:
    """The complete scheduled backups in `carpeta`, newest first."""
    if not carpeta.is_dir():
        return []
    completos = [p for p in carpeta.glob(PATRON) if p.is_file()]
    return sorted(completos, key=lambda p: p.stat().st_mtime, reverse=True)


def limpiar_parciales(carpeta: Path) -> list[Path]:
    """Delete partial files that nobody is writing (a run killed before its cleanup)."""
    borrados = []
    for parcial in sorted(carpeta.glob(f"*{PARCIAL}")):
        try:
            with open(parcial, "rb") as archivo:
                fcntl.flock(archivo, fcntl.LOCK_EX | fcntl.LOCK_NB)
                parcial.unlink()
        except BlockingIOError:
            continue  # another backup is writing it right now
        except FileNotFoundError:
            continue
        borrados.append(parcial)
    return borrados


def aplicar_retencion(carpeta: Path, dias: int, ahora: float | None = None) -> list[Path]:
    """Delete complete backups older than `dias` days, but never the `dias` newest ones:
    nights that fail never eat into the backups that are left."""
    ahora = datetime.datetime.now().timestamp() if ahora is None else ahora
    limite = ahora - dias * 86400
    borrados = []
    for viejo in respaldos_completos(carpeta)[max(dias, 1) :]:
        if viejo.stat().st_mtime < limite:
            viejo.unlink(missing_ok=True)
            borrados.append(viejo)
    return borrados


def registrar_fallo(carpeta: Path, mensaje: str) -> None:
    """Leave the failure where /salud/ and the admin look; best effort (the disk may be full:
    the exit code and the log say it anyway)."""
    registro = {
        "cuando": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "mensaje": mensaje,
    }
    with contextlib.suppress(OSError):
        (carpeta / FALLO).write_text(json.dumps(registro, ensure_ascii=False), encoding="utf-8")


def borrar_fallo(carpeta: Path) -> None:
    (carpeta / FALLO).unlink(missing_ok=True)


@dataclass(frozen=True)
class Estado:
    """What the backups' folder says: the newest complete backup and a later failure."""

    configurado: bool
    ultimo: datetime.datetime | None = None
    fallo_cuando: datetime.datetime | None = None
    fallo_mensaje: str = ""


def estado() -> Estado:
    carpeta = settings.AVGM_RESPALDOS
    if not carpeta:
        return Estado(configurado=False)
    carpeta = Path(carpeta)
    completos = respaldos_completos(carpeta)
    ultimo = (
        datetime.datetime.fromtimestamp(completos[0].stat().st_mtime, datetime.UTC)
        if completos
        else None
    )
    try:
        fallo = json.loads((carpeta / FALLO).read_text(encoding="utf-8"))
        cuando = datetime.datetime.fromisoformat(fallo["cuando"])
    except (OSError, ValueError, KeyError, TypeError):
        return Estado(configurado=True, ultimo=ultimo)
    if ultimo and cuando <= ultimo:
        return Estado(configurado=True, ultimo=ultimo)
    return Estado(
        configurado=True,
        ultimo=ultimo,
        fallo_cuando=cuando,
        fallo_mensaje=str(fallo.get("mensaje", "")),
    )
