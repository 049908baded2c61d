"""python manage.py bench_importar [--metas 6000]"""

import io
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

from avgm.models import Modalidad, Recomendacion
from dependencias.excel import importacion
from dependencias.excel.hojas import titulos
from dependencias.models import TipoAccion


class _Deshacer(Exception):
    pass


def libro_de_prueba(metas: int, anio: int = 2097, extra: int = 0) -> bytes:
    """A workbook with 119 recomendaciones, 32 dependencias and `metas` metas.

    `extra` is added to every T1, so a second workbook changes every meta.
    """
    wb = Workbook(write_only=True)
    modalidades = [m.nombre for m in Modalidad.objects.all()]
    rec = wb.create_sheet("Recomendaciones")
    rec.append(titulos("Recomendaciones"))
    for n in range(1, 120):
        rec.append(
            [f"BR{n:03d}", f"Recomendación de prueba {n}", "Permanente",
             "; ".join(modalidades[: 1 + n % 3]), "Acceso a la justicia", None, None]
        )  # fmt: skip
    dep = wb.create_sheet("Dependencias")
    dep.append(titulos("Dependencias"))
    for n in range(1, 33):
        dep.append([f"BDEP{n:02d}", f"Dependencia de prueba {n}", "Titular"])
    tipos = list(TipoAccion.objects.values_list("nombre", flat=True)) or [""]
    ws = wb.create_sheet("Metas")
    ws.append(titulos("Metas"))
    for n in range(metas):
        ws.append(
            [anio, f"BDEP{n % 32 + 1:02d}", f"BM-{n:05d}", f"Meta de prueba número {n}",
             "Línea de acción", tipos[n % len(tipos)], "Acciones",
             f"BR{n % 119 + 1:03d}; BR{(n * 7) % 119 + 1:03d}", n % 5 + extra, n % 7, 0, 3]
        )  # fmt: skip
    salida = io.BytesIO()
    wb.save(salida)
    return salida.getvalue()


class Command(BaseCommand):
    help = (
        "Mide la vista previa y la aplicación de un libro con 6,000 metas (meta: ≤ 10 s). "
        "Trabaja dentro de una transacción que se deshace al final: no deja datos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--metas", type=int, default=6000)

    def handle(self, *args, metas: int, **options):
        if Recomendacion.objects.filter(clave__startswith="BR").exists():
            self.stderr.write("Aviso: ya hay recomendaciones BR*; las cifras incluyen cambios.")
        contenido = libro_de_prueba(metas)
        try:
            with transaction.atomic():
                inicio = time.perf_counter()
                vista = importacion.previsualizar(contenido)
                t_vista = time.perf_counter() - inicio
                inicio = time.perf_counter()
                importacion.aplicar(contenido)
                t_aplicar = time.perf_counter() - inicio
                inicio = time.perf_counter()
                segunda = importacion.previsualizar(contenido)
                t_segunda = time.perf_counter() - inicio
                inicio = time.perf_counter()
                cambios = importacion.aplicar(libro_de_prueba(metas, extra=1))
                t_cambios = time.perf_counter() - inicio
                raise _Deshacer
        except _Deshacer:
            pass
        nuevas = len(vista.hoja("Metas").nuevas)
        iguales = len(segunda.hoja("Metas").sin_cambio)
        self.stdout.write(
            f"importar {metas:,} metas ({len(contenido) / 1024:,.0f} KB): "
            f"vista previa {t_vista:.2f} s, aplicar (relee y valida) {t_aplicar:.2f} s, "
            f"total {t_vista + t_aplicar:.2f} s; reimportar: vista previa {t_segunda:.2f} s "
            f"({nuevas:,} nuevas; luego {iguales:,} sin cambio); aplicar un libro que cambia "
            f"{len(cambios.hoja('Metas').cambiadas):,} metas {t_cambios:.2f} s"
        )
