import errno
import logging
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from avgm.numeros import entero
from avgm.plataforma import respaldo

# Errors go to the log as well: with DEBUG off they are e-mailed to ADMINS.
logger = logging.getLogger("avgm.respaldo")


def _sin_espacio(exc: BaseException) -> bool:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        salida = getattr(exc, "stderr", None) or b""
        texto = f"{exc} {salida.decode(errors='replace') if isinstance(salida, bytes) else salida}"
        if "No space left" in texto or "disk is full" in texto:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def explicar(exc: Exception, archivo: Path) -> str | None:
    """The failure in one Spanish sentence, or None when it is a fault of the code."""
    if _sin_espacio(exc):
        return (
            f"No queda espacio en disco para el respaldo (en {archivo.parent} o en la carpeta "
            f"temporal {tempfile.gettempdir()}): no quedó ningún archivo parcial; libere "
            "espacio y vuelva a correr respaldar."
        )
    if isinstance(exc, respaldo.ErrorDeRespaldo):
        return str(exc)
    if isinstance(exc, subprocess.CalledProcessError):
        detalle = (exc.stderr or b"").decode(errors="replace").strip().splitlines()
        return f"pg_dump no pudo volcar la base: {detalle[-1] if detalle else exc}."
    if isinstance(exc, FileNotFoundError) and exc.filename == "pg_dump":
        return "No se encontró pg_dump: instale el paquete postgresql-client."
    if isinstance(exc, OSError):
        return f"No se pudo escribir el respaldo {archivo} ({exc.strerror or exc})."
    if isinstance(exc, sqlite3.Error):
        return f"SQLite no pudo copiar la base: {exc}."
    return None


class Command(BaseCommand):
    help = (
        "Escribe un respaldo completo (.tar.gz): la base de datos volcada con su propia "
        "herramienta (pg_dump -Fc o la copia en línea de SQLite), las evidencias de MEDIA_ROOT "
        "y un manifiesto con la versión del esquema y el SHA-256 de cada archivo. Sin ARCHIVO, "
        "lo escribe en AVGM_RESPALDOS como avgm-AAAAMMDD-HHMMSS.tar.gz, borra los parciales "
        "que dejó una corrida interrumpida y los completos de más de AVGM_RESPALDOS_DIAS días "
        "(nunca los AVGM_RESPALDOS_DIAS más recientes). Si falla no deja archivo parcial, sale "
        "con código distinto de cero y /salud/ lo muestra. Se restaura con "
        "`manage.py restaurar ARCHIVO`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "archivo",
            nargs="?",
            help="Ruta del respaldo (.tar.gz); sin ella, uno nuevo en AVGM_RESPALDOS.",
        )
        parser.add_argument("--database", default="default", help="Alias de la base de datos.")
        parser.add_argument(
            "--dias",
            type=int,
            default=None,
            help="Días que se guardan los respaldos de AVGM_RESPALDOS (AVGM_RESPALDOS_DIAS).",
        )

    def handle(self, *args, archivo: str | None, database: str, dias: int | None, **options):
        carpeta = None
        if archivo:
            destino = Path(archivo)
        else:
            if not settings.AVGM_RESPALDOS:
                raise CommandError(
                    "Indique el ARCHIVO o fije AVGM_RESPALDOS (la carpeta de los respaldos)."
                )
            carpeta = Path(settings.AVGM_RESPALDOS)
            destino = carpeta / respaldo.nombre_programado()
        try:
            if carpeta:
                carpeta.mkdir(parents=True, exist_ok=True)
                for parcial in respaldo.limpiar_parciales(carpeta):
                    self.stdout.write(f"Borrado un respaldo parcial que quedó: {parcial.name}")
            manifiesto = respaldo.respaldar(destino, alias=database)
        except Exception as exc:
            mensaje = explicar(exc, destino)
            if mensaje is None:
                logger.exception("El respaldo falló por un error inesperado")
                mensaje = (
                    f"El respaldo falló por un error inesperado ({type(exc).__name__}); no "
                    "quedó ningún archivo parcial y el detalle quedó en el registro."
                )
            else:
                logger.error("El respaldo falló: %s", mensaje)
            if carpeta:
                respaldo.registrar_fallo(carpeta, mensaje)
            raise CommandError(mensaje) from exc
        self.stdout.write(
            f"Respaldo escrito en {destino}: base {manifiesto['base_de_datos']}, "
            f"{entero(len(manifiesto['archivos']))} archivos."
        )
        if carpeta:
            respaldo.borrar_fallo(carpeta)
            conservar = settings.AVGM_RESPALDOS_DIAS if dias is None else dias
            for viejo in respaldo.aplicar_retencion(carpeta, conservar):
                self.stdout.write(f"Borrado por antigüedad: {viejo.name}")
