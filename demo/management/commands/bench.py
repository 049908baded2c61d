"""python manage.py bench — the report's cost at demo size and at state scale.

Runs in a throwaway SQLite database (var/bench.sqlite3, recreated each run) unless
--database-url names another one, so it never touches the portal's data.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import random
import secrets
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.paginas import META_MS, medir_inicio_analista, medir_paginas

MARCA = "AVGM_BENCH_EN_CURSO"


class Command(BaseCommand):
    help = (
        "Mide el Informe de corte en una base desechable (var/bench.sqlite3, o --database-url): "
        "carga la demo (o un conjunto sintético de su tamaño, 147 metas y 113 fichas, si no "
        "existe) y un conjunto sintético de escala estatal (300 dependencias, 6,000 metas, "
        "24,000 fichas), e imprime para cada tamaño el tiempo y las consultas de las cifras, el "
        "tiempo de la página del informe, del PDF (y sus páginas), del Excel, y como piso el de "
        "las mismas cifras principales en SQL escrito a mano (demo/piso.py), con la razón "
        "cifras/piso; a tamaño demo, el tiempo de servidor de las páginas de enlace, analista y "
        "directivo junto al de una vista vacía medida en la misma corrida; con --municipios N (5 "
        "por omisión), N municipios de escala estatal en la misma base y, para cada uno, sus "
        "cifras y su página contra las de una base con uno solo, como razón. No toca la base del "
        "portal."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--database-url",
            help="Base vacía y desechable a usar; por omisión sqlite:///var/bench.sqlite3 (se recrea).",
        )
        parser.add_argument("--metas", type=int, default=6000)
        parser.add_argument("--dependencias", type=int, default=300)
        parser.add_argument("--fichas", type=int, default=24000)
        parser.add_argument(
            "--municipios",
            type=int,
            default=5,
            help="Municipios con datos de escala estatal cada uno (--metas, --dependencias, "
            "--fichas) en el caso de varios municipios; 0 o 1 lo omite.",
        )
        parser.add_argument("--solo-paginas", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--solo-inicio-analista", nargs="+", type=int, help=argparse.SUPPRESS)
        parser.add_argument(
            "--dependencias-inicio",
            type=int,
            default=512,
            help="Dependencias del ejercicio sintético en el que se mide el inicio del analista.",
        )

    def handle(self, *args, **options) -> None:
        if os.environ.get(MARCA) != "1":
            self._relanzar(options)
            return
        if options["solo_paginas"]:
            # The child of `_paginas_en_produccion`: one JSON line, nothing else.
            logging.getLogger("avgm.peticiones").setLevel(logging.WARNING)
            self.stdout.write(json.dumps(medir_paginas()))
            return
        if options["solo_inicio_analista"]:
            logging.getLogger("avgm.peticiones").setLevel(logging.WARNING)
            self.stdout.write(json.dumps(medir_inicio_analista(options["solo_inicio_analista"])))
            return
        # The request log (one JSON line per page served) would bury the figures.
        logging.getLogger("avgm.peticiones").setLevel(logging.WARNING)
        self.stdout.write(f"Base: {connection.vendor} {connection.settings_dict['NAME']}")
        call_command("migrate", verbosity=0, interactive=False)
        from avgm.models import Ejercicio

        if Ejercicio.objects.filter(anio=2023).exists():
            raise CommandError("La base del bench debe estar vacía: ya tiene el ejercicio 2023.")
        from informes.cifras.figures import Corte

        inicio = time.monotonic()
        try:
            # Juárez only: the measurements below compare one municipio's sizes.
            call_command("demo", "--solo-juarez", stdout=StringIO())
            demo = Corte.buscar(2022, "T2")
            origen = "demo de Juárez"
        except CommandError:
            generar(anio=2022, dependencias=32, metas=147, fichas=113, prefijo="DM")
            demo = Corte.buscar(2022, "T2")
            origen = "sintético de tamaño demo"
        self.stdout.write(f"Demo ({origen}) cargada en {time.monotonic() - inicio:.1f} s")
        # Pages at demo size: measured before the state-scale data joins the same database.
        paginas = self._paginas_en_produccion() if origen == "demo de Juárez" else None
        inicio = time.monotonic()
        generar(
            anio=2023,
            dependencias=options["dependencias"],
            metas=options["metas"],
            fichas=options["fichas"],
            prefijo="E",
        )
        self.stdout.write(
            f"Escala estatal ({options['dependencias']:,} dependencias, {options['metas']:,} "
            f"metas, {options['fichas']:,} fichas) generada en {time.monotonic() - inicio:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        estatal = Corte.buscar(2023, "T4")
        self.stdout.write("")
        filas = [medir("demo, Ene–Jun 2022", demo), medir("estatal, Ene–Dic 2023", estatal)]
        encabezado = (
            f"{'tamaño':<24}{'metas':>7}{'fichas':>8}{'cifras':>9}{'piso SQL':>10}{'razón':>7}"
            f"{'consultas':>10}{'página':>9}{'cons. pág.':>11}{'PDF':>8}{'págs.':>7}{'Excel':>8}"
        )
        self.stdout.write(encabezado)
        for f in filas:
            self.stdout.write(
                f"{f['nombre']:<24}{f['metas']:>7,}{f['fichas']:>8,}{f['cifras']:>8.3f}s"
                f"{f['sql']:>9.3f}s{f['cifras'] / f['sql']:>6.1f}x{f['consultas']:>10}"
                f"{f['pagina']:>8.3f}s{f['consultas_pagina']:>11}"
                f"{f['pdf']:>7.2f}s{f['paginas']:>7}{f['excel']:>7.2f}s"
            )
        self.stdout.write(
            "Cifras: informes.cifras.figures.computar, sin caché. Piso: demo/piso.py, las mismas cifras "
            "principales (recomendaciones de la declaratoria, programadas e impactadas; por "
            "trimestre dependencias, metas programadas, fichas reportadas y aprobadas; por "
            "dependencia fichas esperadas, reportadas y a tiempo; oportunidad) en SQL escrito a "
            "mano, iguales a las del informe (tests/demo/test_piso.py); la mejor de 5 de cada uno, "
            "alternados. Meta: razón ≤ 2x. Página: el "
            "informe de corte con sus cifras en caché (la primera visita las calculó)."
        )
        if paginas:
            self._paginas(*paginas)
            self._inicio_analista(demo, options["dependencias_inicio"])
        if options["municipios"] > 1:
            self._municipios(estatal, options)

    def _municipios(self, estatal, options) -> None:
        """Each municipio's figures and page among `municipios` of state scale, against the
        same corte measured while its municipio was the only one (ratios near 1x expected)."""
        from demo import bench_municipios as bm

        principal = estatal.ejercicio.municipio
        # Published first: every corte below is measured as a published one.
        t_publicar = bm.publicar(principal, estatal)
        solo = bm.medir_municipio(principal, estatal)
        estatal_solo = bm.medir_estatal()
        inicio = time.monotonic()
        otros = bm.sumar_municipios(
            options["municipios"] - 1,
            dependencias=options["dependencias"],
            metas=options["metas"],
            fichas=options["fichas"],
            generar=generar,
        )
        self.stdout.write("")
        self.stdout.write(
            f"Varios municipios: {len(otros)} más de la misma escala generados en "
            f"{time.monotonic() - inicio:.1f} s; cada corte Ene–Dic 2023 contra el mismo con un "
            f"solo municipio en la base (cifras sin caché, mejor de {bm.VECES}; página con cifras "
            "en caché, leída por una analista del municipio). Meta: razón ≤ 1.5x, consultas "
            "iguales:"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        filas = [bm.medir_municipio(principal, estatal)]
        filas += [bm.medir_municipio(m, bm.corte_de(m)) for m in otros]
        bm.escribir(self.stdout, solo, filas)
        # One more published (the deployment now has several: selector, names), then all.
        inicio = time.monotonic()
        bm.publicar(otros[0], bm.corte_de(otros[0]))
        estatal_dos = bm.medir_estatal()
        for m in otros[1:]:
            bm.publicar(m, bm.corte_de(m))
        self.stdout.write("")
        self.stdout.write(
            f"Corte estatal Ene–Dic 2023, desde las versiones publicadas (publicar una costó "
            f"{t_publicar:.1f} s; las otras {len(otros)}, {time.monotonic() - inicio:.1f} s), "
            "leído por la Coordinación estatal: con solo el municipio de la instalación "
            f"publicado, con dos y con los {len(otros) + 1}. «calcular»: desde las versiones, sin "
            f"caché (una vez por publicación; mejor de {bm.VECES}); «vigente»: como lo obtienen "
            "las páginas, guardado hasta que cambie lo que lee; página y Excel con el corte "
            "vigente. Meta: página ≤ 1.5x, consultas iguales con dos y con todos:"
        )
        bm.escribir_estatal(self.stdout, [estatal_solo, estatal_dos, bm.medir_estatal()])

    def _inicio_analista(self, demo, dependencias: int) -> None:
        """The analista's home on the demo's periodo and on one of `dependencias` dependencias
        (a synthetic ejercicio, 2024), served as in production, and their ratio."""
        from avgm.models import Periodo

        generar(anio=2024, dependencias=dependencias, metas=2 * dependencias, fichas=0, prefijo="A")
        grande = Periodo.objects.get(ejercicio__anio=2024, numero=1)
        filas = json.loads(
            self._hijo_en_produccion(["--solo-inicio-analista", str(demo.hasta.pk), str(grande.pk)])
            .strip()
            .splitlines()[-1]
        )
        self.stdout.write("")
        self.stdout.write(
            "Inicio del analista (respuesta por dependencia), servido como en producción "
            "(mediana de 15 con los datos sin cambios; de 5 tras un cambio, cachés vacías):"
        )
        self.stdout.write(f"{'dependencias':>14}{'sin cambios':>14}{'tras un cambio':>16}")
        for f in filas:
            self.stdout.write(
                f"{f['dependencias']:>14,}{f['quieta']:>12.1f}ms{f['tras_cambio']:>14.1f}ms"
            )
        razon = filas[1]["quieta"] / filas[0]["quieta"]
        self.stdout.write(
            f"Razón {filas[1]['dependencias']:,} / {filas[0]['dependencias']:,} dependencias: "
            f"{razon:.2f}x (meta ≤ 1.3x)"
        )

    def _paginas(self, vacia: float, filas: list[tuple[str, float]]) -> None:
        """Server time of the busiest pages at demo size, next to a bare view, as ratios."""
        self.stdout.write("")
        self.stdout.write(
            "Páginas a tamaño demo, servidas como en producción (DEBUG=0; cliente de pruebas de "
            "Django, mediana de 15, datos sin cambios entre visitas):"
        )
        self.stdout.write(f"{'página':<24}{'servidor':>10}{'razón':>8}{'meta':>8}")
        self.stdout.write(f"{'vista vacía':<24}{vacia:>8.1f}ms{1:>7.1f}x")
        for nombre, ms in filas:
            clave = (
                "informe" if "informe" in nombre or "tablero" in nombre else nombre.split(":")[0]
            )
            meta = META_MS.get(clave)
            self.stdout.write(
                f"{nombre:<24}{ms:>8.1f}ms{ms / vacia:>7.1f}x" + (f"{meta:>6} ms" if meta else "")
            )

    def _paginas_en_produccion(self) -> tuple[float, list]:
        """The pages' server time as a deployment serves them: a child process on this same
        database with DEBUG=0 (cached templates; static files collected, as `make carga` does),
        since the demo itself only loads with DEBUG=1."""
        entorno = os.environ | {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0", "--skip-checks"], env=entorno, check=True
        )
        salida = self._hijo_en_produccion(["--solo-paginas"])
        vacia, filas = json.loads(salida.strip().splitlines()[-1])
        return vacia, [tuple(f) for f in filas]

    def _hijo_en_produccion(self, argumentos: list[str]) -> str:
        """This command in a DEBUG=0 child on the same database; its standard output."""
        entorno = os.environ | {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        return subprocess.run(
            # (A measurement, not a deployment: the production configuration checks, mail
            # server and proxies, have nothing to say about it.)
            [*manage, "bench", *argumentos, "--skip-checks"],
            env=entorno,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def _relanzar(self, options) -> None:
        """Run again in a child process whose DATABASE_URL is the throwaway database, in the
        load-test configuration (AVGM_CARGA): its DEBUG=0 child that measures the pages still
        has this command (the demo app) and the bare view."""
        url = options["database_url"]
        if not url:
            archivo = Path(settings.VAR_DIR) / "bench.sqlite3"
            archivo.parent.mkdir(parents=True, exist_ok=True)
            for sufijo in ("", "-wal", "-shm"):
                Path(f"{archivo}{sufijo}").unlink(missing_ok=True)
            url = f"sqlite:///{archivo}"
        entorno = os.environ | {MARCA: "1", "DATABASE_URL": url, "AVGM_CARGA": "1"}
        argumentos = [
            f"--{k}={options[k]}"
            for k in ("metas", "dependencias", "fichas", "municipios")
            if options.get(k) is not None
        ]
        resultado = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", *argumentos],
            env=entorno,
            check=False,
        )
        if resultado.returncode:
            raise CommandError(f"El bench terminó con código {resultado.returncode}.")


def _mejor(funcion, veces: int = 3) -> tuple[float, object]:
    mejor, valor = float("inf"), None
    for _ in range(veces):
        inicio = time.perf_counter()
        valor = funcion()
        mejor = min(mejor, time.perf_counter() - inicio)
    return mejor, valor


def _alternados(una, otra, veces: int = 5) -> tuple[float, float]:
    """The best time of each of two functions run in turns: a ratio between them measured in
    the same stretch of time, whatever else the machine is doing meanwhile."""
    mejores = [float("inf"), float("inf")]
    for _ in range(veces):
        for i, funcion in enumerate((una, otra)):
            inicio = time.perf_counter()
            funcion()
            mejores[i] = min(mejores[i], time.perf_counter() - inicio)
    return mejores[0], mejores[1]


def medir(nombre: str, corte) -> dict:
    from django.contrib.auth import get_user_model

    from demo.piso import piso
    from fichas.models import FichaTecnica
    from informes.cifras.figures import computar
    from informes.publicacion import narrativa_de, textos_de
    from informes.salidas.excel import generar_excel
    from informes.salidas.pdf import generar_pdf
    from informes.salidas.reporte import con_comparacion

    reset_queries()  # the log keeps 9,000 queries at most: start it empty
    with CaptureQueriesContext(connection) as consultas:
        figuras = computar(corte)
    piso(corte)
    t_cifras, t_sql = _alternados(lambda: computar(corte), lambda: piso(corte))
    usuario, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    cliente = Client()
    cliente.force_login(usuario)
    url = reverse("informes:corte", args=[corte.ejercicio.anio, corte.hasta.clave])
    cliente.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as consultas_pagina:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200, respuesta.status_code
    t_pagina, _ = _mejor(lambda: cliente.get(url))
    textos = textos_de(narrativa_de(corte))
    completas = con_comparacion(corte, dict(figuras))
    inicio = time.perf_counter()
    _pdf, paginas = generar_pdf(corte, completas, textos)
    t_pdf = time.perf_counter() - inicio
    t_excel, _ = _mejor(lambda: generar_excel(corte, figuras, textos), veces=1)
    return {
        "nombre": nombre,
        "metas": figuras["anual"]["metas_programadas"],
        "fichas": FichaTecnica.objects.filter(
            meta__ejercicio=corte.ejercicio, periodo_id__in=corte.periodo_ids
        ).count(),
        "cifras": t_cifras,
        "consultas": len(consultas),
        "pagina": t_pagina,
        "consultas_pagina": len(consultas_pagina),
        "pdf": t_pdf,
        "paginas": paginas,
        "excel": t_excel,
        "sql": t_sql,
    }


@transaction.atomic
def generar(
    *, anio: int, dependencias: int, metas: int, fichas: int, prefijo: str, municipio=None
) -> None:
    """A synthetic ejercicio of `municipio` (None: the only one): dependencias, metas over the
    in-force recomendaciones, their programación in the four trimestres and `fichas` fichas in
    every state."""
    from avgm.models import Ejercicio, Modalidad, Municipio, Recomendacion
    from dependencias.models import Dependencia, Meta, Programacion, TipoAccion
    from fichas.models import FichaTecnica, HistorialFicha

    rng = random.Random(anio)
    ejercicio = Ejercicio.objects.filter(
        anio=anio, municipio=municipio or Municipio.objects.unico()
    )
    ejercicio = ejercicio.first() or Ejercicio.objects.crear(anio, municipio=municipio)
    periodos = list(ejercicio.periodos.order_by("numero"))
    recs = list(Recomendacion.objects.vigentes_en(anio))
    if not recs:
        modalidades = list(Modalidad.objects.all())
        recs = Recomendacion.objects.bulk_create(
            Recomendacion(
                clave=f"{prefijo}R{i:03d}", texto=f"Recomendación {i}.", tipo="permanente"
            )
            for i in range(119)
        )
        Recomendacion.modalidades.through.objects.bulk_create(
            Recomendacion.modalidades.through(
                recomendacion=r, modalidad=modalidades[i % len(modalidades)]
            )
            for i, r in enumerate(recs)
        )
    tipos = list(TipoAccion.objects.all()) or [
        TipoAccion.objects.create(nombre=n)
        for n in ("Capacitación", "Campaña de sensibilización", "Atención", "Protocolo")
    ]
    deps = Dependencia.objects.bulk_create(
        Dependencia(
            siglas=f"{prefijo}{i:03d}",
            nombre=f"Dependencia sintética {i}",
            **({"municipio": municipio} if municipio else {}),
        )
        for i in range(dependencias)
    )
    nuevas = Meta.objects.bulk_create(
        Meta(
            ejercicio=ejercicio,
            dependencia=deps[i % len(deps)],
            clave=f"{prefijo}-{anio}-{i:05d}",
            descripcion=f"Meta sintética {i}",
            tipo_accion=tipos[i % len(tipos)],
            unidad_medida="Acciones",
        )
        for i in range(metas)
    )
    Meta.recomendaciones.through.objects.bulk_create(
        Meta.recomendaciones.through(meta=m, recomendacion=r)
        for m in nuevas
        for r in rng.sample(recs, k=min(2, len(recs)))
    )
    Programacion.objects.bulk_create(
        Programacion(meta=m, periodo=p, cantidad=rng.choice((0, 2, 5, 10)))
        for m in nuevas
        for p in periodos
    )
    pares = [(m, p) for p in periodos for m in nuevas][:fichas]
    estados = ["aprobada"] * 5 + ["enviada", "observada", "borrador"]
    creadas = []
    for m, p in pares:
        estado = rng.choice(estados)
        enviada = timezone.make_aware(
            datetime.datetime.combine(p.fecha_limite, datetime.time(12))
            + datetime.timedelta(days=rng.randint(-8, 6))
        )
        creadas.append(
            FichaTecnica(
                meta=m,
                periodo=p,
                estado=estado,
                cantidad_alcanzada=rng.choice((0, 1, 3, 6, 12)),
                primer_envio_en=None if estado == "borrador" else enviada,
                enviada_en=None if estado == "borrador" else enviada,
                aprobada_en=enviada + datetime.timedelta(days=rng.randint(1, 20))
                if estado == "aprobada"
                else None,
                no_aplica=rng.random() < 0.02,
            )
        )
    creadas = FichaTecnica.objects.bulk_create(creadas, batch_size=2000)
    HistorialFicha.objects.bulk_create(
        (
            HistorialFicha(
                ficha=f, accion="devolver", estado_anterior="enviada", estado_nuevo="observada"
            )
            for f in creadas
            if f.estado in ("observada", "aprobada") and rng.random() < 0.2
        ),
        batch_size=2000,
    )
