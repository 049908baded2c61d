"""Views of the GIM's evaluations: list, record or edit one, and its PDF (permission-checked)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from avgm.models import EvaluacionGIM
from avgm.plataforma import roles
from informes import access
from informes.gim.forms import EvaluacionGIMForm
from informes.gim.registro import evaluacion_gim_guardar, recomendaciones_a_valorar


@roles.requiere(roles.LEER_TODO)
def gim_lista(request: HttpRequest) -> HttpResponse:
    evaluaciones = access.evaluaciones_visibles(request.user).select_related("registrada_por")
    return render(request, "informes/gim_lista.html", {"evaluaciones": evaluaciones})


@roles.requiere(roles.REVISAR)
def gim_evaluacion(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a new evaluation of the user's municipio (pk None) or edit one of it; POST then
    redirect."""
    municipio = access.municipio(request.user)
    if pk:
        evaluacion = access.evaluacion_de(request.user, pk)
    else:
        evaluacion = EvaluacionGIM(municipio=municipio)
    recs = recomendaciones_a_valorar(municipio)
    if request.method == "POST":
        form = EvaluacionGIMForm(
            request.POST, request.FILES, instance=evaluacion, recomendaciones=recs
        )
        if form.is_valid():
            documento = request.FILES.get("documento")
            evaluacion = form.save(commit=False)
            if documento is not None:
                evaluacion.documento = None  # saved by the domain function, with its name
            evaluacion_gim_guardar(
                usuario=request.user,
                evaluacion=evaluacion,
                valoraciones=form.valoraciones(),
                documento=documento,
            )
            messages.success(request, f"Evaluación del GIM «{evaluacion.referencia}» guardada.")
            return redirect("informes:gim_lista")
    else:
        form = EvaluacionGIMForm(instance=evaluacion, recomendaciones=recs)
    return render(request, "informes/gim_evaluacion.html", {"form": form, "evaluacion": evaluacion})


@roles.requiere(roles.LEER_TODO)
def gim_documento(request: HttpRequest, pk: int) -> HttpResponse:
    evaluacion = access.evaluacion_de(request.user, pk)
    if not evaluacion.documento:
        raise Http404("Esta evaluación no tiene documento.")
    return FileResponse(
        evaluacion.documento.open("rb"),
        as_attachment=True,
        filename=f"evaluacion-gim-{evaluacion.fecha:%Y%m%d}.pdf",
        content_type="application/pdf",
    )
