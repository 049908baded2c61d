"""Error e-mails to ADMINS that tell the operator where to look, and nothing else.

Django's AdminEmailHandler mails the whole request (POST and GET values, cookies, settings),
and a ficha's text can hold personal data; it also mails every repeat of the same failure,
so one broken page or a failing health probe floods the inbox. This handler mails only the
exception's type, the method and path, the request id and the time: the traceback is in the
JSON log (`journalctl -u avgm`), found by that request id. The same error (type, logger,
path) is mailed at most once per interval, and at most MAXIMO_POR_INTERVALO mails of any
kind per interval, counted in the shared cache so every server process agrees. Failures of
/salud/ are only logged: the monitoring that polls it is the one that alerts.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading
import time

RUTAS_SIN_CORREO = ("/salud/",)
MAXIMO_POR_INTERVALO = 20
_PREFIJO = "avgm-aviso-error"


class AvisoErrorHandler(logging.Handler):
    """Mail ADMINS a short, data-free notice of an error, rate-limited per error and overall."""

    def __init__(self, minutos: float = 10, level: int = logging.ERROR):
        super().__init__(level=level)
        self.intervalo = max(1, int(minutos * 60))
        # When the shared cache is unreachable (the database is down), count in this process.
        self._local: dict[str, float] = {}
        self._candado = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            request = getattr(record, "request", None)
            ruta = getattr(request, "path", None)
            if ruta and ruta.startswith(RUTAS_SIN_CORREO):
                return
            tipo = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else None
            if not self._toca_enviar(f"{tipo}|{record.name}|{ruta}"):
                return
            from django.core.mail import mail_admins

            asunto, cuerpo = self._aviso(record, request, tipo, ruta)
            mail_admins(asunto, cuerpo, fail_silently=True)
        except Exception:  # noqa: BLE001 - a failing notice must never break the request
            self.handleError(record)

    def _aviso(self, record, request, tipo: str | None, ruta: str | None) -> tuple[str, str]:
        from avgm.plataforma.logs import id_de_peticion

        request_id = getattr(request, "request_id", None) or id_de_peticion() or "—"
        hora = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        donde = f"{getattr(request, 'method', '')} {ruta}".strip() if ruta else record.name
        asunto = f"{tipo or record.levelname} en {donde}"
        cuerpo = "\n".join(
            [
                "El portal registró un error.",
                "",
                f"Tipo: {tipo or '(sin excepción)'}",
                f"Ruta: {donde}",
                f"Registro: {record.name} ({record.levelname})",
                f"Hora (UTC): {hora:%Y-%m-%d %H:%M:%S}",
                f"Id de la petición: {request_id}",
                "",
                "El detalle está en el registro del servidor (journalctl -u avgm), con ese id.",
                f"El mismo error no se vuelve a enviar por {self.intervalo // 60} minutos.",
            ]
        )
        return asunto, cuerpo

    def _toca_enviar(self, clave: str) -> bool:
        """True the first time this error is seen in the interval, within the overall cap."""
        resumen = hashlib.sha256(clave.encode()).hexdigest()[:32]
        ventana = int(time.time() // self.intervalo)
        try:
            from django.core.cache import cache

            if not cache.add(f"{_PREFIJO}:{resumen}", 1, timeout=self.intervalo):
                return False
            total = f"{_PREFIJO}:total:{ventana}"
            cache.add(total, 0, timeout=self.intervalo)
            return cache.incr(total) <= MAXIMO_POR_INTERVALO
        except Exception:  # noqa: BLE001 - the cache lives in the database, which may be the fault
            return self._toca_enviar_local(resumen, ventana)

    def _toca_enviar_local(self, resumen: str, ventana: int) -> bool:
        ahora = time.monotonic()
        with self._candado:
            self._local = {k: t for k, t in self._local.items() if ahora - t < self.intervalo}
            if resumen in self._local or len(self._local) >= MAXIMO_POR_INTERVALO:
                return False
            self._local[resumen] = ahora
            return True
