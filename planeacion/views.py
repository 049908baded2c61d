"""Pages of the planning round: open it, propose, review and agree. Thin: the workflow decides.

Enlaces see and propose only for their dependencias (404 to others); analistas and
directivos (LEER_TODO) read everything; only analistas (REVISAR) open rounds and agree.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avgm.plataforma import rescate, roles
from avgm.plataforma.middleware import restante
from dependencias.access import (
    dependencia_ids_de_enlace,
    dependencias_visibles,
    puede_capturar,
)
from dependencias.models import Meta
from fichas.models import CodigoObservacion
from planeacion import cobertura, workflow
from planeacion.access import (
    get_dependencia_for_user,
    get_propuesta_for_user,
    get_ronda_for_user,
    rondas_visibles,
    solicitudes_visibles,
)
from planeacion.forms import (
    ComentarioForm,
    DevolverPropuestaForm,
    ObservacionesPropuestaFormSet,
    PropuestaForm,
    RondaForm,
)
from planeacion.models import (
    PropuestaMeta,
    etiqueta_campo,
    valor_campo_propuesta,
)


def _exigir_participante(user) -> None:
    """The planning is for enlaces and the IMM's readers; others (the Administrador) 403."""
    if not (roles.puede(user, roles.LEER_TODO) or dependencia_ids_de_enlace(user)):
        raise PermissionDenied("La planeación es para los enlaces y el personal del IMM.")


def inicio(request: HttpRequest) -> HttpResponse:
    """The rounds, the pending modification requests in scope, and (analistas) a new round."""
    _exigir_participante(request.user)
    rondas = list(rondas_visibles(request.user).select_related("ejercicio"))
    solicitudes = (
        solicitudes_visibles(request.user)
        .pendientes()
        .select_related("meta__dependencia", "meta__ejercicio", "solicitada_por")
    )
    siguiente = (rondas[0].anio + 1) if rondas else None
    return render(
        request,
        "planeacion/inicio.html",
        {
            "rondas": rondas,
            "solicitudes": solicitudes[:200],
            "form": RondaForm(initial={"anio": siguiente}) if siguiente else RondaForm(),
        },
    )


@require_POST
@roles.requiere(roles.REVISAR)
def ronda_abrir(request: HttpRequest) -> HttpResponse:
    form = RondaForm(request.POST)
    if not form.is_valid():
        errores = " ".join(e for es in form.errors.values() for e in es)
        messages.error(request, f"No se abrió la planeación. {errores}")
        return redirect("planeacion:inicio")
    try:
        ronda = workflow.ronda_abrir(usuario=request.user, **form.cleaned_data)
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:inicio")
    messages.success(
        request, f"Planeación {ronda.anio} abierta; se avisó por correo a los enlaces."
    )
    return redirect("planeacion:ronda", anio=ronda.anio)


def ronda(request: HttpRequest, anio: int) -> HttpResponse:
    """The round: coverage and the last corte's gaps for everyone; progress and the review
    queue for the IMM; the enlace's own dependencias for an enlace."""
    _exigir_participante(request.user)
    ronda = get_ronda_for_user(request.user, anio)
    deficientes = cobertura.deficientes_del_ultimo_corte(anio, ronda.ejercicio.municipio_id)
    contexto = {
        "ronda": ronda,
        "deficientes": deficientes,
        "cobertura": cobertura.cobertura(ronda, deficientes),
        "dependencias": dependencias_visibles(request.user).filter(
            activa=True, municipio_id=ronda.ejercicio.municipio_id
        ),
        "abrir_deficientes": True,
    }
    if not roles.puede(request.user, roles.LEER_TODO):
        # The enlace's own dependencias come first, each with its proposals by estado.
        filas = {f["dependencia_id"]: f for f in cobertura.progreso(ronda)}
        contexto["suyas"] = [(d, filas.get(d.pk)) for d in contexto["dependencias"]]
    else:
        contexto["progreso"] = cobertura.progreso(ronda)
        contexto["por_revisar"] = (
            PropuestaMeta.objects.filter(ronda=ronda, estado=PropuestaMeta.Estado.ENVIADA)
            .select_related("dependencia")
            .order_by("enviada_en", "pk")
        )
    return render(request, "planeacion/ronda.html", contexto)


