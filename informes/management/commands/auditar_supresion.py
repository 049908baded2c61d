"""python manage.py auditar_supresion [--municipio CLAVE] [--ejercicio 2022 --hasta T2]"""

import math

from django.core.management.base import BaseCommand, CommandError

from avgm.numeros import entero
from informes.divulgacion.auditoria import rangos
from informes.divulgacion.publicadas import del_corte
from informes.management import municipio
from informes.models import InformePublicado


class Command(BaseCommand):
    help = (
        "Audita lo que el micrositio muestra de cada corte publicado: para cada conteo de "
        "personas menor que 5 oculto, el intervalo en que lo dejan todas las tablas, totales y "
        "versiones del corte (programación lineal). Dice qué versiones congelaron sus celdas "
        "ocultas al publicarse y cuáles, anteriores a eso, se muestran con las que elige la "
        "regla vigente. Termina con error si algún conteo queda acotado por debajo de 5. No "
        "cambia nada."
    )

    def add_arguments(self, parser) -> None:
        municipio.agregar_opcion(parser)
        parser.add_argument("--ejercicio", type=int, help="Solo los cortes de este año.")
        parser.add_argument("--hasta", help="Solo el corte que termina en T1, T2, T3 o T4.")

    def handle(self, *args, **options) -> None:
        informes = InformePublicado.objects.filter(
            ejercicio__municipio=municipio.elegido(options["municipio"])
        ).order_by("ejercicio__anio", "hasta__numero")
        if options["ejercicio"]:
            informes = informes.filter(ejercicio__anio=options["ejercicio"])
        if options["hasta"]:
            hasta = options["hasta"].strip().upper()
            if hasta not in {"T1", "T2", "T3", "T4"}:
                raise CommandError("--hasta debe ser T1, T2, T3 o T4.")
            informes = informes.filter(hasta__numero=int(hasta[1]))
        cortes = dict.fromkeys(
            informes.values_list("ejercicio_id", "hasta_id", "ejercicio__anio", "hasta__numero")
        )
        if not cortes:
            raise CommandError("No hay versiones publicadas que auditar.")
        fallidas = 0
        for ejercicio_id, hasta_id, anio, hasta in cortes:
            fallidas += self._auditar(ejercicio_id, hasta_id, f"{anio} hasta T{hasta}")
        if fallidas:
            raise CommandError(
                f"{entero(fallidas)} conteo(s) ocultos pueden deducirse por debajo de 5."
            )

    def _auditar(self, ejercicio_id: int, hasta_id: int, nombre: str) -> int:
        congeladas = {
            version
            for version, figuras in InformePublicado.objects.del_corte(
                ejercicio_id, hasta_id
            ).values_list("version", "figuras")
            if "supresion" in (figuras.get("publico") or {})
        }
        publicaciones = del_corte(ejercicio_id, hasta_id)
        if not publicaciones:
            self.stdout.write(f"Corte {nombre}: sus versiones no publican atenciones.")
            return 0
        resultado = rangos(publicaciones)
        malas = [r for r in resultado if not r.protegido]
        versiones = [p.version for p in publicaciones]
        regla = [v for v in versiones if v not in congeladas]
        menor = min((r.maximo for r in resultado), default=math.inf)
        self.stdout.write(
            f"Corte {nombre}: versiones {', '.join(map(str, versiones))}"
            + (
                f" (con las celdas que elige la regla vigente: {', '.join(map(str, regla))})"
                if regla
                else ""
            )
            + f"; {entero(len(publicaciones[-1].ocultas))} celdas ocultas en la última; "
            f"{entero(len(resultado))} conteos menores que 5 ocultos"
            + ("" if math.isinf(menor) else f"; el que menos alcanza puede llegar a {menor:,.0f}")
            + f"; {entero(len(malas))} fallas."
        )
        for rango in malas:
            self.stdout.write(f"  {rango.mensaje()}")
        return len(malas)
