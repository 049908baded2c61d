"""Session limits and security headers on every response."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse

# Session keys: when the session was first used after login, and when it was last used.
INICIO = "_avgm_sesion_inicio"
ACTIVIDAD = "_avgm_sesion_actividad"
# Refresh the last-activity mark at most once a minute, not a session write per request.
RESOLUCION_ACTIVIDAD = 60

PERMISSIONS_POLICY = ", ".join(
    f"{funcion}=()"
    for funcion in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)


class SesionAcotada:
    """End a session after `AVGM_SESION_INACTIVIDAD_MINUTOS` idle or `AVGM_SESION_MAXIMA_HORAS`.

    On expiry the user is logged out and sent to the login page with a Spanish message and
    a `next` back to where they were.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ahora = time.time()
            sesion = request.session
            inicio = sesion.setdefault(INICIO, ahora)
            actividad = sesion.get(ACTIVIDAD, ahora)
            motivo = None
            if ahora - inicio > settings.AVGM_SESION_MAXIMA_HORAS * 3600:
                motivo = (
                    f"Su sesión terminó porque lleva más de {settings.AVGM_SESION_MAXIMA_HORAS}"
                    " horas abierta. Inicie sesión de nuevo."
                )
            elif ahora - actividad > settings.AVGM_SESION_INACTIVIDAD_MINUTOS * 60:
                motivo = (
                    "Su sesión terminó tras "
                    f"{settings.AVGM_SESION_INACTIVIDAD_MINUTOS} minutos sin actividad."
                    " Inicie sesión de nuevo."
                )
            if motivo:
                logout(request)
                messages.info(request, motivo)
                destino = reverse(settings.LOGIN_URL)
                if request.method == "GET":
                    destino += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(destino)
            if ACTIVIDAD not in sesion or ahora - actividad >= RESOLUCION_ACTIVIDAD:
                sesion[ACTIVIDAD] = ahora
        return self.get_response(request)


class EncabezadosSeguridad:
    """Permissions-Policy on every response; nothing an authenticated user sees is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        respuesta.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        usuario = getattr(request, "user", None)
        if usuario is not None and usuario.is_authenticated:
            respuesta["Cache-Control"] = "no-store"
        return respuesta
