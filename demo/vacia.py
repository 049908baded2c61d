"""A bare Django view for load tests (`make carga`, `manage.py bench`): the same middleware,
session and auth as every page, and no query or template of its own. Routed only in the
load-test configuration (settings.AVGM_CARGA), never on a real server."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required  # anonymous users too (the public run): never a redirect to the login page
def vacia(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
