"""The ficha técnica page: see it, fill it, submit it, print its acuse."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm.models import Periodo
from avgm.plataforma.middleware import restante
from dependencias.access import get_meta_for_user
from fichas import workflow
from fichas.access import get_ficha_for_user, get_observacion_for_user
from fichas.forms import EnviarForm, RespuestaForm, pendientes_de_envio
from fichas.models import FichaTecnica, HistorialFicha
from fichas.views.evidencia import agregar_la_escrita
from fichas.views.pagina import (
    MARCA_FICHA,
    con_evidencia,
    formularios_de_edicion,
    guardar_lo_escrito,
    guardar_validados,
    negar_o_desfasada,
    pagina_desfasada,
    pagina_ficha,
    programado,
)


@con_evidencia
def ficha_detalle(request: HttpRequest, pk: int) -> HttpResponse:
    """The ficha: its form for the enlace while editable, read-only otherwise; POST saves.

    A save is a draft: rules that only matter at submission never refuse it; the page lists
    them next to «Enviar al IMM».
    """
    ficha, editable = get_ficha_for_user(request.user, pk)
    if request.method != "POST":
        return pagina_ficha(request, ficha, editable)
    if request.POST.get("autoguardado") == "1":
        return _autoguardado(request, ficha, editable)
    if not editable:
        return negar_o_desfasada(request, ficha)
    ficha, rechazo = guardar_lo_escrito(request, ficha, siempre=True)
    if rechazo:
        return rechazo
    if request.FILES.get("archivo") or request.POST.get("url", "").strip():
        # An evidence chosen but not yet added is added too, not dropped.
        ficha, rechazo = agregar_la_escrita(request, ficha, tras_guardar=True)
        if rechazo:
            return rechazo
    if request.POST.get("accion") == "enviar":
        # "Guardar y enviar": what the enlace sees is what is submitted.
        return _enviar(
            request,
            ficha,
            version=ficha.version,
            confirmar_medios=request.POST.get("confirmar_medios") == "on",
            comentario=request.POST.get("comentario", "").strip(),
        )
    pendientes = pendientes_de_envio(ficha, programado(ficha))
    aviso = (
        " Antes de enviarla falta lo que se indica junto a «Enviar al IMM»." if pendientes else ""
    )
    messages.success(request, "Ficha guardada como borrador." + aviso)
    return redirect("fichas:ficha", pk=ficha.pk)


def _autoguardado(request: HttpRequest, ficha: FichaTecnica, editable: bool) -> JsonResponse:
    """The page's automatic save while the enlace types: the fields and answers only (never
    evidence, never a step), with the same version check; JSON for the page's script."""
    if not editable:
        return JsonResponse({"error": "La ficha ya no se puede editar."}, status=409)
    form, respuestas = formularios_de_edicion(request, ficha)
    if not (form.is_valid() and respuestas.is_valid()):
        return JsonResponse(
            {"error": "Hay campos por corregir: no se guardó automáticamente."}, status=400
        )
    try:
        ficha = guardar_validados(request.user, ficha, form, respuestas)
    except workflow.PasoNoPermitido:
        return JsonResponse(
            {"error": "La ficha cambió en otra pestaña o la cambió otra persona."}, status=409
        )
    return JsonResponse({"version": ficha.version, "sesion": restante(request.session)})


@require_POST
def ficha_nueva(request: HttpRequest, meta_pk: int, periodo_pk: int) -> HttpResponse:
    """Start (or open) the ficha of a meta in a periodo, optionally from the last approved."""
    meta, puede = get_meta_for_user(request.user, meta_pk)
    if not puede:
        raise PermissionDenied
    periodo = Periodo.objects.filter(pk=periodo_pk, ejercicio_id=meta.ejercicio_id).first()
    if periodo is None:
        messages.error(request, "Ese periodo no pertenece al ejercicio de la meta.")
        return redirect("inicio")
    try:
        ficha = workflow.ficha_crear(
            meta=meta,
            periodo=periodo,
            usuario=request.user,
            arrastrar=request.POST.get("arrastrar") == "1",
        )
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("inicio")
    messages.success(request, f"Ficha de la meta {meta.clave} para {periodo} lista para capturar.")
    return redirect("fichas:ficha", pk=ficha.pk)


