"""Changes to an agreed meta: its versions, a request with justification, the IMM's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm.models import Recomendacion
from avgm.plataforma import roles
from planeacion import workflow
from planeacion.access import get_meta_for_user, get_solicitud_for_user
from planeacion.forms import DecisionForm, ModificacionForm, RechazoForm


def _puede_solicitar(user, meta) -> bool:
    return meta.acordada and (
        user.is_authenticated
        and (roles.puede(user, roles.REVISAR) or get_meta_for_user(user, meta.pk)[1])
    )


def meta(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreed meta: who proposed and agreed it, every version, its requests, a new one."""
    meta, _ = get_meta_for_user(request.user, pk)
    return _pagina_meta(request, meta)


def _pagina_meta(request, meta, form=None, status=200) -> HttpResponse:
    """The meta's page; a refused request passes its bound form back with what was typed."""
    if form is None and _puede_solicitar(request.user, meta):
        form = ModificacionForm(meta=meta)
    return render(
        request,
        "planeacion/meta.html",
        {
            "meta": meta,
            "versiones": meta.versiones.select_related("creada_por").order_by("-numero"),
            "solicitudes": meta.solicitudes.select_related("solicitada_por", "decidida_por"),
            "form": form,
        },
        status=status,
    )


@require_POST
def modificacion_solicitar(request: HttpRequest, pk: int) -> HttpResponse:
    meta, _ = get_meta_for_user(request.user, pk)
    if not _puede_solicitar(request.user, meta):
        raise PermissionDenied("Solo el enlace de la dependencia o el IMM piden modificaciones.")
    form = ModificacionForm(request.POST, meta=meta)
    if not form.is_valid():
        messages.error(request, "No se registró la solicitud: revise los campos señalados.")
        return _pagina_meta(request, meta, form, status=400)
    try:
        solicitud = workflow.modificacion_solicitar(
            meta=meta,
            usuario=request.user,
            justificacion=form.cleaned_data["justificacion"],
            programacion=form.programacion,
            recomendaciones=list(form.cleaned_data["recomendaciones"]),
        )
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:meta", pk=meta.pk)
    messages.success(request, "Solicitud de modificación registrada; el IMM la revisará.")
    return redirect("planeacion:modificacion", pk=solicitud.pk)


def _claves(pks) -> str:
    return ", ".join(
        Recomendacion.objects.filter(pk__in=pks).order_by("clave").values_list("clave", flat=True)
    )


def modificacion(request: HttpRequest, pk: int) -> HttpResponse:
    """A request: before → after per trimestre and recomendaciones, and approved fichas."""
    return _pagina_modificacion(request, get_solicitud_for_user(request.user, pk))


def _pagina_modificacion(request, solicitud, rechazo_form=None, status=200) -> HttpResponse:
    """The request's page; a refused rejection passes its bound form back."""
    antes, despues = solicitud.antes, solicitud.propuesta
    filas = [
        (f"T{n}", antes["programacion"].get(str(n), 0), despues["programacion"].get(str(n), 0))
        for n in range(1, 5)
    ]
    return render(
        request,
        "planeacion/modificacion.html",
        {
            "solicitud": solicitud,
            "meta": solicitud.meta,
            "filas": filas,
            "recs_antes": _claves(antes.get("recomendaciones", [])),
            "recs_despues": _claves(despues.get("recomendaciones", [])),
            "con_ficha_aprobada": workflow.trimestres_con_ficha_aprobada(solicitud),
            "decision_form": DecisionForm(),
            "rechazo_form": rechazo_form or RechazoForm(),
        },
        status=status,
    )


@require_POST
def modificacion_aprobar(request: HttpRequest, pk: int) -> HttpResponse:
    solicitud = get_solicitud_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        workflow.modificacion_aprobar(
            solicitud=solicitud,
            usuario=request.user,
            comentario=form.cleaned_data.get("comentario", ""),
        )
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:modificacion", pk=solicitud.pk)
    messages.success(request, f"Modificación de la meta {solicitud.meta.clave} aprobada.")
    return redirect("planeacion:meta", pk=solicitud.meta_id)


@require_POST
def modificacion_rechazar(request: HttpRequest, pk: int) -> HttpResponse:
    solicitud = get_solicitud_for_user(request.user, pk)
    roles.exigir(request.user, roles.REVISAR)
    form = RechazoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indique el motivo del rechazo.")
        return _pagina_modificacion(request, solicitud, form, status=400)
    try:
        workflow.modificacion_rechazar(
            solicitud=solicitud, usuario=request.user, motivo=form.cleaned_data["motivo"]
        )
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:modificacion", pk=solicitud.pk)
    messages.success(request, "Solicitud rechazada; la meta queda como estaba acordada.")
    return redirect("planeacion:meta", pk=solicitud.meta_id)
