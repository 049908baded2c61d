"""`manage.py db_worker`: django_tasks_db's worker, watched and self-healing.

It replaces the library's command of the same name (avgm is listed before django_tasks_db), so
the systemd unit, `make run` and the tests start this one. Beside the library's loop it
beats (a thread writes its heartbeat and sends the jobs of dead workers back to the queue,
avgm.plataforma.worker) and survives losing the database: the error is logged, the connection
closed, and the loop starts again after a growing pause, instead of the process exiting.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.db import Error, InterfaceError, OperationalError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as base

from avgm.plataforma import worker

logger = logging.getLogger("avgm.plataforma.worker")

# Seconds between attempts while the database is away: doubling from the first to the last.
PAUSA_INICIAL = 1.0
PAUSA_MAXIMA = 30.0


def _cerrar_conexion() -> None:
    """Drop this thread's database connection; the next query opens a new one."""
    with contextlib.suppress(Error):  # a broken connection is dropped anyway
        connection.close()


class WorkerVigilado(base.Worker):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._alto = threading.Event()

    def run(self) -> None:
        latido = None
        if self.batch:
            self._latir()  # a batch run is short: one beat and one sweep before it starts
        else:
            latido = threading.Thread(target=self._latir_siempre, name="latido", daemon=True)
            latido.start()
        try:
            self._correr()
        finally:
            self._alto.set()
            if latido is not None:
                latido.join(timeout=5)

    def _correr(self) -> None:
        pausa, caida = PAUSA_INICIAL, None
        while True:
            try:
                if caida is not None:
                    # What this worker was running when the database went is "running" forever
                    # unless it goes back to the queue (it counts as an attempt).
                    worker.recuperar_huerfanas(propias_de=self.worker_id)
                    logger.warning(
                        "La base de datos volvió tras %.0f s; el worker sigue",
                        time.monotonic() - caida,
                    )
                    pausa, caida = PAUSA_INICIAL, None
                super().run()
                return
            except (OperationalError, InterfaceError) as exc:
                if caida is None:
                    caida = time.monotonic()
                    logger.error("El worker perdió la base de datos (%s); reintenta", exc)
                else:
                    logger.warning("La base de datos sigue sin responder (%s)", exc)
                _cerrar_conexion()
                self.startup_delay = False
                time.sleep(pausa)
                pausa = min(pausa * 2, PAUSA_MAXIMA)

    def _latir(self) -> bool:
        try:
            worker.latir(self.worker_id)
            worker.recuperar_huerfanas()
        except Error as exc:
            logger.warning("El worker no pudo registrar su latido (%s)", exc)
            _cerrar_conexion()
            return False
        return True

    def _latir_siempre(self) -> None:
        """The heartbeat thread: beats while the worker renders, on its own connection."""
        try:
            while not self._alto.is_set():
                try:
                    self._latir()
                except Exception:
                    # Keep beating: a thread that died would get this worker's jobs taken away.
                    logger.exception("Falló el latido del worker")
                self._alto.wait(settings.AVGM_WORKER_LATIDO_SEGUNDOS)
        finally:
            _cerrar_conexion()

    def run_task(self, db_task_result) -> None:
        if self.batch:
            self._latir()
        super().run_task(db_task_result)


class Command(base.Command):
    help = (
        "Corre las tareas de la cola (PDF y Excel de los borradores, publicaciones, correo). "
        "Cada AVGM_WORKER_LATIDO_SEGUNDOS registra que sigue vivo (/salud/ lo reporta) y "
        "devuelve a la cola las tareas de un worker que dejó de latir; si la base de datos se "
        "cae, espera y reintenta en vez de terminar. --batch corre lo pendiente y termina."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        excluidas = exclude_queues.split(",") if exclude_queues else []
        colas = queue_name.split(",")
        if excluidas and "*" not in colas:
            raise base.CommandError("--exclude-queues can only be used with --queue-name=*")
        vigilado = WorkerVigilado(
            queue_names=colas,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluidas,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                vigilado.configure_signals()  # only the child that runs the worker
            run_with_reloader(vigilado.run)
        else:
            vigilado.configure_signals()
            vigilado.run()
