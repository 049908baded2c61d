"""A bare Django view for load tests (`make carga`): the same middleware, session and auth as
every page, and no query or template of its own. Routed only when settings.AVGM_VISTA_VACIA
is on, never in normal production."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required  # anonymous users too (the public run): never a redirect to the login page
def vacia(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
