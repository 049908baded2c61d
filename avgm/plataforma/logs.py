"""Logs for the operators: one JSON object per line on stdout, each tied to its request.

`PeticionMiddleware` gives every request an id (the proxy's X-Request-ID when it is a sane
token, otherwise a new one), echoes it in the response, and writes one line per request with
the path, status, duration and the user's numeric id — never a name, e-mail or form data.
`JsonFormatter` adds the current request's id and user id to every record logged meanwhile.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from email.utils import getaddresses
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings.py imports this module: keep it free of Django imports
    from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("avgm.peticiones")

_peticion: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "avgm_peticion", default=None
)
_ID_VALIDO = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Standard LogRecord attributes: everything else passed in `extra` goes into the JSON line.
_ESTANDAR = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def administradores(valor: str) -> list[tuple[str, str]]:
    """ADMINS from "Nombre <correo>,Otra <correo2>" (a bare address is its own name)."""
    return [(nombre or correo, correo) for nombre, correo in getaddresses([valor]) if correo]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        linea = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if contexto := _peticion.get():
            linea["request_id"] = contexto["request_id"]
            if contexto.get("user_id") is not None:
                linea["user_id"] = contexto["user_id"]
        for clave, valor in vars(record).items():
            if clave not in _ESTANDAR and not clave.startswith("_") and clave != "request":
                linea[clave] = valor
        if record.exc_info:
            linea["exception"] = self.formatException(record.exc_info)
        return json.dumps(linea, ensure_ascii=False, default=str)


def id_de_peticion() -> str | None:
    """The id of the request being served in this thread, if any."""
    contexto = _peticion.get()
    return contexto["request_id"] if contexto else None


def _id_de_usuario(request: HttpRequest) -> int | None:
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return None
    return usuario.pk


class PeticionMiddleware:
    """Request id in, request id out, and one log line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        recibido = request.headers.get("X-Request-ID", "")
        request_id = recibido if _ID_VALIDO.match(recibido) else uuid.uuid4().hex
        request.request_id = request_id
        contexto = {"request_id": request_id, "user_id": None}
        ficha = _peticion.set(contexto)
        inicio = time.monotonic()
        try:
            response = self.get_response(request)
            contexto["user_id"] = _id_de_usuario(request)
            response["X-Request-ID"] = request_id
            nivel = logging.WARNING if response.status_code >= 500 else logging.INFO
            logger.log(
                nivel,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - inicio) * 1000, 1),
                },
            )
            return response
        finally:
            _peticion.reset(ficha)
