"""The analistas' review: the queue, return, approve, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm.plataforma import roles
from fichas import workflow
from fichas.access import fichas_visibles, get_ficha_for_user
from fichas.filters import FiltroFichas
from fichas.forms import (
    AprobarForm,
    DevolverForm,
    ObservacionesFormSet,
    ReabrirForm,
    observaciones_con_una_mas,
)
from fichas.models import FichaTecnica
from fichas.views.pagina import pagina_desfasada, pagina_ficha, vecinos_en_cola


@roles.requiere(roles.LEER_TODO)
def cola(request: HttpRequest) -> HttpResponse:
    """Fichas by filter (default: enviadas, oldest submission first), with counts by estado."""
    datos = request.GET.copy()
    if "estado" not in datos:
        datos["estado"] = FichaTecnica.Estado.ENVIADA
    visibles = fichas_visibles(request.user)
    filtro = FiltroFichas(
        datos,
        visibles.select_related("meta__dependencia", "meta__tipo_accion", "periodo__ejercicio"),
        usuario=request.user,
    )
    # Counts by estado under the other filters, so each estado tab says how many it holds
    # (the same cleaned filters, not a second form validated again).
    conteos = dict(
        filtro.filtrar(visibles, sin=("estado",))
        .order_by()
        .values_list("estado")
        .annotate(n=Count("pk"))
    )
    fichas = filtro.qs.order_by("enviada_en", "pk")
    pagina = Paginator(fichas, 50).get_page(request.GET.get("pagina"))
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    por_estado = consulta.copy()
    por_estado.pop("estado", None)
    return render(
        request,
        "fichas/cola.html",
        {
            "filtro": filtro.form,
            "pagina": pagina,
            "conteos": [(v, e, conteos.get(v, 0)) for v, e in FichaTecnica.Estado.choices],
            "consulta": consulta.urlencode(),
            "consulta_sin_estado": por_estado.urlencode(),
        },
    )


def _despues_de_revisar(request: HttpRequest, ficha: FichaTecnica) -> HttpResponse:
    _, siguiente = vecinos_en_cola(request.user, ficha)
    if siguiente:
        return redirect("fichas:ficha", pk=siguiente)
    return redirect("fichas:cola")


def _con_errores(request: HttpRequest, ficha: FichaTecnica, mensaje: str, **formas) -> HttpResponse:
    """400: the review page again with the errors and everything typed."""
    messages.error(request, mensaje)
    return pagina_ficha(request, ficha, False, status=400, **formas)


@require_POST
def ficha_devolver(request: HttpRequest, pk: int) -> HttpResponse:
    """Return with observaciones; «Agregar otra observación» re-renders with one more form."""
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = DevolverForm(request.POST)
    if request.POST.get("accion") == "agregar_observacion":
        return pagina_ficha(
            request,
            ficha,
            False,
            devolver_form=form,
            observaciones_formset=observaciones_con_una_mas(request.POST),
        )
    formset = ObservacionesFormSet(request.POST, prefix="obs")
    if not (form.is_valid() and formset.is_valid()):
        errores = [str(e) for e in formset.non_form_errors()] or (
            ["Corrija lo marcado en las observaciones."] if any(formset.errors) else []
        )
        return _con_errores(
            request,
            ficha,
            "No se devolvió la ficha. " + (" ".join(errores) or "Solicitud incompleta."),
            devolver_form=form,
            observaciones_formset=formset,
        )
    try:
        workflow.ficha_devolver(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            observaciones=formset.observaciones,
            comentario=form.cleaned_data["comentario"],
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} devuelta con observaciones al enlace.")
    return _despues_de_revisar(request, ficha)


@require_POST
def ficha_aprobar(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = AprobarForm(request.POST)
    if not form.is_valid():
        return _con_errores(
            request, ficha, "Solicitud incompleta; recargue la ficha.", aprobar_form=form
        )
    try:
        workflow.ficha_aprobar(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            comentario=form.cleaned_data["comentario"],
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} aprobada.")
    return _despues_de_revisar(request, ficha)


@require_POST
def ficha_reabrir(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = ReabrirForm(request.POST)
    if not form.is_valid():
        return _con_errores(
            request, ficha, "Indique el motivo de la reapertura.", reabrir_form=form
        )
    try:
        workflow.ficha_reabrir(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            motivo=form.cleaned_data["motivo"],
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} reabierta: el enlace puede corregirla.")
    return redirect("fichas:ficha", pk=ficha.pk)
