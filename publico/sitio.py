"""Whose micrositio a public page belongs to, and how its pages link to each other.

Each municipio has its micrositio under `/publico/m/<clave>/`. A deployment with one municipio
also answers every page without the prefix, as it always did; with several, the bare
`/publico/` lists the municipios and a bare municipio page redirects to the same page of the
FIRST municipio (the lowest pk, the one that existed before the others): a PDF published while
it was the only one printed those bare addresses, and a published file is forever. Its later
PDFs print its prefixed addresses, so no other municipio's reader lands there. A page links within the form of address it was reached by:
the municipio's clave travels in the URL's `municipio` argument, nowhere else.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from avgm.models import Municipio
from avgm.plataforma import municipios as plataforma

ESPACIO = "publico"
PREFIJADO = "publico:m"  # the namespace of the prefixed addresses


def municipio_de(clave: str | None) -> Municipio | None:
    """The municipio of a public address (one query): its clave's, else the deployment's only
    one; None for an unprefixed address when there are several. An unknown clave is 404."""
    municipios = Municipio.objects.select_related("institucion")
    if clave is None:
        return municipios.unico()
    municipio = municipios.filter(clave=clave).first()
    if municipio is None:
        raise Http404("No existe ese municipio.")
    return municipio


def al_primero(request: HttpRequest) -> HttpResponse:
    """A bare municipio page of a deployment of several: a temporary redirect to the same page
    (its arguments and query string kept) of the first municipio. Temporary, because the rule
    that picked it is the deployment's, not the page's."""
    primero = Municipio.objects.order_by("pk").only("clave").first()
    if primero is None:
        raise Http404("No hay municipios.")
    coincidencia = request.resolver_match
    destino = reverse(
        f"{PREFIJADO}:{coincidencia.url_name}",
        kwargs={**coincidencia.kwargs, "municipio": primero.clave},
    )
    consulta = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{destino}?{consulta}" if consulta else destino)


def clave_de(request: HttpRequest) -> str | None:
    """The clave in the address the page was reached by (None when unprefixed)."""
    coincidencia = getattr(request, "resolver_match", None)
    return coincidencia.kwargs.get("municipio") if coincidencia else None


def ruta(clave: str | None, nombre: str, *args, **kwargs) -> str:
    """The address of the public page `nombre` («corte», «datos», …) in the same form of
    address: under `/publico/m/<clave>/` when a clave is given, else unprefixed."""
    if clave is None:
        return reverse(f"{ESPACIO}:{nombre}", args=args or None, kwargs=kwargs or None)
    if args:
        return reverse(f"{PREFIJADO}:{nombre}", args=[clave, *args])
    return reverse(f"{PREFIJADO}:{nombre}", kwargs={"municipio": clave, **kwargs})


def url_absoluta(request: HttpRequest):
    """`url(name, kwargs)` for the catalogs: an absolute address in the page's own form."""
    clave = clave_de(request)

    def url(nombre: str, kwargs: dict) -> str:
        return request.build_absolute_uri(ruta(clave, nombre.split(":")[-1], **kwargs))

    return url


def pagina(
    request: HttpRequest, plantilla: str, contexto: dict | None = None, **kwargs
) -> HttpResponse:
    """Render a page of a municipio's micrositio: its own institution's identity, whether the
    deployment has others (a link back to the list) and whether its data are made up."""
    municipio = getattr(request, "municipio_publico", None)
    # Unprefixed, a municipio means it is the only one; prefixed, ask (on a cache miss only).
    varios = municipio is None if clave_de(request) is None else plataforma.varios()
    comun = {"municipio_publico": municipio, "varios": varios}
    if municipio is not None:
        comun["institucion"] = municipio.institucion
    return render(request, plantilla, {**comun, **(contexto or {})}, **kwargs)
