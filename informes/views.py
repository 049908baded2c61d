"""Views of the Informe de corte."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from avgm import roles


def tablero(request: HttpRequest) -> HttpResponse:
    """Read-only overview of the current corte for directivos and analistas."""
    if not roles.puede_ver_todo(request.user):
        raise PermissionDenied
    return render(request, "informes/tablero.html")
