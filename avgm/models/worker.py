"""The task worker's heartbeat: one row per `manage.py db_worker` process (avgm.plataforma.worker)."""

from __future__ import annotations

from django.db import models


class WorkerTareas(models.Model):
    """A worker process says it is alive by moving `latido_en` every few seconds.

    The queue's jobs name the worker that claimed them (`DBTaskResult.worker_ids`): a job
    "running" on a worker whose heartbeat went stale lost its worker, and goes back to the
    queue. Bookkeeping of the worker, not report data: it never bumps the data revision.
    """

    _sin_revision = True

    worker_id = models.CharField("identificador", max_length=64, unique=True)
    equipo = models.CharField("equipo", max_length=255, blank=True)
    pid = models.PositiveIntegerField("proceso", null=True)
    iniciado_en = models.DateTimeField("iniciado")
    latido_en = models.DateTimeField("último latido", db_index=True)

    class Meta:
        verbose_name = "worker de tareas"
        verbose_name_plural = "workers de tareas"

    def __str__(self) -> str:
        return f"{self.equipo}:{self.pid} ({self.worker_id[:8]})"
