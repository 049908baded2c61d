"""The task worker, watched: its heartbeat, the jobs of a worker that died, and its health.

`manage.py db_worker` (avgm/management/commands/db_worker.py) beats every
AVGM_WORKER_LATIDO_SEGUNDOS; a worker silent for AVGM_WORKER_SIN_LATIDO_SEGUNDOS is dead. A job
still "running" on a dead worker (killed with -9, out of memory, the machine restarted) goes
back to the queue; a job that lost AVGM_TAREA_INTENTOS workers fails with its reason, so that
whoever waits on it sees a failure instead of a page that waits forever.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from avgm.models import WorkerTareas

logger = logging.getLogger(__name__)

# What a job that lost too many workers records as its exception (read by informes.tasks).
WORKER_PERDIDO = "avgm.plataforma.worker.WorkerPerdido"


class WorkerPerdido(Exception):
    """The worker running the job stopped beating, too many times."""


def en_uso() -> bool:
    """Whether tasks go through the database queue and a worker (tests run them inline)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def _silencio() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.AVGM_WORKER_SIN_LATIDO_SEGUNDOS)


def latir(worker_id: str) -> None:
    """Say that the worker `worker_id` (this process) is alive."""
    ahora = timezone.now()
    if not WorkerTareas.objects.filter(worker_id=worker_id).update(latido_en=ahora):
        WorkerTareas.objects.create(
            worker_id=worker_id,
            equipo=socket.gethostname(),
            pid=os.getpid(),
            iniciado_en=ahora,
            latido_en=ahora,
        )


def vivos():
    """The workers whose last heartbeat is recent enough."""
    return WorkerTareas.objects.filter(latido_en__gte=timezone.now() - _silencio())


def hay_vivo() -> bool:
    return vivos().exists()


def recuperar_huerfanas(*, propias_de: str | None = None) -> tuple[int, int]:
    """Send the jobs of dead workers back to the queue, or fail those that lost too many.

    `propias_de`: also the jobs this worker itself left "running" (it lost the database in the
    middle of one, so it could not record the outcome). Returns (re-queued, failed). Each change
    is guarded by the job's start time, so two workers doing this at once change a job once.
    """
    ahora = timezone.now()
    limite = ahora - _silencio()
    con_latido = set(
        WorkerTareas.objects.filter(latido_en__gte=limite).values_list("worker_id", flat=True)
    )
    con_latido.discard(propias_de)
    corriendo = DBTaskResult.objects.running().only("id", "task_path", "worker_ids", "started_at")
    reencoladas = fallidas = 0
    for tarea in corriendo:
        ultimo = tarea.worker_ids[-1] if tarea.worker_ids else None
        if ultimo in con_latido or (ultimo != propias_de and tarea.started_at >= limite):
            continue
        misma = DBTaskResult.objects.filter(
            pk=tarea.pk, status=TaskResultStatus.RUNNING, started_at=tarea.started_at
        )
        intentos = len(tarea.worker_ids)
        if intentos >= settings.AVGM_TAREA_INTENTOS:
            if misma.update(
                status=TaskResultStatus.FAILED,
                finished_at=ahora,
                exception_class_path=WORKER_PERDIDO,
                traceback=f"{WORKER_PERDIDO}: el worker se detuvo {intentos} veces durante la "
                "tarea; no se reintenta más.",
            ):
                fallidas += 1
                logger.error(
                    "La tarea %s (%s) perdió su worker %s veces; queda fallida",
                    tarea.pk,
                    tarea.task_path,
                    intentos,
                )
        elif misma.update(status=TaskResultStatus.READY, started_at=None):
            reencoladas += 1
            logger.warning(
                "La tarea %s (%s) perdió su worker (intento %s de %s); vuelve a la cola",
                tarea.pk,
                tarea.task_path,
                intentos,
                settings.AVGM_TAREA_INTENTOS,
            )
    # A worker gone for a day is history nobody reads.
    WorkerTareas.objects.filter(latido_en__lt=ahora - datetime.timedelta(days=1)).delete()
    return reencoladas, fallidas


def _segundos(desde: datetime.datetime | None, ahora: datetime.datetime) -> float | None:
    return None if desde is None else (ahora - desde).total_seconds()


def latidos() -> tuple[int, float | None]:
    """How many workers beat now, and the seconds since any worker last beat (None: never)."""
    ultimo = WorkerTareas.objects.aggregate(d=Max("latido_en"))["d"]
    return vivos().count(), _segundos(ultimo, timezone.now())


def cola() -> tuple[int, int, float]:
    """Jobs ready to run, jobs running, and the seconds the oldest ready one has waited."""
    ahora = timezone.now()
    listas = DBTaskResult.objects.ready()
    # A job waits since it was queued, or since the time it was deferred to.
    sin_plazo = listas.filter(run_after=get_date_max()).aggregate(d=Min("enqueued_at"))["d"]
    con_plazo = listas.exclude(run_after=get_date_max()).aggregate(d=Min("run_after"))["d"]
    desde = min((d for d in (sin_plazo, con_plazo) if d), default=None)
    return (
        listas.count(),
        DBTaskResult.objects.running().count(),
        _segundos(desde, ahora) or 0.0,
    )
