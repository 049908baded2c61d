"""python manage.py informe --ejercicio 2022 --hasta T2 --formato json [-o FILE]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from avgm.models import Periodo
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.salidas.formatos import FORMATOS


class Command(BaseCommand):
    help = (
        "Genera el Informe de corte de un ejercicio hasta un trimestre (p. ej. 2022 hasta T2 = "
        "Ene–Jun 2022). Las cifras siguen las definiciones de docs/cifras.md: el avance cuenta solo "
        "fichas aprobadas; «reportadas» cuenta toda ficha enviada (cualquier estado salvo borrador). "
        "Sin -o escribe en la salida estándar."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--ejercicio", type=int, required=True, help="Año del ejercicio, p. ej. 2022."
        )
        parser.add_argument(
            "--hasta", required=True, help="Último trimestre del corte: T1, T2, T3 o T4."
        )
        parser.add_argument(
            "--formato", default="json", help=f"Formato de salida: {', '.join(sorted(FORMATOS))}."
        )
        parser.add_argument("-o", "--output", help="Archivo de salida.")
        parser.add_argument(
            "--umbral", type=float, help="Umbral de alta respuesta (fracción, p. ej. 0.9)."
        )

    def handle(self, *args, **options) -> None:
        formato = options["formato"].lower()
        if formato not in FORMATOS:
            raise CommandError(
                f"Formato «{formato}» no disponible; use uno de: {', '.join(sorted(FORMATOS))}."
            )
        hasta = options["hasta"].strip().upper()
        if hasta not in {"T1", "T2", "T3", "T4"}:
            raise CommandError("--hasta debe ser T1, T2, T3 o T4.")
        try:
            corte = Corte.buscar(options["ejercicio"], hasta)
        except Periodo.DoesNotExist as exc:
            raise CommandError(
                f"No existe el ejercicio {options['ejercicio']} o su periodo {hasta}."
            ) from exc
        figuras = calcular(corte, options["umbral"])
        contenido = FORMATOS[formato](corte, figuras)
        if options["output"]:
            with open(options["output"], "wb") as salida:
                salida.write(contenido)
            self.stderr.write(
                f"Informe {corte.etiqueta} ({formato}) escrito en {options['output']}."
            )
        elif formato == "json" or formato == "html":
            self.stdout.write(contenido.decode("utf-8"), ending="")
        else:
            sys.stdout.buffer.write(contenido)
