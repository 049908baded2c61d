import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from avgm.numeros import entero

# The Excel import keeps each upload here between its preview and «Aplicar»; applying or
# discarding removes it, so whatever is left and old was abandoned (a closed browser).
CARPETA = "importaciones"


class Command(BaseCommand):
    help = (
        "Borra los libros de Excel subidos para importar que nadie aplicó ni descartó en las "
        "últimas --horas (24 por omisión). Solo toca archivos de MEDIA_ROOT/importaciones; "
        "nunca las evidencias ni otra carpeta. Pensado para un timer diario."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--horas", type=float, default=24.0, help="Antigüedad mínima.")
        parser.add_argument("--dry-run", action="store_true", help="Solo dice qué borraría.")

    def handle(self, *args, horas: float, dry_run: bool, **options) -> None:
        carpeta = Path(settings.MEDIA_ROOT) / CARPETA
        limite = time.time() - horas * 3600
        borrados = 0
        if carpeta.is_dir():
            for ruta in carpeta.iterdir():
                # Only plain files directly in the folder: a symlink could point at evidence.
                if ruta.is_symlink() or not ruta.is_file() or ruta.stat().st_mtime >= limite:
                    continue
                if not dry_run:
                    ruta.unlink(missing_ok=True)
                borrados += 1
        verbo = "Se borrarían" if dry_run else "Se borraron"
        self.stdout.write(
            f"{verbo} {entero(borrados)} cargas abandonadas de hace más de {horas:g} h."
        )
