"""Periodos (close/reopen for edits) and who was enlace of a dependencia when."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm.models import Periodo
from avgm.plataforma import roles
from dependencias.access import get_dependencia_for_user, periodos_visibles
from fichas import workflow
from fichas.models import FichaTecnica


@roles.requiere(roles.LEER_TODO)
def periodos(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "fichas/periodos.html",
        {
            "periodos": periodos_visibles(request.user)
            .select_related("ejercicio")
            .order_by("-ejercicio__anio", "numero")
        },
    )


def _periodo(request: HttpRequest, pk: int) -> Periodo:
    """For a reviewer (403 to anyone else, whatever the periodo), one of its municipio's
    periodos (404 otherwise)."""
    roles.exigir(request.user, roles.REVISAR)
    periodo = periodos_visibles(request.user).select_related("ejercicio").filter(pk=pk).first()
    if periodo is None:
        raise Http404("No existe ese periodo.")
    return periodo


def periodo_cerrar(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what closing will do, and the button that does it; POST: close."""
    periodo = _periodo(request, pk)
    if request.method != "POST":
        conteos = dict(
            FichaTecnica.objects.filter(periodo=periodo)
            .order_by()
            .values_list("estado")
            .annotate(n=Count("pk"))
        )
        return render(
            request,
            "fichas/periodo_cerrar.html",
            {
                "periodo": periodo,
                "conteos": [
                    (etiqueta, conteos.get(valor, 0))
                    for valor, etiqueta in FichaTecnica.Estado.choices
                ],
                "sin_enviar": sum(conteos.get(e, 0) for e in workflow.ESTADOS_EDITABLES),
            },
        )
    periodo = workflow.periodo_cerrar(periodo=periodo, usuario=request.user)
    messages.success(request, f"Periodo {periodo} cerrado: sus fichas son de solo lectura.")
    return redirect("fichas:periodos")


@require_POST
def periodo_reabrir(request: HttpRequest, pk: int) -> HttpResponse:
    periodo = workflow.periodo_reabrir(periodo=_periodo(request, pk), usuario=request.user)
    messages.success(request, f"Periodo {periodo} reabierto para captura.")
    return redirect("fichas:periodos")


def dependencia_enlaces(request: HttpRequest, pk: int) -> HttpResponse:
    """A dependencia's enlaces, current and past: who was enlace when."""
    dependencia = get_dependencia_for_user(request.user, pk)
    return render(
        request,
        "fichas/dependencia_enlaces.html",
        {
            "dependencia": dependencia,
            "enlaces": list(
                dependencia.enlaces.select_related("usuario").order_by("-activo", "-desde")
            ),
        },
    )
