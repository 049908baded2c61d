"""Mail goes through the task worker: a request never waits for, nor fails with, the mail server.

`encolar` queues a message already rendered (dependencias.correo renders the three templates
of each notification); the worker sends it with `enviar_correo`. When the server is down or
slow, the message is queued again for later (AVGM_CORREO_REINTENTO_SEGUNDOS, doubling, at most
an hour) up to AVGM_CORREO_INTENTOS attempts. A message that finally fails is logged at ERROR
and counted on /salud/: never dropped in silence.

After one failed send the worker pauses mail for AVGM_CORREO_REINTENTO_SEGUNDOS: the messages
behind it are put off at once instead of each holding the worker for EMAIL_TIMEOUT while
renders and publications wait.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# Mail is small and someone is waiting for it: after publications, before the renders.
PRIORIDAD = 10
ESPERA_MAXIMA = 3600.0  # seconds between two attempts, at most

# Until when (time.monotonic) this worker process puts mail off without trying the server.
_pausa_hasta = 0.0


class CorreoNoEnviado(Exception):
    """The message was given up: the operator sees it in the log and on /salud/."""


def encolar(*, asunto: str, texto: str, html: str, para: list[str], copia: list[str]) -> None:
    """Queue one message for the worker (in tests, the immediate backend sends it now)."""
    enviar_correo.enqueue(
        {"asunto": asunto, "texto": texto, "html": html, "para": para, "copia": copia}
    )


def _espera(intento: int) -> float:
    return min(settings.AVGM_CORREO_REINTENTO_SEGUNDOS * 2 ** (intento - 1), ESPERA_MAXIMA)


def _reintentar(mensaje: dict, intento: int, motivo: BaseException | str) -> str:
    """Queue the message again for later; past the last attempt, give it up loudly."""
    destinatarios = len(mensaje["para"]) + len(mensaje["copia"])
    if intento >= settings.AVGM_CORREO_INTENTOS or not enviar_correo.get_backend().supports_defer:
        logger.error(
            "Correo NO enviado tras %s intento(s): «%s» a %s destinatario(s) (%s)",
            intento,
            mensaje["asunto"],
            destinatarios,
            motivo,
        )
        raise CorreoNoEnviado(f"{intento} intento(s): {motivo}")
    espera = _espera(intento)
    enviar_correo.using(run_after=timezone.now() + datetime.timedelta(seconds=espera)).enqueue(
        mensaje, intento + 1
    )
    logger.warning(
        "El correo «%s» no salió (%s); intento %s de %s en %.0f s",
        mensaje["asunto"],
        motivo,
        intento + 1,
        settings.AVGM_CORREO_INTENTOS,
        espera,
    )
    return "reintento"


@task(priority=PRIORIDAD)
def enviar_correo(mensaje: dict, intento: int = 1) -> str:
    """Send one queued message, or queue it again when the mail server fails."""
    global _pausa_hasta
    if time.monotonic() < _pausa_hasta:
        return _reintentar(mensaje, intento, "el servidor de correo falló hace poco")
    correo = EmailMultiAlternatives(
        mensaje["asunto"], mensaje["texto"], to=mensaje["para"], cc=mensaje["copia"]
    )
    correo.attach_alternative(mensaje["html"], "text/html")
    try:
        correo.send()
    except (OSError, smtplib.SMTPException) as exc:  # refused, timed out, rejected
        _pausa_hasta = time.monotonic() + settings.AVGM_CORREO_REINTENTO_SEGUNDOS
        return _reintentar(mensaje, intento, exc)
    _pausa_hasta = 0.0
    return "enviado"


def salud() -> dict[str, int]:
    """Mail for /salud/: waiting to be sent, waiting for a retry, and given up in 24 hours."""
    correo = DBTaskResult.objects.filter(task_path=enviar_correo.module_path)
    en_cola = correo.filter(status=TaskResultStatus.READY)
    return {
        "en_cola": en_cola.count(),
        "en_reintento": en_cola.exclude(run_after=get_date_max()).count(),
        "fallidos_24h": correo.filter(
            status=TaskResultStatus.FAILED,
            finished_at__gte=timezone.now() - datetime.timedelta(hours=24),
        ).count(),
    }
