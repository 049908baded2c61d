"""Session limits and security headers on every response."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse

from avgm.plataforma import municipios, rescate, revision

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


def restante(sesion) -> dict[str, int]:
    """Seconds until the session ends idle (`inactividad`, never past the absolute limit) and
    until its absolute limit (`maximo`), from the marks `SesionAcotada` keeps."""
    ahora = time.time()
    maximo = sesion.get(INICIO, ahora) + settings.AVGM_SESION_MAXIMA_HORAS * 3600 - ahora
    inactividad = sesion.get(ACTIVIDAD, ahora) + settings.AVGM_SESION_INACTIVIDAD_MINUTOS * 60
    return {"inactividad": int(max(0, min(inactividad - ahora, maximo))), "maximo": int(maximo)}


def quiere_json(request: HttpRequest) -> bool:
    """A request of the page's script (keep-alive, automatic save), not a navigation."""
    return request.headers.get("X-Requested-With") == "fetch"


def _pide_sesion(request: HttpRequest) -> bool:
    """Whether the view posted to needs a signed-in user (LoginRequiredMiddleware's rule)."""
    try:
        vista = resolve(request.path_info).func
    except Resolver404:
        return False
    return getattr(vista, "login_required", True)


class SesionAcotada:
    """End a session after `AVGM_SESION_INACTIVIDAD_MINUTOS` idle or `AVGM_SESION_MAXIMA_HORAS`.

    On expiry the user is logged out and sent to the login page with a Spanish message and
    a `next` back to the page they were on. A save that arrives then never loses its typing:
    it is kept for its author (`avgm.plataforma.rescate`) and offered back on that page after
    the next login; so is a save whose session is already gone (a logout in another tab).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            if request.method == "POST" and _pide_sesion(request):
                usuario_id = rescate.quien(request)
                guardado = rescate.guardar(request, usuario_id) if usuario_id else None
                if guardado:
                    return _a_la_entrada(
                        request, "Su sesión ya no estaba abierta. Inicie sesión de nuevo.", guardado
                    )
            return self.get_response(request)
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
            guardado = rescate.guardar(request, request.user.pk)
            logout(request)
            return _a_la_entrada(request, motivo, guardado)
        if ACTIVIDAD not in sesion or ahora - actividad >= RESOLUCION_ACTIVIDAD:
            sesion[ACTIVIDAD] = ahora
        municipios.recordar_eleccion(request)
        respuesta = self.get_response(request)
        rescate.recordar_quien(request, respuesta)
        return respuesta


def _a_la_entrada(request: HttpRequest, motivo: str, guardado: str | None):
    """To the login page, with `next` back to the page (a page's script gets a 401 instead)."""
    destino = reverse(settings.LOGIN_URL)
    pagina = guardado or (request.get_full_path() if request.method == "GET" else None)
    if pagina:
        destino += "?" + urlencode({"next": pagina})
    if guardado:
        motivo += (
            " Lo que escribió quedó guardado: al volver a entrar lo verá de nuevo en la página."
        )
    if quiere_json(request):
        return JsonResponse(
            {"sesion": "terminada", "guardado": bool(guardado), "entrar": destino}, status=401
        )
    messages.info(request, motivo)
    return HttpResponseRedirect(destino)


# Session key: the data-revision scopes this person wrote, and the numbers their writes reached.
ESCRITAS = "_avgm_revisiones_escritas"


def marcas_de(request) -> dict[str, int]:
    """The scope numbers of this person's own committed writes (read-your-writes: a page that
    may show the last figures kept never shows older ones than these)."""
    sesion = getattr(request, "session", None)
    return sesion.get(ESCRITAS, {}) if sesion is not None else {}


class LeerLoEscrito:
    """Remember in the writer's session the revision numbers their writes reached, so the
    report they open next is never older than what they just did."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        revision.olvidar_escritas()
        respuesta = self.get_response(request)
        escritas = revision.escritas()
        if escritas and request.user.is_authenticated:
            marcas = dict(request.session.get(ESCRITAS, {}))
            for ambito, numero in escritas.items():
                marcas[ambito] = max(numero, marcas.get(ambito, 0))
            request.session[ESCRITAS] = marcas
        return respuesta


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
