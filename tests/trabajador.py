"""Run the task worker inside a test: what `manage.py db_worker --batch` does."""

import signal

from django.core.management import call_command
from django_tasks import task


def trabajador(**opciones) -> None:
    """Run everything queued (and ready), then return; the test's signal handlers survive."""
    anteriores = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0, **opciones)
    finally:
        for senal, manejador in anteriores.items():
            signal.signal(senal, manejador)


@task()
def anotar(texto: str) -> str:
    """A job that does nothing but finish: for tests of the queue itself."""
    return texto
