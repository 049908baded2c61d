"""The analistas' review: the queue, return, approve, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm import roles
from fichas import workflow
from fichas.access import fichas_visibles, get_ficha_for_user
from fichas.filters import FiltroFichasForm
from fichas.forms import AprobarForm, DevolverForm, ObservacionesFormSet, ReabrirForm
from fichas.models import FichaTecnica


@roles.requiere(roles.LEER_TODO)
def cola(request: HttpRequest) -> HttpResponse:
    """Fichas by filter (default: enviadas, oldest submission first), with counts by estado."""
    datos = request.GET.copy()
    if "estado" not in datos:
        datos["estado"] = FichaTecnica.Estado.ENVIADA
    filtro = FiltroFichasForm(datos)
    visibles = fichas_visibles(request.user)
    base = visibles.select_related("meta__dependencia", "meta__tipo_accion", "periodo__ejercicio")
    # Counts by estado under the other filters, so each estado tab says how many it holds.
    sin_estado = datos.copy()
    sin_estado["estado"] = ""
    conteos = dict(
        FiltroFichasForm(sin_estado)
        .filtrar(visibles)
        .order_by()
        .values_list("estado")
        .annotate(n=Count("pk"))
    )
    fichas = filtro.filtrar(base).order_by("enviada_en", "pk")
    pagina = Paginator(fichas, 50).get_page(request.GET.get("pagina"))
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    por_estado = consulta.copy()
    por_estado.pop("estado", None)
    return render(
        request,
        "fichas/cola.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "conteos": [(v, e, conteos.get(v, 0)) for v, e in FichaTecnica.Estado.choices],
            "consulta": consulta.urlencode(),
            "consulta_sin_estado": por_estado.urlencode(),
        },
    )


def vecinos_en_cola(user, ficha: FichaTecnica) -> tuple[int | None, int | None]:
    """Previous and next fichas in the review queue (oldest submission first); 2 queries.

    A ficha outside the queue (already reviewed) has no previous; its next is the oldest.
    """
    cola = fichas_visibles(user).pendientes_de_revision().values_list("pk", flat=True)
    if ficha.estado != FichaTecnica.Estado.ENVIADA or ficha.enviada_en is None:
        return None, cola.first()
    antes = Q(enviada_en__lt=ficha.enviada_en) | Q(enviada_en=ficha.enviada_en, pk__lt=ficha.pk)
    despues = Q(enviada_en__gt=ficha.enviada_en) | Q(enviada_en=ficha.enviada_en, pk__gt=ficha.pk)
    anterior = cola.filter(antes).order_by("-enviada_en", "-pk").first()
    return anterior, cola.filter(despues).first()


def _despues_de_revisar(request: HttpRequest, ficha: FichaTecnica) -> HttpResponse:
    _, siguiente = vecinos_en_cola(request.user, ficha)
    if siguiente:
        return redirect("fichas:ficha", pk=siguiente)
    return redirect("fichas:cola")


@require_POST
def ficha_devolver(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = DevolverForm(request.POST)
    formset = ObservacionesFormSet(request.POST, prefix="obs")
    if not (form.is_valid() and formset.is_valid()):
        errores = [str(e) for e in formset.non_form_errors()] + [
            f"{campo}: {e}" for f in formset.forms for campo, es in f.errors.items() for e in es
        ]
        messages.error(
            request, "No se devolvió la ficha. " + (" ".join(errores) or "Solicitud incompleta.")
        )
        return redirect("fichas:ficha", pk=ficha.pk)
    try:
        workflow.ficha_devolver(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            observaciones=formset.observaciones,
            comentario=form.cleaned_data["comentario"],
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} devuelta con observaciones al enlace.")
    return _despues_de_revisar(request, ficha)


@require_POST
def ficha_aprobar(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = AprobarForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Solicitud incompleta; recargue la ficha.")
        return redirect("fichas:ficha", pk=ficha.pk)
    try:
        workflow.ficha_aprobar(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            comentario=form.cleaned_data["comentario"],
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} aprobada.")
    return _despues_de_revisar(request, ficha)


@require_POST
def ficha_reabrir(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, _ = get_ficha_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = ReabrirForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indique el motivo de la reapertura.")
        return redirect("fichas:ficha", pk=ficha.pk)
    try:
        workflow.ficha_reabrir(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            motivo=form.cleaned_data["motivo"],
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=ficha.pk)
    messages.success(request, f"Ficha {ficha.folio} reabierta: el enlace puede corregirla.")
    return redirect("fichas:ficha", pk=ficha.pk)
