"""python manage.py exportar FILE.xlsx [--ejercicio AÑO]"""

from django.core.management.base import BaseCommand, CommandError

from avgm.models import Ejercicio
from dependencias.excel import exportacion


class Command(BaseCommand):
    help = (
        "Exporta el catálogo (recomendaciones, dependencias) y las metas activas a un libro "
        ".xlsx con el mismo formato que lee «importar», de modo que reimportarlo no cambia nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx a escribir")
        parser.add_argument("--ejercicio", type=int, help="solo las metas de este año")

    def handle(self, *args, archivo: str, ejercicio: int | None, **options):
        ej = None
        if ejercicio is not None:
            ej = Ejercicio.objects.filter(anio=ejercicio).first()
            if ej is None:
                raise CommandError(f"No existe el ejercicio {ejercicio}.")
        try:
            exportacion.libro_catalogo(ej).save(archivo)
        except OSError as exc:
            raise CommandError(f"No se puede escribir {archivo}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"Exportado en {archivo}."))
