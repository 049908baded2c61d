"""python manage.py demo [--cuentas]"""

import time

from django.core.management.base import BaseCommand

from fichas.demo import CUENTAS, PASSWORD, DemoYaCargada, cargar


class Command(BaseCommand):
    help = (
        "Carga la demo de Ciudad Juárez, Ene–Jun 2022: 119 recomendaciones vigentes (y 4 fuera "
        "del ejercicio), 32 dependencias, 147 metas con su programación T1–T4, fichas de T1 y T2 "
        "en todos los estados, y una cuenta por rol. Es determinista y se carga una sola vez: si "
        "ya está cargada no cambia nada. Con --cuentas solo imprime las cuentas de la demo."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--cuentas", action="store_true", help="Solo imprime las cuentas y su contraseña."
        )

    def handle(self, *args, cuentas: bool = False, **options) -> None:
        if cuentas:
            self._cuentas()
            return
        inicio = time.monotonic()
        try:
            totales = cargar()
        except DemoYaCargada:
            self.stdout.write("La demo ya está cargada; no se cambió nada.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo cargada en {time.monotonic() - inicio:.1f} s: "
                f"{totales['recomendaciones']} recomendaciones, "
                f"{totales['dependencias']} dependencias, {totales['metas']} metas, "
                f"{totales['fichas']} fichas."
            )
        )

    def _cuentas(self) -> None:
        self.stdout.write(f"  Cuentas de la demo (contraseña de todas: {PASSWORD}):")
        for username, _nombre, _apellido, _rol, _dep, descripcion in CUENTAS:
            self.stdout.write(f"    {username:<14} {descripcion}")
