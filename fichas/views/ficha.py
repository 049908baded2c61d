"""The ficha técnica page: see it, fill it, submit it, print its acuse."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm import roles
from avgm.models import Periodo
from dependencias.access import get_meta_for_user
from fichas import selectors, workflow
from fichas.access import get_ficha_for_user, get_observacion_for_user
from fichas.forms import (
    AprobarForm,
    DevolverForm,
    EnviarForm,
    EvidenciaForm,
    FichaForm,
    ObservacionesFormSet,
    ReabrirForm,
    RespuestaForm,
)
from fichas.models import CAMPOS_BENEFICIARIOS, FichaTecnica
from fichas.views.revision import vecinos_en_cola


def _programado(ficha: FichaTecnica) -> int:
    fila = ficha.meta.programacion.filter(periodo_id=ficha.periodo_id).first()
    return fila.cantidad if fila else 0


def _campos_observados(observaciones) -> list[str]:
    return sorted({c for o in observaciones for c in o.campos})


def contexto_ficha(request: HttpRequest, ficha: FichaTecnica, editable: bool, **extra) -> dict:
    """Everything the ficha page shows (shared by the page and its re-render on errors)."""
    historial = list(ficha.historial.select_related("usuario").prefetch_related("observaciones"))
    observaciones = list(ficha.observaciones.select_related("codigo", "devolucion", "creada_por"))
    pendientes = (
        [o for o in observaciones if o.devolucion_id == _ultima_devolucion(historial)]
        if ficha.estado == FichaTecnica.Estado.OBSERVADA
        else []
    )
    programado = _programado(ficha)
    etiquetas = {c: FichaTecnica._meta.get_field(c).verbose_name for c in workflow.CAMPOS_EDITABLES}
    cambios = workflow.cambios_desde_devolucion(ficha, historial)
    contexto = {
        "ficha": ficha,
        "meta": ficha.meta,
        "recomendaciones": list(ficha.meta.recomendaciones.all()),
        "programado": programado,
        "acumulado": selectors.acumulado_aprobado(ficha),
        "editable": editable,
        "historial": historial,
        "observaciones": observaciones,
        "observaciones_pendientes": pendientes,
        "evidencias": list(ficha.evidencias.select_related("subida_por", "retirada_por")),
        "medios_esperados": ficha.meta.tipo_accion.medios_lista if ficha.meta.tipo_accion else [],
        "medios_faltantes": workflow.medios_faltantes(ficha) if editable else [],
        "cambios": [(etiquetas.get(c, c), v[0], v[1]) for c, v in cambios.items()],
        "etiquetas": etiquetas,
        "valores": [
            (etiquetas[c], getattr(ficha, c))
            for c in workflow.CAMPOS_EDITABLES
            if c not in _CAMPOS_EN_TABLA and getattr(ficha, c) not in ("", 0, None, False)
        ],
        "periodo_cerrado": ficha.periodo.cerrado,
    }
    if editable:
        contexto.setdefault(
            "form",
            FichaForm(
                instance=ficha, programado=programado, resaltar=_campos_observados(pendientes)
            ),
        )
        contexto.setdefault("enviar_form", EnviarForm(initial={"version": ficha.version}))
        contexto.setdefault(
            "evidencia_form",
            EvidenciaForm(initial={"version": ficha.version}, medios=contexto["medios_esperados"]),
        )
    elif roles.puede(request.user, roles.REVISAR):
        contexto["anterior"], contexto["siguiente"] = vecinos_en_cola(request.user, ficha)
        contexto.setdefault("devolver_form", DevolverForm(initial={"version": ficha.version}))
        contexto.setdefault("observaciones_formset", ObservacionesFormSet(prefix="obs"))
        contexto.setdefault("aprobar_form", AprobarForm(initial={"version": ficha.version}))
        contexto.setdefault("reabrir_form", ReabrirForm(initial={"version": ficha.version}))
    contexto.update(extra)
    return contexto


# Shown in their own table and line on the read-only page, not in the field list.
_CAMPOS_EN_TABLA = {*CAMPOS_BENEFICIARIOS, "presupuesto_ejercido", "fuente_presupuesto"}


def _ultima_devolucion(historial) -> int | None:
    ids = [h.pk for h in historial if h.accion == "devolver"]
    return ids[-1] if ids else None


def ficha_detalle(request: HttpRequest, pk: int) -> HttpResponse:
    """The ficha: its form for the enlace while editable, read-only otherwise; POST saves."""
    ficha, editable = get_ficha_for_user(request.user, pk)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = FichaForm(request.POST, instance=ficha, programado=_programado(ficha))
        if not form.is_valid():
            messages.error(request, "Revise los campos marcados; la ficha no se guardó.")
            return render(
                request, "fichas/ficha.html", contexto_ficha(request, ficha, editable, form=form)
            )
        datos = {c: form.cleaned_data[c] for c in workflow.CAMPOS_EDITABLES}
        try:
            ficha = workflow.ficha_guardar(
                ficha=ficha,
                usuario=request.user,
                datos=datos,
                version=form.cleaned_data["version"],
            )
        except workflow.TransicionNoPermitida as exc:
            messages.error(request, str(exc))
            return redirect("fichas:ficha", pk=ficha.pk)
        if request.POST.get("accion") == "enviar":
            # "Guardar y enviar": what the enlace sees is what is submitted.
            return _enviar(
                request,
                ficha,
                version=ficha.version,
                confirmar_medios=request.POST.get("confirmar_medios") == "on",
                comentario=request.POST.get("comentario", "").strip(),
            )
        messages.success(request, "Ficha guardada como borrador.")
        return redirect("fichas:ficha", pk=ficha.pk)
    return render(request, "fichas/ficha.html", contexto_ficha(request, ficha, editable))


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
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("inicio")
    messages.success(request, f"Ficha de la meta {meta.clave} para {periodo} lista para capturar.")
    return redirect("fichas:ficha", pk=ficha.pk)


@require_POST
def ficha_enviar(request: HttpRequest, pk: int) -> HttpResponse:
    ficha, editable = get_ficha_for_user(request.user, pk)
    if not editable:
        raise PermissionDenied
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
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=ficha.pk)
    aviso = " (entrega tardía)" if ficha.tardia else ""
    messages.success(request, f"Ficha enviada al IMM con folio {ficha.folio}{aviso}.")
    return redirect("fichas:ficha", pk=ficha.pk)


def ficha_acuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable acknowledgement of submission: folio, date and time."""
    ficha, _ = get_ficha_for_user(request.user, pk)
    if ficha.primer_envio_en is None:
        messages.info(request, "La ficha aún no se ha enviado: no tiene acuse.")
        return redirect("fichas:ficha", pk=ficha.pk)
    return render(request, "fichas/acuse.html", {"ficha": ficha})


@require_POST
def observacion_responder(request: HttpRequest, pk: int) -> HttpResponse:
    """The enlace answers an observación; the answer shows in the ficha and its history."""
    observacion, editable = get_observacion_for_user(request.user, pk)
    if not editable:
        raise PermissionDenied
    form = RespuestaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Escriba la respuesta a la observación.")
        return redirect("fichas:ficha", pk=observacion.ficha_id)
    try:
        workflow.observacion_responder(
            observacion=observacion,
            usuario=request.user,
            version=form.cleaned_data["version"],
            respuesta=form.cleaned_data["respuesta"],
        )
    except workflow.TransicionNoPermitida as exc:
        messages.error(request, str(exc))
        return redirect("fichas:ficha", pk=observacion.ficha_id)
    messages.success(request, "Respuesta guardada.")
    return redirect("fichas:ficha", pk=observacion.ficha_id)
