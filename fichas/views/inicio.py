"""The fichas pages that are a role's home: the enlace's metas and the analista's queue.

`avgm.views.inicio` (the project's home URL) dispatches to them by capability.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from avgm.models import Periodo
from avgm.plataforma import avisos_inicio
from fichas import selectors
from fichas.access import fichas_visibles
from fichas.forms import PeriodoForm
from fichas.models import FichaTecnica


def _elegir_periodo(request: HttpRequest, periodos: list[Periodo], defecto: Periodo | None):
    pedido = request.GET.get("periodo", "")
    for p in periodos:
        if str(p.pk) == pedido:
            return p
    return defecto


def _conteos_a_la_vista(user, periodos: list[Periodo], periodo: Periodo | None) -> list:
    """How each periodo of the shown one's ejercicio stands, and any other still owing work
    (an older year's leftovers stay in sight; its finished trimestres do not)."""
    if periodo is None:
        return []
    return [
        c
        for c in selectors.conteos_por_periodo(user, periodos)
        if c.periodo.ejercicio_id == periodo.ejercicio_id or c.pendientes
    ]


METAS_POR_PAGINA = 50
COLA_EN_INICIO = 15


def inicio_enlace(request: HttpRequest) -> HttpResponse:
    """The enlace's metas of one periodo (the current one unless chosen), most urgent first,
    50 a page (an import of any size keeps the page as fast as one page of it); how each
    periodo stands, to go where work is still owed; what other parts of the portal ask of
    the enlace (avgm.plataforma.avisos_inicio: the planning round registers there)."""
    periodos = selectors.periodos_con_metas(request.user)
    actual = Periodo.objects.filter(pk__in=[p.pk for p in periodos]).actual()
    periodo = _elegir_periodo(request, periodos, actual)
    pagina, metas, pendientes = None, [], 0
    if periodo:
        todas = selectors.metas_del_periodo(request.user, periodo)
        total, pendientes = selectors.conteos_del_periodo(todas)
        paginador = Paginator(todas, METAS_POR_PAGINA)
        paginador.count = total  # counted above with the badge: one query for both
        pagina = paginador.get_page(request.GET.get("pagina"))
        metas = selectors.con_ficha(pagina.object_list)
    return render(
        request,
        "fichas/inicio_enlace.html",
        {
            "periodos": periodos,
            "periodo": periodo,
            "periodo_form": PeriodoForm(periodos=periodos, elegido=periodo),
            "metas": metas,
            "pagina": pagina,
            "pendientes": pendientes,
            "actual": actual,
            "conteos": _conteos_a_la_vista(request.user, periodos, periodo),
            "avisos": avisos_inicio.para(request.user),
        },
    )


def inicio_analista(request: HttpRequest) -> HttpResponse:
    periodos = list(
        Periodo.objects.select_related("ejercicio").order_by("ejercicio__anio", "numero")
    )
    visibles = fichas_visibles(request.user)
    periodo = _elegir_periodo(request, periodos, Periodo.objects.en_curso(visibles.reportadas()))
    cola = list(visibles.pendientes_de_revision()[:COLA_EN_INICIO])
    total_cola = visibles.filter(estado=FichaTecnica.Estado.ENVIADA).count()
    return render(
        request,
        "fichas/inicio_analista.html",
        {
            "periodo": periodo,
            "periodo_form": PeriodoForm(periodos=periodos, elegido=periodo),
            "cola": cola,
            "total_cola": total_cola,
            "respuesta": selectors.respuesta_por_dependencia(periodo) if periodo else [],
        },
    )
