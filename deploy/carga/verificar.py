"""Checks of `make carga`, run with the portal's own settings and database.

python deploy/carga/verificar.py cuentas            # enable every demo enlace account
python deploy/carga/verificar.py huella > antes.json # count + checksum of the data tables
python deploy/carga/verificar.py escrituras FILE    # every confirmed save is stored
python deploy/carga/verificar.py worker PID         # the task worker PID beats (waits ≤ 30 s)
python deploy/carga/verificar.py ahora              # the database's clock, for `renders`
python deploy/carga/verificar.py renders DESDE [N]  # renders finished since DESDE (≥ N)
python deploy/carga/verificar.py cache              # rows and bytes of the shared cache table
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avgm.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from avgm.models import EventoBitacora  # noqa: E402
from avgm.plataforma import roles  # noqa: E402
from fichas.models import HistorialFicha  # noqa: E402

# The report's data: every model of these apps, but the bitácora (it logs logins) and the
# bookkeeping that the data revision ignores too (`_sin_revision`: e.g. a draft PDF's render
# job, which a directivo's read creates on purpose).
APPS = ("avgm", "dependencias", "fichas", "informes")


def cuentas() -> None:
    """The demo gives most enlaces an unusable password: in this throwaway copy, all log in."""
    enlaces = get_user_model().objects.filter(groups__name=roles.ENLACE)
    enlaces.update(password=make_password(os.environ.get("CARGA_CLAVE", "avgm-demo-2022")))
    print(",".join(enlaces.order_by("username").values_list("username", flat=True)))


def huella() -> None:
    resultado = {}
    for modelo in apps.get_models():
        if modelo._meta.app_label not in APPS or modelo is EventoBitacora:
            continue
        if getattr(modelo, "_sin_revision", False):
            continue
        suma = hashlib.sha256()
        filas = 0
        for fila in modelo.objects.order_by("pk").values_list():
            suma.update(repr(fila).encode())
            filas += 1
        resultado[modelo._meta.label] = [filas, suma.hexdigest()[:16]]
    print(json.dumps(resultado, indent=1, sort_keys=True))


def escrituras(archivo: str) -> None:
    tokens = [t for t in Path(archivo).read_text().split() if t]
    guardados = set()
    for cambios in HistorialFicha.objects.filter(
        accion=HistorialFicha.Accion.EDITAR, cambios__has_key="obstaculos"
    ).values_list("cambios", flat=True):
        guardados.add(cambios["obstaculos"][1])
    perdidos = [t for t in tokens if t not in guardados]
    print(f"Escrituras confirmadas: {len(tokens)}; guardadas: {len(tokens) - len(perdidos)}")
    if perdidos:
        print(f"PERDIDAS: {len(perdidos)}", file=sys.stderr)
        sys.exit(1)


def worker(pid: str) -> None:
    """The worker started by the runner is alive: its heartbeat is in the database."""
    from avgm.plataforma.worker import vivos

    for _ in range(60):
        if vivos().filter(pid=int(pid)).exists():
            print(f"Worker de tareas vivo (pid {pid}, latido en la base).")
            return
        time.sleep(0.5)
    print(f"EL WORKER DE TAREAS (pid {pid}) NO LATE: no se mide sin él.", file=sys.stderr)
    sys.exit(1)


def ahora() -> None:
    from django.utils import timezone

    print(timezone.now().isoformat())


def renders(desde: str, minimo: str = "0") -> None:
    """The renders the worker finished since `desde` (drafts and publications), by outcome."""
    from django.db.models import Count

    from informes.models import Render

    inicio = datetime.datetime.fromisoformat(desde)
    for _ in range(120):  # a render still under way when the load stopped may finish (≤ 60 s)
        filas = list(
            Render.objects.filter(terminado_en__gte=inicio)
            .values_list("formato", "estado")
            .annotate(n=Count("pk"))
            .order_by("formato", "estado")
        )
        listos = sum(n for _formato, estado, n in filas if estado == Render.Estado.LISTA)
        en_espera = Render.objects.filter(
            solicitado_en__gte=inicio, estado__in=[Render.Estado.PENDIENTE, Render.Estado.EN_CURSO]
        ).exists()
        if listos >= int(minimo) or not en_espera:
            break
        time.sleep(0.5)
    detalle = ", ".join(f"{formato} {estado}: {n}" for formato, estado, n in filas) or "ninguno"
    print(f"Renders terminados por el worker durante la corrida: {listos} listos ({detalle})")
    if listos < int(minimo):
        print(f"EL WORKER NO GENERÓ NINGÚN ARCHIVO (se esperaban ≥ {minimo}).", file=sys.stderr)
        sys.exit(1)


def cache() -> None:
    """Rows and bytes of the shared cache table (settings.CACHES["default"])."""
    from django.conf import settings
    from django.db import connection

    tabla = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM {tabla}")  # noqa: S608
        filas, valores = cursor.fetchone()
        total = None
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size(%s)", [settings.CACHES["default"]["LOCATION"]]
            )
            total = cursor.fetchone()[0]
    extra = f", {total / 1024:,.0f} KB en disco" if total is not None else ""
    print(f"Tabla de caché: {filas:,} filas, {valores / 1024:,.0f} KB de valores{extra}")


if __name__ == "__main__":
    orden, *argumentos = sys.argv[1:]
    {
        "cuentas": cuentas,
        "huella": huella,
        "escrituras": escrituras,
        "worker": worker,
        "ahora": ahora,
        "renders": renders,
        "cache": cache,
    }[orden](*argumentos)
