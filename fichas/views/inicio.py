"""The fichas pages that are a role's home: the enlace's metas and the analista's queue.

`avgm.views.inicio` (the project's home URL) dispatches to them by capability.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from avgm.models import Periodo, periodo_actual
from avgm.plataforma import avisos_inicio, revision
from dependencias.access import periodos_visibles
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


def _a_la_vista(conteos: list[selectors.ConteoPeriodo], periodo: Periodo) -> list:
    """How each periodo of the shown one's ejercicio stands, and any other still owing work
    (an older year's leftovers stay in sight; its finished trimestres do not)."""
    return [c for c in conteos if c.periodo.ejercicio_id == periodo.ejercicio_id or c.pendientes]


METAS_POR_PAGINA = 50
COLA_EN_INICIO = 15


def inicio_enlace(request: HttpRequest) -> HttpResponse:
    """The enlace's metas of one periodo (the current one unless chosen), most urgent first,
    50 a page (an import of any size keeps the page as fast as one page of it); how each
    periodo stands, to go where work is still owed; what other parts of the portal ask of
    the enlace (avgm.plataforma.avisos_inicio: the planning round registers there)."""
    periodos = selectors.periodos_con_metas(request.user)
    actual = periodo_actual(periodos)
    periodo = _elegir_periodo(request, periodos, actual)
    pagina, metas, pendientes, conteos = None, [], 0, []
    if periodo:
        conteos = selectors.conteos_por_periodo(request.user, periodos)
        # The shown periodo's row counts the very metas listed below: the page count and the
        # «pendientes» badge come from it, not from a count of their own.
        del_periodo = next(c for c in conteos if c.periodo == periodo)
        pendientes = del_periodo.pendientes
        paginador = Paginator(selectors.metas_del_periodo(request.user, periodo), METAS_POR_PAGINA)
        paginador.count = del_periodo.total
        pagina = paginador.get_page(request.GET.get("pagina"))
        metas = selectors.con_ficha(pagina.object_list, periodo)
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
            "conteos": _a_la_vista(conteos, periodo) if periodo else [],
            "avisos": avisos_inicio.para(request.user),
        },
    )


def inicio_analista(request: HttpRequest) -> HttpResponse:
    periodos = list(
        periodos_visibles(request.user)
        .select_related("ejercicio")
        .order_by("ejercicio__anio", "numero")
    )
    visibles = fichas_visibles(request.user)
    periodo = _elegir_periodo(
        request, periodos, periodos_visibles(request.user).en_curso(visibles.reportadas())
    )
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
            "filas_respuesta": _filas_respuesta(periodo),
        },
    )


_MARCA = 987654321


class _AlImprimir:
    """HTML produced when the page prints it (its template renders after the page's own)."""

    def __init__(self, producir) -> None:
        self._producir = producir

    def __html__(self) -> str:
        return self._producir()

    __str__ = __html__


def _filas_respuesta(periodo: Periodo | None) -> _AlImprimir:
    return _AlImprimir(lambda: _tabla_respuesta(periodo))


def _tabla_respuesta(periodo: Periodo | None):
    """The rows of «Respuesta por dependencia»: the same for every analista, rendered once per
    revision of the periodo's ejercicio (an unchanged table costs the same with 30 or 500
    dependencias), each row's links from URLs reversed once."""

    def producir() -> str:
        antes, despues = reverse("fichas:enlaces", args=[_MARCA]).split(str(_MARCA))
        return render_to_string(
            "fichas/_respuesta_dependencias.html",
            {
                "respuesta": selectors.respuesta_por_dependencia(periodo) if periodo else [],
                "periodo": periodo,
                "cola_url": reverse("fichas:cola"),
                "enlaces_antes": antes,
                "enlaces_despues": despues,
            },
        )

    if periodo is None:
        return mark_safe(producir())  # noqa: S308 - rendered by a template that escapes
    html = revision.memorizar(
        f"fichas:tabla-respuesta:{periodo.pk}", producir, ejercicios=[periodo.ejercicio_id]
    )
    return mark_safe(html)  # noqa: S308 - rendered by a template that escapes every value
