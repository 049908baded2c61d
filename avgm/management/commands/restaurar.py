import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from avgm.numeros import entero
from avgm.plataforma import esquema, restauracion
from avgm.plataforma.respaldo import ErrorDeRespaldo

logger = logging.getLogger("avgm.respaldo")


class Command(BaseCommand):
    help = (
        "Restaura un respaldo de `manage.py respaldar` en una base de datos VACÍA (creada y sin "
        "migrar) y una carpeta MEDIA_ROOT vacía, con los servicios detenidos. Todo o nada: "
        "antes de tocar nada lee el archivo entero, compara la versión del esquema con la del "
        "código (se niega si el respaldo es más nuevo), revisa el espacio libre y el SHA-256 de "
        "cada archivo; carga la base en una sola transacción y solo entonces mueve las "
        "evidencias a su lugar. Si algo falla, la base y la carpeta quedan como estaban y se "
        "puede volver a correr. Al terminar dice si hace falta `manage.py migrate`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archivo", help="Respaldo (.tar.gz) escrito por `respaldar`.")
        parser.add_argument("--database", default="default", help="Alias de la base de datos.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Solo comprueba (archivo, SHA-256, esquema, destino vacío, espacio); no escribe.",
        )

    def handle(self, *args, archivo: str, database: str, dry_run: bool, **options) -> None:
        try:
            resultado = restauracion.restaurar(
                Path(archivo), alias=database, solo_comprobar=dry_run
            )
        except ErrorDeRespaldo as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:
            # A fault of the code, not of the archive: the operator gets one sentence and the
            # log keeps the traceback; the restore undid itself on the way out.
            logger.exception("La restauración falló por un error inesperado")
            raise CommandError(
                f"La restauración falló por un error inesperado ({type(exc).__name__}) y se "
                "deshizo; el detalle quedó en el registro."
            ) from exc
        manifiesto = resultado.manifiesto
        hecho = "se puede restaurar" if dry_run else "restaurado"
        self.stdout.write(
            f"Respaldo del {manifiesto['creado_en']} {hecho}: base {manifiesto['base_de_datos']}, "
            f"{entero(len(manifiesto['archivos']))} archivos con su SHA-256 verificado."
        )
        faltan = resultado.esquema.faltan
        if faltan:
            self.stdout.write(
                f"El respaldo es anterior al código (le {esquema.faltan(len(faltan))}: "
                f"{esquema.resumen(faltan)}): ejecute `manage.py migrate` antes de arrancar "
                "los servicios."
            )
        else:
            self.stdout.write(
                "El esquema del respaldo es el del código: no hace falta migrate"
                + ("." if dry_run else "; ya puede arrancar los servicios.")
            )
