"""python manage.py exportar FILE.xlsx [--ejercicio AÑO] [--municipio CLAVE]"""

from django.core.management.base import BaseCommand, CommandError

from avgm.models import Ejercicio, Municipio
from dependencias.excel import exportacion


def municipio_pedido(clave: str | None) -> Municipio:
    """The municipio named by `clave`; without one, the deployment's only municipio."""
    if clave:
        municipio = Municipio.objects.filter(clave=clave).first()
        if municipio is None:
            raise CommandError(f"No existe el municipio «{clave}».")
        return municipio
    municipio = Municipio.objects.unico()
    if municipio is None:
        claves = ", ".join(Municipio.objects.values_list("clave", flat=True))
        raise CommandError(f"Indique el municipio con --municipio (uno de: {claves}).")
    return municipio


class Command(BaseCommand):
    help = (
        "Exporta el catálogo (recomendaciones, dependencias) y las metas activas de un municipio "
        "a un libro .xlsx con el mismo formato que lee «importar», de modo que reimportarlo no "
        "cambia nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx a escribir")
        parser.add_argument("--ejercicio", type=int, help="solo las metas de este año")
        parser.add_argument(
            "--municipio",
            help="clave del municipio (obligatoria si la instalación tiene varios)",
        )

    def handle(self, *args, archivo: str, ejercicio: int | None, municipio: str | None, **options):
        elegido = municipio_pedido(municipio)
        ej = None
        if ejercicio is not None:
            ej = Ejercicio.objects.de(elegido).filter(anio=ejercicio).first()
            if ej is None:
                raise CommandError(f"No existe el ejercicio {ejercicio} de {elegido}.")
        try:
            exportacion.libro_catalogo(ej, elegido).save(archivo)
        except OSError as exc:
            raise CommandError(f"No se puede escribir {archivo}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"Exportado en {archivo}."))
