"""The session seen from a page: keep it alive while the person types; a refused save's text.

- `sesion_seguir`: the page's script posts here while the person types (at most once a
  minute) and when they press «Seguir trabajando»; it counts as activity, never past the
  absolute limit (`SesionAcotada` ends the session then, before this view runs).
- `csrf_fallo` (CSRF_FAILURE_VIEW): a save refused for its CSRF token (a login in another tab
  renews the token) keeps the typing for the signed-in person and says so in Spanish.
"""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from avgm.plataforma import rescate
from avgm.plataforma.middleware import ACTIVIDAD, quiere_json, restante


@login_not_required
@require_POST
def sesion_seguir(request: HttpRequest) -> HttpResponse:
    """Mark activity now; answer the seconds left (idle and absolute). 401 when signed out."""
    if not request.user.is_authenticated:
        return JsonResponse({"sesion": "terminada"}, status=401)
    request.session[ACTIVIDAD] = time.time()
    return JsonResponse(restante(request.session))


@login_not_required
def csrf_fallo(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 in Spanish; what was posted is kept for the person and offered back on its page."""
    usuario = getattr(request, "user", None)
    if usuario is not None and usuario.is_authenticated:
        usuario_id = usuario.pk
    else:
        usuario_id = rescate.quien(request)
    guardado = rescate.guardar(request, usuario_id) if usuario_id is not None else None
    if quiere_json(request):
        return JsonResponse({"sesion": "renovada", "guardado": bool(guardado)}, status=403)
    escrito = []
    if guardado is None and request.method == "POST" and rescate.mismo_origen(request):
        # Nobody to keep it for: this browser posted it, so it shows it back to copy.
        escrito = rescate.textos(dict(request.POST.lists()))
    return render(
        request,
        "403_csrf.html",
        {
            "pagina": guardado,
            "firmado": usuario is not None and usuario.is_authenticated,
            "escrito": escrito,
        },
        status=403,
    )
