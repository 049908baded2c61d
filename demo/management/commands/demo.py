"""python manage.py demo [--cuentas] [--dry-run] [--sin-publicar] [--solo-juarez]"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from avgm.plataforma import certificado
from demo.carga import DatosEnConflicto, DemoYaCargada, cargar
from demo.cuentas import CUENTAS, CUENTAS_DEMOSTRACION, PASSWORD
from demo.firma import asegurar_cargo, asegurar_certificado
from demo.gim import cargar_gim
from demo.institucion import cargar_institucion
from demo.narrativa import cargar_narrativa
from demo.publicacion import publicar_demo, publicar_demostracion


class Command(BaseCommand):
    help = (
        "Carga la demo de Ciudad Juárez, Ene–Jun 2022: 119 recomendaciones vigentes (y 4 fuera "
        "del ejercicio), 32 dependencias, 147 metas con su programación T1–T4, fichas de T1 y T2 "
        "en todos los estados, la narrativa del informe de corte Ene–Jun 2022, la línea de "
        "administración y un logotipo de demostración en la portada, ese informe "
        "publicado (v1 y una corrección v2 con fe de erratas) y una cuenta por rol; después, un "
        "segundo municipio inventado («Municipio de demostración», con sus dependencias, metas, "
        "fichas y su corte Ene–Jun 2022 publicado), su analista y la Coordinación estatal, para "
        "ver un despliegue con varios municipios (--solo-juarez lo omite). Es determinista y se "
        "carga una sola vez: si "
        "ya está cargada no cambia nada; si la base tiene otros datos con sus claves (siglas, "
        "claves R-001…, metas JRZ-2022-…) se niega sin cambiar nada. Con --cuentas solo imprime "
        "las cuentas de la demo; con --dry-run carga y deshace, para comprobar; con --sin-publicar "
        "carga todo menos las dos versiones publicadas (sin PDF ni Excel que generar: el "
        "micrositio queda vacío; correrlo después sin la opción las publica). Solo corre con "
        "DEBUG=1: sus cuentas tienen una contraseña pública."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--cuentas", action="store_true", help="Solo imprime las cuentas y su contraseña."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Carga todo y lo deshace al final."
        )
        parser.add_argument(
            "--sin-publicar",
            action="store_true",
            help="Carga todo menos las versiones publicadas del informe (no genera PDF ni Excel).",
        )
        parser.add_argument(
            "--solo-juarez",
            action="store_true",
            help="Carga solo Juárez, sin el segundo municipio inventado (un solo municipio, "
            "como un despliegue municipal).",
        )

    def handle(
        self,
        *args,
        cuentas: bool = False,
        dry_run: bool = False,
        sin_publicar: bool = False,
        solo_juarez: bool = False,
        **options,
    ) -> None:
        if not settings.DEBUG:
            # Its accounts (one a superuser) share a password printed in the README.
            raise CommandError(
                "La demo no se carga con DEBUG=0: crea cuentas, una de ellas superusuaria, cuya "
                "contraseña es pública (README). Úsela solo en una máquina de desarrollo."
            )
        if cuentas:
            self._cuentas()
            return
        inicio = time.monotonic()
        try:
            totales = cargar(dry_run=dry_run, demostracion=not solo_juarez)
        except DemoYaCargada:
            self._firma()
            agregado = cargar_narrativa()
            agregado_gim = cargar_gim()
            agregada_institucion = cargar_institucion()
            publicadas = 0 if sin_publicar else publicar_demo() + publicar_demostracion()
            if agregado or agregado_gim or agregada_institucion or publicadas:
                self.stdout.write(
                    "La demo ya estaba cargada; se agregó lo que faltaba (narrativa, valoración "
                    "del GIM, identidad de la portada o informes publicados)."
                )
            else:
                self.stdout.write("La demo ya está cargada; no se cambió nada.")
            return
        except DatosEnConflicto as error:
            choques = error.args[0]
            raise CommandError(
                "La base ya tiene datos con las claves de la demo y no se cambió nada: "
                + ", ".join(choques[:5])
                + (f" y {len(choques) - 5} más." if len(choques) > 5 else ".")
            ) from None
        if dry_run:
            self.stdout.write(f"Prueba (--dry-run), nada se guardó: {totales}")
            return
        self._firma()
        cargar_narrativa()
        cargar_gim()
        cargar_institucion()
        if not sin_publicar:
            # v1 and a v2 with errata of Ene–Jun 2022: the micrositio has data. Four renders
            # (two PDF, two Excel), most of the load's time: tests that need no micrositio skip it.
            publicar_demo()
            publicar_demostracion()  # the invented municipio's v1 (nothing with --solo-juarez)
        segundo = totales.get("municipio de demostración")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo cargada en {time.monotonic() - inicio:.1f} s: "
                f"{totales['recomendaciones']} recomendaciones, "
                f"{totales['dependencias']} dependencias, {totales['metas']} metas, "
                f"{totales['fichas']} fichas."
                + (
                    f" Municipio de demostración: {segundo['dependencias']} dependencias, "
                    f"{segundo['metas']} metas, {segundo['fichas']} fichas."
                    if segundo
                    else ""
                )
                + (" Sin publicar: el micrositio está vacío." if sin_publicar else "")
            )
        )

    def _firma(self) -> None:
        """The demo signs what it publishes with a certificate of its own, marked as a
        demonstration (the server and the task worker of `make run` find it too)."""
        asegurar_cargo()
        if asegurar_certificado():
            self.stdout.write(
                "Se generó el certificado de firma de demostración (sin validez) en "
                f"{certificado.carpeta_demo()}."
            )

    def _cuentas(self) -> None:
        self.stdout.write(f"  Cuentas de la demo (contraseña de todas: {PASSWORD}):")
        for username, _nombre, _apellido, _rol, _dep, descripcion in CUENTAS:
            self.stdout.write(f"    {username:<22} {descripcion}")
        self.stdout.write("  Con el Municipio de demostración (sin --solo-juarez):")
        for username, _nombre, _apellido, _rol, _dep, descripcion in CUENTAS_DEMOSTRACION:
            self.stdout.write(f"    {username:<22} {descripcion}")
