"""A bare Django view for load tests (`make carga`): the same middleware, session and auth as
every page, and no query or template of its own. Routed only when settings.AVGM_VISTA_VACIA
is on, never in normal production."""

from django.http import HttpRequest, HttpResponse


def vacia(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
