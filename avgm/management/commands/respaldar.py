import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from avgm.plataforma import respaldo


class Command(BaseCommand):
    help = (
        "Escribe un respaldo completo en ARCHIVO (.tar.gz): la base de datos volcada con su "
        "propia herramienta (pg_dump -Fc o la copia en línea de SQLite), las evidencias de "
        "MEDIA_ROOT y un manifiesto con la versión del esquema y el SHA-256 de cada archivo. "
        "Se restaura con `manage.py restaurar ARCHIVO`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archivo", help="Ruta del respaldo que se escribe (.tar.gz).")
        parser.add_argument("--database", default="default", help="Alias de la base de datos.")

    def handle(self, *args, archivo: str, database: str, **options) -> None:
        try:
            manifiesto = respaldo.respaldar(Path(archivo), alias=database)
        except (respaldo.ErrorDeRespaldo, OSError) as exc:
            raise CommandError(str(exc)) from exc
        except subprocess.CalledProcessError as exc:
            detalle = (exc.stderr or b"").decode(errors="replace").strip()
            raise CommandError(f"pg_dump falló: {detalle}") from exc
        self.stdout.write(
            f"Respaldo escrito en {archivo}: base {manifiesto['base_de_datos']}, "
            f"{len(manifiesto['archivos'])} archivos."
        )
