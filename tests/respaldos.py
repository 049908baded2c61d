"""Helpers of the backup and restore drills: a second, empty database next to the test one,
a size-limited folder, and what a restore is compared by (row counts, file checksums)."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import load_backend


@contextlib.contextmanager
def otra_base(alias: str, carpeta: Path):
    """An empty database of the test database's vendor, reachable as `connections[alias]`:
    a SQLite file in `carpeta`, or a new PostgreSQL database dropped afterwards."""
    ajustes = copy.deepcopy(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    if postgres:
        ajustes["NAME"] = f"{connection.settings_dict['NAME']}_{alias}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{ajustes["NAME"]}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{ajustes["NAME"]}"')
    else:
        ajustes["NAME"] = str(carpeta / f"{alias}.sqlite3")
    # Built by hand and not added to settings.DATABASES: Django's test case lets such a
    # connection through, and nothing of it outlives the drill.
    connections[alias] = load_backend(ajustes["ENGINE"]).DatabaseWrapper(ajustes, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{ajustes["NAME"]}" WITH (FORCE)')


def tablas(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


def conteos(alias: str) -> dict[str, int]:
    """Every table's row count."""
    resultado = {}
    conexion = connections[alias]
    with conexion.cursor() as cursor:
        for tabla in conexion.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {conexion.ops.quote_name(tabla)}")
            resultado[tabla] = cursor.fetchone()[0]
    return resultado


def huellas(carpeta: Path) -> dict[str, str]:
    """Every file under `carpeta` -> its SHA-256."""
    return {
        p.relative_to(carpeta).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(carpeta.rglob("*"))
        if p.is_file()
    }


def contenido(carpeta: Path) -> list[str]:
    """Everything in `carpeta` (nothing when it does not exist)."""
    if not carpeta.exists():
        return []
    return sorted(p.relative_to(carpeta).as_posix() for p in carpeta.rglob("*"))


class Disco:
    """A tmpfs of a fixed size mounted on `ruta`: a disk that really fills up."""

    def __init__(self, ruta: Path):
        self.ruta = ruta

    def ampliar(self, tamano: str) -> None:
        subprocess.run(
            ["mount", "-o", f"remount,size={tamano}", str(self.ruta)],
            check=True,
            capture_output=True,
        )


@contextlib.contextmanager
def disco_limitado(ruta: Path, tamano: str):
    """Mount a tmpfs of `tamano` on `ruta`; skip the test where mounting is not allowed."""
    ruta.mkdir(parents=True, exist_ok=True)
    hecho = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={tamano},mode=0755", "tmpfs", str(ruta)],
        capture_output=True,
        text=True,
    )
    if hecho.returncode != 0:
        pytest.skip(f"no se puede montar un tmpfs aquí (hace falta root): {hecho.stderr.strip()}")
    try:
        yield Disco(ruta)
    finally:
        connections.close_all()  # a SQLite file on the tmpfs keeps it busy
        if subprocess.run(["umount", str(ruta)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(ruta)], capture_output=True)


def tamanos(archivo: Path) -> dict[str, int]:
    with tarfile.open(archivo) as tar:
        return {m.name: m.size for m in tar.getmembers() if m.isfile()}


def reescribir(origen: Path, destino: Path, manifiesto=None, datos=None) -> Path:
    """Copy an archive changing its manifest (`manifiesto(dict)`, in place) or a member's bytes
    (`datos(nombre, bytes) -> bytes`)."""
    with tarfile.open(origen) as entrada, tarfile.open(destino, "w:gz") as salida:
        for miembro in entrada.getmembers():
            contenido_ = entrada.extractfile(miembro).read() if miembro.isfile() else None
            if miembro.name == "manifest.json" and manifiesto:
                documento = json.loads(contenido_)
                manifiesto(documento)
                contenido_ = json.dumps(documento).encode()
            elif contenido_ is not None and datos:
                contenido_ = datos(miembro.name, contenido_)
            if contenido_ is not None:
                miembro.size = len(contenido_)
                salida.addfile(miembro, io.BytesIO(contenido_))
            else:
                salida.addfile(miembro)
    return destino
