"""Evidence: add a file or link, download it (logged, as attachment), withdraw it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fichas import workflow
from fichas.access import (
    NEGADO_DATOS_PERSONALES,
    get_evidencia_for_user,
    get_ficha_for_user,
    puede_descargar,
)
from fichas.forms import EvidenciaForm, RetiroEvidenciaForm
from fichas.models import DescargaEvidencia


@require_POST
def evidencia_agregar(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, editable = get_ficha_for_user(request.user, pk)
    if not editable:
        raise PermissionDenied
    form = EvidenciaForm(request.POST, request.FILES)
    if not form.is_valid():
        from fichas.views.ficha import contexto_ficha

        messages.error(
            request,
            "La evidencia no se guardó: "
            + " ".join(str(e) for errores in form.errors.values() for e in errores),
        )
        return render(
            request,
            "fichas/ficha.html",
            contexto_ficha(request, ficha, editable, evidencia_form=form),
            status=400,
        )
    try:
        _, evidencia = workflow.evidencia_agregar(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            datos=form.cleaned_data,
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=ficha.pk)
    messages.success(request, f"Evidencia «{evidencia}» agregada.")
    return redirect("fichas:ficha", pk=ficha.pk)


def enlace_web(url: str) -> bool:
    """Only http and https addresses are ever linked (never javascript:, data:, ftp:...)."""
    partes = urlsplit(url)
    return partes.scheme.lower() in ("http", "https") and bool(partes.netloc)


def evidencia_descargar(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve the file as an attachment after checking access; log the download.

    A link evidence opens a page that shows its full destination before leaving the portal.
    """
    evidencia, _ = get_evidencia_for_user(request.user, pk)
    if not puede_descargar(request.user, evidencia):
        return render(
            request,
            "fichas/evidencia_restringida.html",
            {"evidencia": evidencia, "motivo": NEGADO_DATOS_PERSONALES},
            status=403,
        )
    DescargaEvidencia.objects.create(evidencia=evidencia, usuario=request.user)
    if not evidencia.archivo:
        return render(
            request,
            "fichas/evidencia_enlace.html",
            {"evidencia": evidencia, "enlace_web": enlace_web(evidencia.url)},
        )
    return FileResponse(
        evidencia.archivo.open("rb"),
        as_attachment=True,
        filename=evidencia.nombre_original or "evidencia",
        content_type=evidencia.tipo_contenido or "application/octet-stream",
    )


@require_POST
def evidencia_retirar(request: HttpRequest, pk: int) -> HttpResponse:
    evidencia, puede = get_evidencia_for_user(request.user, pk)
    if not puede:
        raise PermissionDenied
    form = RetiroEvidenciaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Solicitud incompleta; recargue la ficha.")
        return redirect("fichas:ficha", pk=evidencia.ficha_id)
    try:
        workflow.evidencia_retirar(
            evidencia=evidencia,
            usuario=request.user,
            version=form.cleaned_data["version"],
            motivo=form.cleaned_data["motivo"],
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=evidencia.ficha_id)
    messages.success(request, f"Evidencia «{evidencia}» retirada (se conserva en el archivo).")
    return redirect("fichas:ficha", pk=evidencia.ficha_id)
