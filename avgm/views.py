"""The portal's home: sends each person to the page of their role.

Part of the composition root (with urls.py and settings.py): it dispatches to pages of several
apps, so it lives above them and may import and link to any of them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from avgm import roles
from fichas.views.inicio import inicio_analista, inicio_enlace


def inicio(request: HttpRequest) -> HttpResponse:
    """Analistas get their review queue, enlaces their metas, directivos the corte overview.

    Anyone else (an Administrador, who reads no seguimiento data, or an account without a
    role yet) gets a short welcome page that offers what they may do.
    """
    user = request.user
    if roles.puede(user, roles.REVISAR):
        return inicio_analista(request)
    if roles.es_enlace(user):
        return inicio_enlace(request)
    if roles.puede(user, roles.LEER_TODO):
        return redirect("informes:tablero")
    return render(request, "avgm/inicio.html")
