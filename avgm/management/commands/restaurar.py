import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from avgm.plataforma import respaldo


class Command(BaseCommand):
    help = (
        "Restaura un respaldo de `manage.py respaldar` en una base de datos VACÍA (creada y sin "
        "migrar) y una carpeta MEDIA_ROOT vacía. Antes de tocar nada comprueba el SHA-256 de "
        "cada archivo contra el manifiesto; se niega si la base o la carpeta tienen datos."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archivo", help="Respaldo (.tar.gz) escrito por `respaldar`.")
        parser.add_argument("--database", default="default", help="Alias de la base de datos.")

    def handle(self, *args, archivo: str, database: str, **options) -> None:
        try:
            manifiesto = respaldo.restaurar(Path(archivo), alias=database)
        except respaldo.RespaldoInvalido as exc:
            raise CommandError(str(exc)) from exc
        except subprocess.CalledProcessError as exc:
            detalle = (exc.stderr or b"").decode(errors="replace").strip()
            raise CommandError(f"pg_restore falló: {detalle}") from exc
        self.stdout.write(
            f"Respaldo del {manifiesto['creado_en']} restaurado: "
            f"{len(manifiesto['archivos'])} archivos verificados."
        )
