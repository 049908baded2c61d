"""The fichas pages that are a role's home: the enlace's metas and the analista's queue.

`avgm.views.inicio` (the project's home URL) dispatches to them by capability.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from avgm.models import Periodo
from fichas import selectors
from fichas.access import fichas_visibles
from fichas.filters import FiltroFichasForm
from fichas.models import FichaTecnica


def _elegir_periodo(request: HttpRequest, periodos: list[Periodo], defecto: Periodo | None):
    pedido = request.GET.get("periodo", "")
    for p in periodos:
        if str(p.pk) == pedido:
            return p
    return defecto


def inicio_enlace(request: HttpRequest) -> HttpResponse:
    periodos = selectors.periodos_con_metas(request.user)
    periodo = _elegir_periodo(request, periodos, selectors.periodo_actual(request.user, periodos))
    metas = selectors.metas_del_periodo(request.user, periodo) if periodo else []
    return render(
        request,
        "fichas/inicio_enlace.html",
        {
            "periodos": periodos,
            "periodo": periodo,
            "metas": metas,
            "pendientes": sum(1 for m in metas if m.prioridad <= 2),
        },
    )


def inicio_analista(request: HttpRequest) -> HttpResponse:
    periodos = list(
        Periodo.objects.select_related("ejercicio").order_by("ejercicio__anio", "numero")
    )
    visibles = fichas_visibles(request.user)
    periodo = _elegir_periodo(request, periodos, selectors.periodo_en_curso(visibles))
    cola = list(visibles.pendientes_de_revision()[:15])
    total_cola = visibles.filter(estado=FichaTecnica.Estado.ENVIADA).count()
    return render(
        request,
        "fichas/inicio_analista.html",
        {
            "periodos": periodos,
            "periodo": periodo,
            "cola": cola,
            "total_cola": total_cola,
            "respuesta": selectors.respuesta_por_dependencia(periodo) if periodo else [],
            "filtro": FiltroFichasForm(),
        },
    )
