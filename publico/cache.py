"""Public views are anonymous, conditional (ETag / Last-Modified) and cached server-side.

Every public page depends only on its municipio's published versions (append-only) and its
institution's identity, so one stamp (`consultas.sello`, which names the municipio) keys both
the HTTP validators and the server cache: a spike after a press note costs two small queries
a request, and none on a 304; one municipio's publication never serves another's page.

The server cache holds one entry per page, whatever a visitor adds to the address: the key is
the page's canonical path (its URL pattern reversed with the converted arguments, so «v01» and
«v1» are one page), scheme and host (Django accepts only the hosts in ALLOWED_HOSTS), never
the query string. A cached view gets an empty `request.GET`, so what it answers cannot depend
on parameters the key ignores. Only 200 answers are kept: a made-up address costs its work
but no entry. Without this, `?1`, `?2`, … filled the shared cache table and pushed the
report's figures out of it.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from publico import sitio
from publico.consultas import sello

SEGUNDOS = 600  # server cache; the stamp changes on publishing anyway
MAX_AGE = 60  # browsers and proxies revalidate after a minute


def _sello(request):
    if not hasattr(request, "_sello_publico"):
        request._sello_publico = sello(request.municipio_publico)
    return request._sello_publico


def _etag(request, *args, **kwargs) -> str:
    return _sello(request).etag


def _modificado(request, *args, **kwargs):
    return _sello(request).modificado


def llave_de(request: HttpRequest) -> str:
    """The server cache's key of a public page: the stamp and its canonical address."""
    coincidencia = request.resolver_match
    ruta = reverse(coincidencia.view_name, args=coincidencia.args, kwargs=coincidencia.kwargs)
    return f"publico:{_sello(request).etag}:{request.scheme}://{request.get_host()}{ruta}"


def publica(vista=None, *, en_servidor: bool = True, lista: bool = False):
    """Decorate a public GET view: no login, ETag/Last-Modified with 304s, server cache.

    The view gets its page's municipio first (`sitio.municipio_de`); an address that names
    none in a deployment of several is sent to the same page of the first municipio
    (`sitio.al_primero`: its printed PDFs cite those addresses), unless the view is the
    `lista` of them (which then gets None).
    """

    def decorador(funcion):
        @wraps(funcion)
        def cacheada(request, *args, **kwargs):
            if not en_servidor or request.method != "GET":
                respuesta = funcion(request, *args, **kwargs)
            else:
                llave = llave_de(request)
                guardada = cache.get(llave)
                if guardada is not None:
                    contenido, estado, encabezados = guardada
                    respuesta = HttpResponse(contenido, status=estado)
                    for nombre, valor in encabezados.items():
                        respuesta[nombre] = valor
                else:
                    request.GET = QueryDict()  # the page is a function of its path only
                    respuesta = funcion(request, *args, **kwargs)
                    if respuesta.status_code == 200 and not respuesta.streaming:
                        encabezados = {
                            k: v
                            for k, v in respuesta.items()
                            if k in ("Content-Type", "Content-Disposition")
                        }
                        cache.set(llave, (respuesta.content, 200, encabezados), SEGUNDOS)
            patch_cache_control(respuesta, public=True, max_age=MAX_AGE)
            return respuesta

        condicional = condition(etag_func=_etag, last_modified_func=_modificado)(cacheada)

        @wraps(funcion)
        def de_municipio(request, *args, municipio: str | None = None, **kwargs):
            request.municipio_publico = sitio.municipio_de(municipio)
            if request.municipio_publico is None and not lista:
                return sitio.al_primero(request)
            return condicional(request, request.municipio_publico, *args, **kwargs)

        return login_not_required(de_municipio)

    return decorador(vista) if vista is not None else decorador