@require_POST
@con_evidencia
def ficha_enviar(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, editable = get_ficha_for_user(request.user, pk)
    if not editable:
        return negar_o_desfasada(request, ficha)
    form = EnviarForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Solicitud incompleta; recargue la ficha.")
        return redirect("fichas:ficha", pk=ficha.pk)
    return _enviar(
        request,
        ficha,
        version=form.cleaned_data["version"],
        confirmar_medios=form.cleaned_data["confirmar_medios"],
        comentario=form.cleaned_data["comentario"],
    )


def _enviar(
    request: HttpRequest,
    ficha: FichaTecnica,
    *,
    version: int,
    confirmar_medios: bool,
    comentario: str,
) -> HttpResponse:
    """Submit, first asking to confirm when expected medios de verificación are missing."""
    pendientes = pendientes_de_envio(ficha, programado(ficha))
    if pendientes:
        messages.warning(
            request,
            "La ficha se guardó pero no se envió. Falta: "
            + " ".join(texto for _, texto in pendientes),
        )
        return redirect("fichas:ficha", pk=ficha.pk)
    faltan = workflow.medios_faltantes(ficha)
    if faltan and not confirmar_medios:
        messages.warning(
            request,
            "Faltan medios de verificación esperados para este tipo de acción: "
            f"{', '.join(faltan)}. La ficha se guardó pero no se envió; si aun así desea "
            "enviarla, marque la confirmación.",
        )
        return redirect("fichas:ficha", pk=ficha.pk)
    try:
        ficha = workflow.ficha_enviar(
            ficha=ficha, usuario=request.user, version=version, comentario=comentario
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    aviso = " (entrega tardía)" if ficha.tardia else ""
    messages.success(request, f"Ficha enviada al IMM con folio {ficha.folio}{aviso}.")
    return redirect("fichas:ficha", pk=ficha.pk)


def ficha_acuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable acknowledgement of submission: folio, date and time."""
    ficha, _ = get_ficha_for_user(request.user, pk)
    if ficha.primer_envio_en is None:
        messages.info(request, "La ficha aún no se ha enviado: no tiene acuse.")
        return redirect("fichas:ficha", pk=ficha.pk)
    envios = list(
        ficha.historial.filter(accion=HistorialFicha.Accion.ENVIAR)
        .select_related("usuario")
        .order_by("fecha", "pk")
    )
    return render(
        request,
        "fichas/acuse.html",
        {
            "ficha": ficha,
            "programado": programado(ficha),
            "primer_envio": envios[0] if envios else None,
            "ultimo_envio": envios[-1] if envios else None,
            "evidencias": list(ficha.evidencias.vigentes().order_by("subida_en", "pk")),
        },
    )


@require_POST
@con_evidencia
def observacion_responder(request: HttpRequest, pk: int) -> HttpResponse:
    """The enlace answers an observación; the answer shows in the ficha and its history.

    From the one-form page the ficha's typed fields (and other answers) are saved too.
    """
    observacion, editable = get_observacion_for_user(request.user, pk)
    ficha, _ = get_ficha_for_user(request.user, observacion.ficha_id)
    if not editable:
        return negar_o_desfasada(request, ficha)
    if request.POST.get(MARCA_FICHA) == "1":
        ficha, rechazo = guardar_lo_escrito(request, ficha)
        if rechazo:
            return rechazo
        if not request.POST.get(f"respuesta-{pk}", "").strip():
            messages.error(
                request,
                "Escriba la respuesta a la observación antes de responder "
                "(la ficha sí se guardó como borrador).",
            )
            return pagina_ficha(request, ficha, True, status=400, respuesta_vacia=observacion.pk)
        messages.success(request, "Respuesta guardada (y la ficha, como borrador).")
        return redirect("fichas:ficha", pk=ficha.pk)
    form = RespuestaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Escriba la respuesta a la observación.")
        return pagina_ficha(request, ficha, editable, status=400)
    try:
        workflow.observacion_responder(
            observacion=observacion,
            usuario=request.user,
            version=form.cleaned_data["version"],
            respuesta=form.cleaned_data["respuesta"],
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    messages.success(request, "Respuesta guardada.")
    return redirect("fichas:ficha", pk=ficha.pk)
