"""python manage.py informe [--municipio CLAVE] --ejercicio 2022 --hasta T2 --formato json
[--version N] [-o FILE]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from avgm.models import Periodo
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.management import municipio
from informes.models import InformePublicado
from informes.salidas.adjuntos import json_publicado
from informes.salidas.formatos import FORMATOS


class Command(BaseCommand):
    help = (
        "Genera el Informe de corte de un ejercicio hasta un trimestre (p. ej. 2022 hasta T2 = "
        "Ene–Jun 2022). Las cifras siguen las definiciones de docs/cifras.md: el avance cuenta solo "
        "fichas aprobadas; «reportadas» cuenta toda ficha enviada (cualquier estado salvo borrador). "
        "Con --version N escribe el JSON de esa versión publicada tal como se congeló al "
        "publicarla (el mismo que lleva dentro su PDF), sin recalcular nada. "
        "Sin -o escribe en la salida estándar."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # «--version N» names a published version here, as users say it; it replaces the
        # option Django adds to every command to print Django's own version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        municipio.agregar_opcion(parser)
        parser.add_argument(
            "--ejercicio", type=int, required=True, help="Año del ejercicio, p. ej. 2022."
        )
        parser.add_argument(
            "--hasta", required=True, help="Último trimestre del corte: T1, T2, T3 o T4."
        )
        parser.add_argument(
            "--formato", default="json", help=f"Formato de salida: {', '.join(sorted(FORMATOS))}."
        )
        parser.add_argument(
            "--version",
            type=int,
            help="Número de una versión publicada del corte: su JSON congelado (solo --formato json).",
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
            corte = Corte.buscar(
                options["ejercicio"], hasta, municipio.elegido(options["municipio"])
            )
        except Periodo.DoesNotExist as exc:
            raise CommandError(
                f"No existe el ejercicio {options['ejercicio']} o su periodo {hasta}."
            ) from exc
        if options["version"] is not None:
            contenido = self._publicada(corte, options["version"], formato, options["umbral"])
        else:
            contenido = FORMATOS[formato](corte, calcular(corte, options["umbral"]))
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

    def _publicada(self, corte: Corte, version: int, formato: str, umbral) -> bytes:
        """A published version's JSON, from its frozen figures."""
        if formato != "json" or umbral is not None:
            raise CommandError(
                "Con --version solo se escribe --formato json, y sin --umbral: una versión "
                "publicada no se recalcula. Su PDF y su Excel se descargan del portal."
            )
        informe = (
            InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk)
            .select_related("ejercicio", "hasta")
            .filter(version=version)
            .first()
        )
        if informe is None:
            raise CommandError(
                f"El corte {corte.etiqueta} no tiene una versión {version} publicada."
            )
        return json_publicado(informe)