def dependencia(request: HttpRequest, anio: int, pk: int) -> HttpResponse:
    """One dependencia's planning: its proposals, last year's metas to carry forward."""
    dep = get_dependencia_for_user(request.user, pk)
    ronda = get_ronda_for_user(request.user, anio)
    propuestas = (
        PropuestaMeta.objects.filter(ronda=ronda, dependencia=dep)
        .select_related("meta", "origen", "tipo_accion")
        .prefetch_related("recomendaciones")
        .order_by("pk")
    )
    arrastradas = {p.origen_id for p in propuestas if p.estado != PropuestaMeta.Estado.RETIRADA}
    # What the enlace must do first: answer the returns, then send the drafts.
    por_atender = sorted(
        (p for p in propuestas if p.editable),
        key=lambda p: p.estado != PropuestaMeta.Estado.DEVUELTA,
    )
    anteriores = cobertura.metas_anteriores(dep.pk, anio - 1)
    deficientes = cobertura.deficientes_del_ultimo_corte(anio, ronda.ejercicio.municipio_id)
    return render(
        request,
        "planeacion/dependencia.html",
        {
            "ronda": ronda,
            "dependencia": dep,
            "propuestas": propuestas,
            "anteriores": anteriores,
            "arrastradas": arrastradas,
            "puede_proponer": puede_capturar(request.user, dep.pk),
            "por_atender": por_atender,
            "solicitudes": solicitudes_visibles(request.user)
            .pendientes()
            .filter(meta__dependencia=dep, meta__ejercicio=ronda.ejercicio)
            .select_related("meta"),
            "deficientes": deficientes,
            "cobertura": cobertura.cobertura(ronda, deficientes),
        },
    )


def _exigir_enlace(request: HttpRequest, anio: int, pk: int):
    dep = get_dependencia_for_user(request.user, pk)
    if not puede_capturar(request.user, dep.pk):
        raise PermissionDenied("Solo el enlace de la dependencia propone sus metas.")
    return dep, get_ronda_for_user(request.user, anio)


def propuesta_nueva(request: HttpRequest, anio: int, pk: int) -> HttpResponse:
    dep, ronda = _exigir_enlace(request, anio, pk)
    form = PropuestaForm(request.POST or None, ejercicio=ronda.ejercicio)
    if request.method == "POST" and form.is_valid():
        propuesta = workflow.propuesta_crear(
            ronda=ronda, dependencia=dep, usuario=request.user, datos=form.datos
        )
        messages.success(
            request, "Propuesta guardada como borrador. Envíela al IMM cuando esté lista."
        )
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    return render(
        request,
        "planeacion/propuesta_nueva.html",
        {"form": form, "ronda": ronda, "dependencia": dep},
    )


@require_POST
def propuesta_arrastrar(request: HttpRequest, anio: int, pk: int, meta_pk: int) -> HttpResponse:
    dep, ronda = _exigir_enlace(request, anio, pk)
    meta = Meta.objects.filter(pk=meta_pk, dependencia=dep).select_related("ejercicio").first()
    if meta is None:
        raise Http404("No existe esa meta.")
    try:
        propuesta = workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=request.user)
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:dependencia", anio=anio, pk=dep.pk)
    messages.success(
        request, f"Meta {meta.clave} copiada a la planeación {anio}: ajústela y envíela al IMM."
    )
    return redirect("planeacion:propuesta", pk=propuesta.pk)


# Hidden field of the proposal's one form: the POST carries the fields, saved before any step.
MARCA_CAMPOS = "con_campos"


