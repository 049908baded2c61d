"""What a person typed when their session ended under them: kept for them, offered back.

A save that arrives after the session ended (idle too long, the absolute limit, a logout in
another tab) or with a stale CSRF token (a login in another tab rotates it) would throw the
typing away. Instead the POST's fields (never its files, never the CSRF token) are kept for
`DURACION` in the shared cache, under the person's id and the page the form was on. When
that person next opens that page, it says «Recuperamos lo que escribió…», fills the form
again and shows the text to copy (`templates/avgm/_rescate.html`, `static/js/edicion.js`).

Who typed it: the session's user while it is still known; once the session is gone, the
signed cookie `COOKIE` set while they were signed in (a POST with neither is not kept, and
text is only ever offered to the id it was kept under). Only same-origin POSTs are kept:
session cookies are SameSite, so another site's POST arrives anonymous and unsigned, and the
Origin check is a second lock, so no other site can plant text in someone's form. None of
it is ever logged.
"""

from __future__ import annotations

import hashlib
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# The database cache culls the lowest keys first when full: «~» sorts after every other key.
_CLAVE = "~rescate:{}"
# How long typing is kept for its author (seconds).
DURACION = 24 * 3600
# Pages with text waiting, in the session of the person who signs in.
SESION = "_avgm_rescate"
# Who was signed in on this browser (a signed user id), for a POST whose session is gone.
COOKIE = "avgm_quien"
_SAL = "avgm.rescate.quien"
# Fields that are no one's typing.
_NO_SE_GUARDAN = {"csrfmiddlewaretoken", "autoguardado"}


def mismo_origen(request: HttpRequest) -> bool:
    """Whether the POST comes from the portal's own pages (Origin, else Referer, when sent)."""
    propio = f"{request.scheme}://{request.get_host()}"
    confiables = {propio, *settings.CSRF_TRUSTED_ORIGINS}
    origen = request.META.get("HTTP_ORIGIN")
    if origen:
        return origen in confiables
    referer = request.META.get("HTTP_REFERER")
    if referer:
        partes = urlsplit(referer)
        return f"{partes.scheme}://{partes.netloc}" in confiables
    return True


def pagina_de(request: HttpRequest) -> str:
    """The page the form was on: the Referer's path when it is a page of the portal, else the
    path posted to (a form posts to an action such as «…/enviar/», shown on another page)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and mismo_origen(request):
        ruta = urlsplit(referer).path
        try:
            resolve(ruta)
        except Resolver404:
            pass
        else:
            return ruta
    return request.path


def _se_ofrece(ruta: str) -> bool:
    """Pages in the portal's layout offer kept typing back; the admin and accounts do not."""
    try:
        coincidencia = resolve(ruta)
    except Resolver404:
        return False
    return coincidencia.namespace != "admin" and not ruta.startswith("/cuentas/")


def _clave(usuario_id: int) -> str:
    return _CLAVE.format(usuario_id)


def _llave_ruta(ruta: str) -> str:
    return hashlib.sha256(ruta.encode()).hexdigest()[:24]


def guardar(request: HttpRequest, usuario_id: int) -> str | None:
    """Keep the POST's typed fields for `usuario_id` under the page it came from; the page,
    or None when there is nothing to keep or it did not come from the portal's own pages."""
    if request.method != "POST" or not mismo_origen(request):
        return None
    try:
        datos = {
            nombre: valores
            for nombre, valores in request.POST.lists()
            if nombre not in _NO_SE_GUARDAN
            and "password" not in nombre
            and any(v.strip() for v in valores)
        }
    except Exception:  # noqa: BLE001 - an unreadable body has nothing to keep
        return None
    ruta = pagina_de(request)
    if not datos or not _se_ofrece(ruta):
        return None
    guardado = cache.get(_clave(usuario_id)) or {}
    ahora = time.time()
    guardado = {k: v for k, v in guardado.items() if ahora - v["en"] < DURACION}
    guardado[_llave_ruta(ruta)] = {
        "ruta": ruta,
        "datos": datos,
        "archivos": sorted({f.name for f in request.FILES.values()}),
        "en": ahora,
    }
    cache.set(_clave(usuario_id), guardado, DURACION)
    usuario = getattr(request, "user", None)
    if usuario is not None and usuario.is_authenticated and usuario.pk == usuario_id:
        # Signed in still (a refused token): the page offers it when opened again.
        _anotar(request, guardado)
    return ruta


def _anotar(request: HttpRequest, guardado: dict) -> None:
    """Note in the session which pages have text waiting (no cache read on other pages)."""
    request.session[SESION] = sorted(v["ruta"] for v in guardado.values())


def al_entrar(sender, request, user, **kwargs) -> None:
    """On login: the pages where this person's kept typing waits (signal receiver)."""
    guardado = cache.get(_clave(user.pk))
    if guardado:
        ahora = time.time()
        _anotar(request, {k: v for k, v in guardado.items() if ahora - v["en"] < DURACION})


def recuperar(request: HttpRequest) -> dict | None:
    """The typing kept for the signed-in person on this page, taken out of the store (it is
    offered once: the page fills the form with it), or None."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated or request.method != "GET":
        return None  # a POST's answer (an error page at the same path) leaves it waiting
    sesion = getattr(request, "session", None)  # none on a request built by hand
    if sesion is None or request.path not in sesion.get(SESION, ()):
        return None
    guardado = cache.get(_clave(usuario.pk)) or {}
    entrada = guardado.pop(_llave_ruta(request.path), None)
    if guardado:
        cache.set(_clave(usuario.pk), guardado, DURACION)
    else:
        cache.delete(_clave(usuario.pk))
    _anotar(request, guardado)
    if entrada is None or time.time() - entrada["en"] >= DURACION:
        return None
    return entrada


# --- Who was signed in on this browser ---


def quien(request: HttpRequest, *, max_age: int = DURACION) -> int | None:
    """The user id this browser was last signed in as, from the signed cookie."""
    try:
        valor = request.get_signed_cookie(COOKIE, salt=_SAL, max_age=max_age)
        return int(valor)
    except (KeyError, ValueError, signing.BadSignature):
        return None


def recordar_quien(request: HttpRequest, respuesta: HttpResponse) -> None:
    """Set the signed cookie for the signed-in person when it does not say them already (or
    was signed more than an hour ago: it must outlive the session by a day)."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return
    if quien(request, max_age=3600) == usuario.pk:
        return
    respuesta.set_signed_cookie(
        COOKIE,
        str(usuario.pk),
        salt=_SAL,
        max_age=DURACION,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Technical fields of the portal's forms: never anyone's text to give back.
_TECNICOS = {"version", "accion", "con_ficha", "con_campos", "next"}
# A choice's stored key («sin_valoracion»): the form shows its label, not this.
_CLAVE_DE_OPCION = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def textos(datos: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(field, text) of what was typed, to show it to copy where a form cannot take it back."""
    return [
        (nombre.replace("_", " ").replace("-", " ").capitalize(), valor)
        for nombre, valores in datos.items()
        if nombre not in _TECNICOS | _NO_SE_GUARDAN and not nombre.endswith("_FORMS")
        for valor in valores
        if valor.strip() and valor != "on" and not _CLAVE_DE_OPCION.match(valor)
    ]
