"""python manage.py importar FILE.xlsx [--aplicar] [--municipio CLAVE]"""

from django.core.management.base import BaseCommand, CommandError

from dependencias.excel import importacion
from dependencias.management.commands.exportar import municipio_pedido


class Command(BaseCommand):
    help = (
        "Importa el catálogo y las metas de un libro .xlsx (hojas Recomendaciones, "
        "Dependencias y/o Metas). Sin --aplicar solo muestra la vista previa: filas nuevas, "
        "con cambios, sin cambio y errores. Con --aplicar guarda todo en una transacción, o "
        "nada si hay un solo error. Termina con código distinto de 0 si hay errores."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx")
        parser.add_argument(
            "--aplicar", action="store_true", help="guardar los cambios (sin esto: vista previa)"
        )
        parser.add_argument(
            "--municipio",
            help="clave del municipio (obligatoria si la instalación tiene varios)",
        )

    def handle(self, *args, archivo: str, aplicar: bool, municipio: str | None, **options):
        elegido = municipio_pedido(municipio)
        try:
            if aplicar:
                resultado = importacion.aplicar(archivo, municipio=elegido)
            else:
                resultado = importacion.previsualizar(archivo, elegido)
        except OSError as exc:
            raise CommandError(f"No se puede leer {archivo}: {exc.strerror}") from exc
        except importacion.ArchivoInvalido as exc:
            raise CommandError(str(exc)) from exc
        except importacion.ImportacionRechazada as exc:
            self._informar(exc.resultado)
            raise CommandError(
                f"{len(exc.resultado.errores) + len(exc.resultado.errores_libro)} error(es); "
                "no se guardó nada."
            ) from exc
        self._informar(resultado)
        if not resultado.valido:
            raise CommandError(
                f"{len(resultado.errores) + len(resultado.errores_libro)} error(es); "
                "corrija el archivo."
            )
        if resultado.aplicado:
            self.stdout.write(self.style.SUCCESS("Importación aplicada."))
        else:
            self.stdout.write("Vista previa: no se guardó nada (use --aplicar para guardar).")

    def _informar(self, resultado: importacion.Resultado) -> None:
        for error in resultado.errores_libro:
            self.stderr.write(error)
        if resultado.hojas_ignoradas:
            self.stdout.write("Hojas ignoradas: " + ", ".join(resultado.hojas_ignoradas))
        if resultado.ejercicios_nuevos:
            anios = ", ".join(str(a) for a in resultado.ejercicios_nuevos)
            self.stdout.write(f"Ejercicios nuevos: {anios}")
        for hoja in resultado.hojas:
            self.stdout.write(f"{hoja.nombre}: {hoja.resumen()}")
            if hoja.columnas_ignoradas:
                self.stdout.write("  columnas ignoradas: " + ", ".join(hoja.columnas_ignoradas))
            for fila in hoja.cambiadas:
                cambios = "; ".join(f"{e}: {a} → {d}" for e, a, d in fila.valores)
                self.stdout.write(f"  fila {fila.numero} {fila.clave}: {cambios}")
            for error in hoja.errores:
                self.stderr.write(f"  {error}")
