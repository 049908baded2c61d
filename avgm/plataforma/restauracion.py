"""Restoring a backup, all or nothing, into an empty database and an empty MEDIA_ROOT.

In order, and nothing is touched before the first three are done:
1. read the whole archive and every file's SHA-256 (a truncated, damaged or foreign one stops
   here), then the database vendor and the schema version against the code's migrations (a
   newer backup stops here);
2. check that the database and MEDIA_ROOT are empty;
3. check the free space of every filesystem the restore writes on;
4. unpack into a stage inside MEDIA_ROOT (same filesystem), checking each SHA-256 again;
5. load the database in one transaction (pg_restore --single-transaction, SQLite's backup API);
6. move the media into place by renames; if one fails, the moves and the database are undone.
Whatever fails, the stage is removed, the database and MEDIA_ROOT are as they were, and running
the restore again works.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

from avgm.plataforma import esquema
from avgm.plataforma.respaldo import (
    FORMATO,
    MANIFIESTO,
    PREFIJO_RESTAURACION,
    ErrorDeRespaldo,
    RespaldoInvalido,
    entorno_pg,
)

BASE = {"postgresql": "base/avgm.dump", "sqlite": "base/avgm.sqlite3"}
# What a filesystem may hold besides the evidence: ext4's own folder when MEDIA_ROOT is a mount.
_AJENOS = {"lost+found"}
_BLOQUE = 4096  # a file takes whole blocks: count each as rounded up, plus a margin
_MARGEN = 1 << 20
_HUELLA = re.compile(r"[0-9a-f]{64}")
# What reading a damaged gzip or tar raises (a full disk while writing is another OSError).
_DANADO = (EOFError, tarfile.TarError, zlib.error, gzip.BadGzipFile)


@dataclass(frozen=True)
class Resultado:
    manifiesto: dict
    esquema: esquema.Diferencia


def _abrir(archivo: Path) -> tarfile.TarFile:
    if not archivo.is_file():
        raise RespaldoInvalido(f"No existe el respaldo «{archivo}».")
    try:
        return tarfile.open(archivo, "r:gz")
    except (OSError, *_DANADO) as exc:
        with open(archivo, "rb") as inicio:
            if inicio.read(2) == b"\x1f\x8b":  # gzip's signature: ours, cut short or damaged
                raise _danado(archivo, exc) from exc
        raise RespaldoInvalido(
            f"«{archivo.name}» no es un respaldo del portal: no es un archivo .tar.gz legible."
        ) from exc


def _danado(archivo: Path, exc: BaseException) -> RespaldoInvalido:
    if isinstance(exc, EOFError) or isinstance(exc.__context__, EOFError) or "end of" in str(exc):
        return RespaldoInvalido(
            f"«{archivo.name}» está incompleto (se corta antes de terminar): no se restauró "
            "nada; use otra copia del respaldo."
        )
    return RespaldoInvalido(
        f"«{archivo.name}» está dañado (no se puede descomprimir): no se restauró nada; use "
        "otra copia del respaldo."
    )


def _revisar_entrada(archivo: Path, miembro: tarfile.TarInfo) -> None:
    partes = PurePosixPath(miembro.name).parts
    segura = bool(partes) and not miembro.name.startswith("/") and ".." not in partes
    if not (miembro.isfile() or miembro.isdir()) or not segura:
        raise RespaldoInvalido(
            f"«{archivo.name}» contiene una entrada no permitida ({miembro.name}): no es un "
            "respaldo del portal."
        )


def _leer_manifiesto(archivo: Path, tar: tarfile.TarFile, miembro: tarfile.TarInfo) -> dict:
    try:
        manifiesto = json.load(tar.extractfile(miembro))
    except ValueError as exc:
        raise RespaldoInvalido(f"El manifest.json de «{archivo.name}» no se puede leer.") from exc
    if not isinstance(manifiesto, dict) or "formato" not in manifiesto:
        raise RespaldoInvalido(
            f"«{archivo.name}» no es un respaldo del portal: su manifest.json no dice su formato."
        )
    if manifiesto["formato"] != FORMATO:
        raise RespaldoInvalido(
            f"«{archivo.name}» tiene el formato {manifiesto['formato']!r} y este código lee el "
            f"{FORMATO}: restaure con la versión del código que lo escribió."
        )
    return manifiesto


def leer(archivo: Path) -> tuple[dict, dict[str, int]]:
    """The manifest and each file's size, after reading the whole archive once (a truncated
    or damaged one fails here) and checking that it holds exactly what its manifest lists,
    each file with its SHA-256."""
    manifiesto = None
    tamanos: dict[str, int] = {}
    leidas: dict[str, str] = {}
    with _abrir(archivo) as tar:
        try:
            for miembro in tar:
                _revisar_entrada(archivo, miembro)
                if miembro.name == MANIFIESTO:
                    manifiesto = _leer_manifiesto(archivo, tar, miembro)
                elif miembro.isfile():
                    if miembro.name in tamanos:
                        raise RespaldoInvalido(
                            f"«{archivo.name}» trae dos veces «{miembro.name}»: no es un "
                            "respaldo del portal."
                        )
                    tamanos[miembro.name] = miembro.size
                    leidas[miembro.name] = _copiar(tar.extractfile(miembro), None)
        except _DANADO as exc:
            raise _danado(archivo, exc) from exc
    if manifiesto is None:
        raise RespaldoInvalido(
            f"«{archivo.name}» no es un respaldo del portal: no trae manifest.json."
        )
    huellas = manifiesto.get("archivos")
    if (
        not isinstance(huellas, dict)
        or not isinstance(manifiesto.get("migraciones"), dict)
        or not all(isinstance(h, str) and _HUELLA.fullmatch(h) for h in huellas.values())
        or manifiesto.get("base_de_datos") not in BASE
    ):
        raise RespaldoInvalido(f"El manifest.json de «{archivo.name}» está incompleto.")
    if set(huellas) != set(tamanos):
        faltan = sorted(set(huellas) - set(tamanos))
        sobran = sorted(set(tamanos) - set(huellas))
        raise RespaldoInvalido(
            f"«{archivo.name}» no coincide con su manifiesto (faltan: {faltan}, sobran: {sobran})."
        )
    for nombre, huella in sorted(leidas.items()):
        if huella != huellas[nombre]:
            raise _no_coincide(archivo, nombre)
    return manifiesto, tamanos


def _copiar(origen, destino: Path | None) -> str:
    """Copy a member to `destino` (flushed to disk) and return its SHA-256; only hash it
    when `destino` is None."""
    h = hashlib.sha256()
    salida = open(destino, "xb") if destino else None  # noqa: SIM115 - closed below
    try:
        for bloque in iter(lambda: origen.read(1 << 20), b""):
            h.update(bloque)
            if salida:
                salida.write(bloque)
        if salida:
            salida.flush()
            os.fsync(salida.fileno())
    finally:
        if salida:
            salida.close()
    return h.hexdigest()


def _no_coincide(archivo: Path, nombre: str) -> RespaldoInvalido:
    return RespaldoInvalido(
        f"El SHA-256 de «{nombre}» no coincide con el manifiesto: «{archivo.name}» está "
        "dañado; no se restauró nada."
    )


def _desempacar(archivo: Path, manifiesto: dict, destino: Path) -> None:
    """Unpack every file into `destino`, checking its SHA-256 again as it is written (the
    archive could have changed since it was read)."""
    huellas = manifiesto["archivos"]
    vistos = 0
    with _abrir(archivo) as tar:
        try:
            for miembro in tar:
                if not miembro.isfile() or miembro.name == MANIFIESTO:
                    continue
                ruta = destino / miembro.name
                ruta.parent.mkdir(parents=True, exist_ok=True)
                if _copiar(tar.extractfile(miembro), ruta) != huellas.get(miembro.name):
                    raise _no_coincide(archivo, miembro.name)
                if settings.FILE_UPLOAD_PERMISSIONS:
                    os.chmod(ruta, settings.FILE_UPLOAD_PERMISSIONS)
                vistos += 1
        except _DANADO as exc:
            raise _danado(archivo, exc) from exc
    if vistos != len(huellas):
        raise RespaldoInvalido(f"«{archivo.name}» cambió mientras se leía: no se restauró nada.")


def _base_vacia(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def _restos(media: Path) -> list[Path]:
    """Stages a killed restore left behind."""
    if not media.is_dir():
        return []
    return [p for p in media.iterdir() if p.name.startswith(PREFIJO_RESTAURACION)]


def _media_vacia(media: Path) -> bool:
    if not media.is_dir():
        return not media.exists()
    restos = set(_restos(media))
    return all(p.name in _AJENOS or p in restos for p in media.iterdir())


def _existente(ruta: Path) -> Path:
    ruta = ruta.absolute()
    while not ruta.exists():
        ruta = ruta.parent
    return ruta


def espacio_libre(carpeta: Path) -> int:
    datos = os.statvfs(carpeta)
    return datos.f_bavail * datos.f_frsize


def _megas(cantidad: int) -> str:
    return f"{cantidad / (1 << 20):,.1f} MB"


def _comprobar_espacio(necesidades: list[tuple[Path, int]]) -> None:
    """Sum what goes on each filesystem and compare it with what is free there."""
    por_disco: dict[int, tuple[Path, int]] = {}
    for carpeta, cantidad in necesidades:
        carpeta = _existente(carpeta)
        disco = carpeta.stat().st_dev
        anterior = por_disco.get(disco, (carpeta, _MARGEN))[1]
        por_disco[disco] = (carpeta, anterior + cantidad)
    for carpeta, necesario in por_disco.values():
        libre = espacio_libre(carpeta)
        if libre < necesario:
            raise ErrorDeRespaldo(
                f"No hay espacio suficiente en {carpeta}: la restauración necesita "
                f"{_megas(necesario)} y hay {_megas(libre)} libres; no se tocó nada."
            )


def _necesidades(alias: str, media: Path, tamanos: dict[str, int]) -> list[tuple[Path, int]]:
    en_bloques = sum(-(-t // _BLOQUE) * _BLOQUE for t in tamanos.values())
    necesidades = [(media, en_bloques)]  # the stage: the media and the database file
    conexion = connections[alias]
    if conexion.vendor == "sqlite" and not conexion.is_in_memory_db():
        # SQLite writes the pages to its WAL first and then into the file: twice its size.
        base = Path(conexion.settings_dict["NAME"]).parent
        necesidades.append((base, 2 * tamanos[BASE["sqlite"]]))
    # PostgreSQL's own disk cannot be seen from here; its single transaction keeps a
    # restore that fills it from leaving anything behind.
    return necesidades


def _cargar_base(alias: str, dump: Path) -> None:
    """Load the dump in one transaction: it is all there or nothing is."""
    conexion = connections[alias]
    if conexion.vendor == "postgresql":
        try:
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    str(conexion.settings_dict["NAME"]),
                    str(dump),
                ],
                env=entorno_pg(alias),
                check=True,
                capture_output=True,
            )
        except FileNotFoundError as exc:
            raise ErrorDeRespaldo(
                "No se encontró pg_restore: instale el paquete postgresql-client."
            ) from exc
        except subprocess.CalledProcessError as exc:
            detalle = (exc.stderr or b"").decode(errors="replace").strip().splitlines()
            raise ErrorDeRespaldo(
                "pg_restore no pudo cargar la base y no cargó nada (una sola transacción): "
                f"{detalle[-1] if detalle else exc}"
            ) from exc
        return
    if conexion.in_atomic_block:
        raise ErrorDeRespaldo("La restauración se hace fuera de una transacción abierta.")
    conexion.ensure_connection()
    origen = sqlite3.connect(dump)
    try:
        origen.backup(conexion.connection)
    except sqlite3.Error as exc:
        if "full" in str(exc):
            raise OSError(errno.ENOSPC, str(exc), str(conexion.settings_dict["NAME"])) from exc
        raise ErrorDeRespaldo(f"SQLite no pudo cargar la base y no cargó nada: {exc}.") from exc
    finally:
        origen.close()


def _vaciar_base(alias: str) -> None:
    """Undo a loaded database: the target was empty before, so empty it again."""
    conexion = connections[alias]
    if conexion.vendor == "postgresql":
        with conexion.cursor() as cursor:
            tablas = conexion.introspection.table_names(cursor)
            if tablas:
                nombres = ", ".join(conexion.ops.quote_name(t) for t in tablas)
                cursor.execute(f"DROP TABLE IF EXISTS {nombres} CASCADE")
        return
    vacia = sqlite3.connect(":memory:")
    try:
        vacia.backup(conexion.connection)
    finally:
        vacia.close()


def _poner_en_su_lugar(origen: Path, media: Path) -> None:
    """Move each top entry of the stage into MEDIA_ROOT by rename; undo the moves if one fails."""
    movidos: list[tuple[Path, Path]] = []
    try:
        for entrada in sorted(origen.iterdir()):
            destino = media / entrada.name
            if destino.exists() or destino.is_symlink():
                raise ErrorDeRespaldo(
                    f"«{destino}» apareció durante la restauración: detenga los servicios y "
                    "vuelva a intentarlo."
                )
            os.rename(entrada, destino)
            movidos.append((entrada, destino))
        fd = os.open(media, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        for entrada, destino in reversed(movidos):
            os.rename(destino, entrada)  # the same filesystem: a rename needs no space
        raise


def _sin_escribir(exc: OSError, media: Path) -> ErrorDeRespaldo:
    donde = exc.filename or media
    if exc.errno == errno.ENOSPC:
        return ErrorDeRespaldo(
            f"No queda espacio en disco ({donde}): la restauración se deshizo, la base y las "
            "evidencias quedaron como estaban; libere espacio y vuelva a correr restaurar."
        )
    return ErrorDeRespaldo(
        f"No se pudo escribir en {donde} ({exc.strerror or exc}): la restauración se deshizo, "
        "la base y las evidencias quedaron como estaban."
    )


def _revisar_destino(manifiesto: dict, alias: str, media: Path) -> esquema.Diferencia:
    vendor = connections[alias].vendor
    if manifiesto["base_de_datos"] != vendor:
        raise RespaldoInvalido(
            f"El respaldo es de una base {manifiesto['base_de_datos']} y esta es {vendor}: "
            "no se tocó nada."
        )
    diferencia = esquema.comparar(esquema.del_manifiesto(manifiesto["migraciones"]))
    if diferencia.sobran:
        raise RespaldoInvalido(
            "El respaldo es de una versión del código más nueva que esta (tiene migraciones que "
            f"este código no conoce: {esquema.resumen(diferencia.sobran)}): restaure con esa "
            "versión del código; no se tocó nada."
        )
    if not _base_vacia(alias):
        raise ErrorDeRespaldo(
            "La base de datos no está vacía: restaure solo en una base recién creada (sin "
            "migrar); no se tocó nada."
        )
    if not _media_vacia(media):
        raise ErrorDeRespaldo(
            f"La carpeta de evidencias ({media}) no está vacía: restaure solo en una carpeta "
            "vacía; no se tocó nada."
        )
    return diferencia


def restaurar(archivo: Path, alias: str = "default", *, solo_comprobar: bool = False) -> Resultado:
    """Restore the archive (or, with `solo_comprobar`, check everything and write nothing)."""
    archivo = Path(archivo)
    media = Path(settings.MEDIA_ROOT)
    manifiesto, tamanos = leer(archivo)
    diferencia = _revisar_destino(manifiesto, alias, media)
    if solo_comprobar:
        _comprobar_espacio(_necesidades(alias, media, tamanos))
        return Resultado(manifiesto, diferencia)
    creada = not media.exists()
    hecho = False
    try:
        media.mkdir(parents=True, exist_ok=True)
        for resto in _restos(media):
            shutil.rmtree(resto)
        _comprobar_espacio(_necesidades(alias, media, tamanos))
        etapa = Path(tempfile.mkdtemp(prefix=PREFIJO_RESTAURACION, dir=media))
        try:
            _desempacar(archivo, manifiesto, etapa)
            _cargar_base(alias, etapa / BASE[manifiesto["base_de_datos"]])
            if (etapa / "media").is_dir():
                try:
                    _poner_en_su_lugar(etapa / "media", media)
                except BaseException:
                    _vaciar_base(alias)
                    raise
        finally:
            shutil.rmtree(etapa, ignore_errors=True)
        hecho = True
    except OSError as exc:
        raise _sin_escribir(exc, media) from exc
    finally:
        if creada and not hecho and media.is_dir() and not any(media.iterdir()):
            media.rmdir()
    return Resultado(manifiesto, diferencia)