def propuesta(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal: the enlace edits it (POST saves); the IMM sees changes and decides."""
    propuesta, editable = get_propuesta_for_user(request.user, pk)
    if request.method == "POST" and request.POST.get("autoguardado") == "1":
        return _autoguardado(request, propuesta, editable)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Esta propuesta no se puede editar.")
        propuesta, rechazo = _guardar_lo_escrito(request, propuesta, siempre=True)
        if rechazo:
            return rechazo
        messages.success(request, "Propuesta guardada.")
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    form = PropuestaForm(
        instance=propuesta,
        ejercicio=propuesta.ronda.ejercicio,
        resaltar=_resaltar(propuesta) if editable else set(),
    )
    return _pagina_propuesta(request, propuesta, editable, form)


def _form_escrito(request: HttpRequest, propuesta: PropuestaMeta, datos=None) -> PropuestaForm:
    return PropuestaForm(
        datos if datos is not None else request.POST,
        instance=propuesta,
        ejercicio=propuesta.ronda.ejercicio,
        resaltar=_resaltar(propuesta),
    )


def _guardar_lo_escrito(request: HttpRequest, propuesta: PropuestaMeta, *, siempre=False):
    """Save the one form's typed fields before the button's own step: the fresh proposal (its
    new version is the one the step must use), or the page to answer with what was typed
    still in the form (400: a field to fix; 409: it changed meanwhile; nothing saved)."""
    if not siempre and request.POST.get(MARCA_CAMPOS) != "1":
        return propuesta, None
    form = _form_escrito(request, propuesta)
    if not form.is_valid():
        messages.error(request, "Revise los campos marcados: no se guardó nada todavía.")
        return propuesta, _pagina_propuesta(request, propuesta, True, form, status=400)
    try:
        propuesta = workflow.propuesta_guardar(
            propuesta=propuesta,
            usuario=request.user,
            version=form.cleaned_data["version"],
            datos=form.datos,
        )
    except workflow.PasoNoPermitido as exc:
        propuesta, editable = get_propuesta_for_user(request.user, propuesta.pk)
        # What was typed stays in the form, now over the current version: saving again
        # replaces what changed meanwhile, knowingly.
        datos = request.POST.copy()
        datos["version"] = propuesta.version
        if editable:
            messages.error(
                request,
                "Otra persona u otra pestaña modificó esta propuesta mientras usted la tenía "
                "abierta. Lo que usted escribió no se guardó: sigue en el formulario; revíselo "
                "y guarde de nuevo.",
            )
        else:
            messages.error(request, f"{exc} Lo que usted escribió no se guardó: está abajo.")
        return propuesta, _pagina_propuesta(
            request,
            propuesta,
            editable,
            _form_escrito(request, propuesta, datos),
            escrito=[] if editable else rescate.textos(dict(request.POST.lists())),
            status=409,
        )
    return propuesta, None


def _autoguardado(request: HttpRequest, propuesta: PropuestaMeta, editable: bool) -> JsonResponse:
    """The page's automatic save while the enlace types: JSON for its script, no message."""
    if not editable:
        return JsonResponse({"error": "La propuesta ya no se puede editar."}, status=409)
    form = _form_escrito(request, propuesta)
    if not form.is_valid():
        return JsonResponse(
            {"error": "Hay campos por corregir: no se guardó automáticamente."}, status=400
        )
    try:
        propuesta = workflow.propuesta_guardar(
            propuesta=propuesta,
            usuario=request.user,
            version=form.cleaned_data["version"],
            datos=form.datos,
        )
    except workflow.PasoNoPermitido as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    return JsonResponse({"version": propuesta.version, "sesion": restante(request.session)})


def _resaltar(propuesta: PropuestaMeta) -> set[str]:
    """The fields the last return pinned observaciones to."""
    ultima = propuesta.historial.filter(accion="devolver").order_by("-pk").first()
    if ultima is None:
        return set()
    return {c for o in propuesta.observaciones.filter(devolucion=ultima) for c in o.campos}


def _pagina_propuesta(
    request,
    propuesta,
    editable,
    form,
    *,
    formset=None,
    version_form=None,
    devolver_form=None,
    escrito=(),
    status=200,
) -> HttpResponse:
    """The proposal's page; a refused review step passes its bound forms back (status 400),
    so what the analista typed is shown again with its errors."""
    historial = list(propuesta.historial.select_related("usuario"))
    observaciones = list(
        propuesta.observaciones.select_related("codigo", "devolucion").order_by("-creada_en")
    )
    ultima = next((h for h in reversed(historial) if h.accion == "devolver"), None)
    vigentes = [o for o in observaciones if ultima and o.devolucion_id == ultima.pk]
    cambios = workflow.cambios_desde_devolucion(historial)
    return render(
        request,
        "planeacion/propuesta.html",
        {
            "propuesta": propuesta,
            "editable": editable,
            "form": form,
            "historial": historial,
            "observaciones_vigentes": vigentes,
            "devolucion": ultima if vigentes or (ultima and ultima.comentario) else None,
            "observaciones": observaciones,
            "cambios": [
                (etiqueta_campo(c), valor_campo_propuesta(c, a), valor_campo_propuesta(c, d))
                for c, (a, d) in cambios.items()
            ],
            "faltan": workflow.faltantes_para_enviar(propuesta) if editable else [],
            "puede_revisar": roles.puede(request.user, roles.REVISAR),
            "version_form": version_form or ComentarioForm(initial={"version": propuesta.version}),
            "devolver_form": devolver_form
            or DevolverPropuestaForm(initial={"version": propuesta.version}),
            "formset": formset or ObservacionesPropuestaFormSet(prefix="obs"),
            "hay_codigos": CodigoObservacion.objects.para(CodigoObservacion.Uso.PROPUESTA).exists(),
            "marca_campos": MARCA_CAMPOS,
            "escrito": escrito,
        },
        status=status,
    )


def _paso(request: HttpRequest, pk: int, *, revisar: bool):
    propuesta, _ = get_propuesta_for_user(request.user, pk)
    if revisar:
        roles.exigir(request.user, roles.REVISAR)
    elif not puede_capturar(request.user, propuesta.dependencia_id):
        raise PermissionDenied("Solo el enlace de la dependencia envía o retira sus propuestas.")
    form = ComentarioForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Solicitud incompleta; recargue la propuesta.")
        return propuesta, None
    return propuesta, form.cleaned_data


def _ejecutar(request, propuesta, paso, mensaje: str, **kwargs) -> HttpResponse:
    try:
        paso(propuesta=propuesta, usuario=request.user, **kwargs)
    except workflow.PasoNoPermitido as exc:
        messages.error(request, str(exc))
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    messages.success(request, mensaje)
    return None


@require_POST
def propuesta_enviar(request: HttpRequest, pk: int) -> HttpResponse:
    """Send to the IMM what the page shows: its typed fields are saved first, in the same
    transaction (a send never goes out with fields the enlace changed and did not save)."""
    propuesta, datos = _paso(request, pk, revisar=False)
    if datos is None:
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    with transaction.atomic():
        propuesta, rechazo = _guardar_lo_escrito(request, propuesta)
        if rechazo:
            return rechazo
        guardada = request.POST.get(MARCA_CAMPOS) == "1"
        try:
            with transaction.atomic():
                workflow.propuesta_enviar(
                    propuesta=propuesta,
                    usuario=request.user,
                    version=propuesta.version if guardada else datos["version"],
                    comentario=datos["comentario"],
                )
        except workflow.PasoNoPermitido as exc:
            aviso = " La propuesta se guardó, pero no se envió." if guardada else ""
            messages.error(request, f"{exc}{aviso}")
            return redirect("planeacion:propuesta", pk=propuesta.pk)
    messages.success(request, "Propuesta enviada al IMM.")
    return redirect("planeacion:propuesta", pk=propuesta.pk)


@require_POST
def propuesta_retirar(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the proposal; what the page shows is saved first (kept in its history)."""
    propuesta, datos = _paso(request, pk, revisar=False)
    if datos is None:
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    with transaction.atomic():
        propuesta, rechazo = _guardar_lo_escrito(request, propuesta)
        if rechazo:
            return rechazo
        version = propuesta.version if request.POST.get(MARCA_CAMPOS) == "1" else datos["version"]
        if error := _ejecutar(
            request,
            propuesta,
            workflow.propuesta_retirar,
            "Propuesta retirada (queda en el historial).",
            version=version,
            motivo=datos["comentario"],
        ):
            return error
    return redirect(
        "planeacion:dependencia", anio=propuesta.ronda.anio, pk=propuesta.dependencia_id
    )


def _siguiente(propuesta: PropuestaMeta) -> HttpResponse:
    """After a decision, the next proposal waiting in the same round (oldest first)."""
    siguiente = (
        PropuestaMeta.objects.filter(ronda=propuesta.ronda_id, estado=PropuestaMeta.Estado.ENVIADA)
        .order_by("enviada_en", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if siguiente:
        return redirect("planeacion:propuesta", pk=siguiente)
    return redirect("planeacion:ronda", anio=propuesta.ronda.anio)


@require_POST
def propuesta_acordar(request: HttpRequest, pk: int) -> HttpResponse:
    propuesta, datos = _paso(request, pk, revisar=True)
    if datos is None:
        return redirect("planeacion:propuesta", pk=propuesta.pk)
    if error := _ejecutar(
        request,
        propuesta,
        workflow.propuesta_acordar,
        f"Propuesta de {propuesta.dependencia.siglas} acordada: ya es meta oficial de "
        f"{propuesta.ronda.anio}.",
        **datos,
    ):
        return error
    return _siguiente(propuesta)


@require_POST
def propuesta_devolver(request: HttpRequest, pk: int) -> HttpResponse:
    propuesta, datos = _paso(request, pk, revisar=True)
    formset = ObservacionesPropuestaFormSet(request.POST, prefix="obs")
    if datos is None or not formset.is_valid():
        # Shown again with everything typed and its errors, never dropped by a redirect.
        messages.error(request, "No se devolvió la propuesta: revise las observaciones.")
        editable = get_propuesta_for_user(request.user, pk)[1]
        return _pagina_propuesta(
            request,
            propuesta,
            editable,
            PropuestaForm(instance=propuesta, ejercicio=propuesta.ronda.ejercicio),
            formset=formset,
            devolver_form=DevolverPropuestaForm(request.POST),
            status=400,
        )
    if error := _ejecutar(
        request,
        propuesta,
        workflow.propuesta_devolver,
        f"Propuesta de {propuesta.dependencia.siglas} devuelta con observaciones al enlace.",
        observaciones=formset.observaciones,
        **datos,
    ):
        return error
    return _siguiente(propuesta)
