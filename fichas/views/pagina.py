"""The ficha page as every view on it renders it: first load, errors (400), stale page (409).

The enlace's page is ONE form: every button (save, submit, add or withdraw evidence, answer
an observación) posts every typed field, and `guardar_lo_escrito` saves them as a draft
before the button's own action, so no action ever discards what was typed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from avgm.plataforma import roles
from avgm.plataforma.cargas import limite_de_carga
from dependencias.access import puede_capturar
from fichas import selectors, workflow
from fichas.access import fichas_visibles, get_ficha_for_user
from fichas.forms import (
    AprobarForm,
    DevolverForm,
    EnviarForm,
    EvidenciaForm,
    FichaForm,
    ObservacionesFormSet,
    ReabrirForm,
    RespuestasForm,
    pendientes_de_envio,
)
from fichas.models import CAMPOS_BENEFICIARIOS, FichaTecnica
from fichas.observaciones import atendidas, por_atender, reapertura_vigente

# Hidden field of the one-form page: the POST carries the ficha's fields to save first.
MARCA_FICHA = "con_ficha"
# Every button of the one-form page posts its evidence file too: each view it posts to
# refuses a file over the limit before reading it whole.
con_evidencia = limite_de_carga(lambda: settings.AVGM_EVIDENCIA_TAMANO_MAXIMO)
# Shown in their own table and line on the read-only page, not in the field list.
_CAMPOS_EN_TABLA = {*CAMPOS_BENEFICIARIOS, "presupuesto_ejercido", "fuente_presupuesto"}


def programado(ficha: FichaTecnica) -> int:
    """The quantity programmed for the ficha's meta in its periodo (one row at most: no
    ordering, so no join to the periodos)."""
    cantidades = ficha.meta.programacion.filter(periodo_id=ficha.periodo_id).order_by()
    return cantidades.values_list("cantidad", flat=True).first() or 0


def etiqueta(campo: str) -> str:
    return str(FichaTecnica._meta.get_field(campo).verbose_name)


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


def _respuestas(request: HttpRequest, pendientes: list, vacia: int | None) -> RespuestasForm:
    """The answers' fields: on a re-render, what was typed wins over the stored answer, and
    the one whose «Responder» was pressed empty says so."""
    if request.method != "POST":
        return RespuestasForm(observaciones=pendientes)
    datos = {
        RespuestasForm.nombre(o): request.POST.get(RespuestasForm.nombre(o), o.respuesta)
        for o in pendientes
    }
    form = RespuestasForm(datos, observaciones=pendientes)
    form.is_valid()
    for o in pendientes:
        if o.pk == vacia:
            form.add_error(RespuestasForm.nombre(o), "Escriba la respuesta antes de responder.")
    return form


def cambios_con_respuestas(cambios: dict, observaciones: list, etiquetas: dict) -> list[dict]:
    """«Cambios desde la última devolución» for the analista: each changed field with its
    value before and now and the observaciones of that return pinned to it (the enlace's
    answer beside the change); a field an observación pinned that did not change is listed
    too, so an answer is never left without its field."""
    filas = []
    for campo in [*cambios, *(c for o in observaciones for c in o.campos if c not in cambios)]:
        if any(f["campo"] == campo for f in filas):
            continue
        antes, ahora = cambios.get(campo, (None, None))
        filas.append(
            {
                "campo": campo,
                "etiqueta": etiquetas.get(campo, campo),
                "cambio": campo in cambios,
                "antes": antes,
                "ahora": ahora,
                "observaciones": [o for o in observaciones if campo in o.campos],
            }
        )
    # Right after a return nothing has moved yet: no table of «sin cambios» rows.
    if not any(f["cambio"] or any(o.respuesta for o in f["observaciones"]) for f in filas):
        return []
    return filas


def _ultima_devolucion(historial) -> int | None:
    ids = [h.pk for h in historial if h.accion == "devolver"]
    return ids[-1] if ids else None


def contexto_ficha(request: HttpRequest, ficha: FichaTecnica, editable: bool, **extra) -> dict:
    """Everything the ficha page shows (shared by the page and its re-renders)."""
    # The observaciones once: listed on the page and, by return, under each history entry
    # (joined to what the page prints of them: their code, not their return or author).
    observaciones = list(ficha.observaciones.select_related("codigo"))
    historial = list(ficha.historial.select_related("usuario"))
    devoluciones_atendidas = atendidas(historial)
    for h in historial:
        h.observaciones_de = [o for o in observaciones if o.devolucion_id == h.pk]
        h.atendida = h.pk in devoluciones_atendidas
    evidencias = list(ficha.evidencias.select_related("subida_por"))  # who uploaded each
    pendientes = (
        por_atender(historial, observaciones)
        if ficha.estado == FichaTecnica.Estado.OBSERVADA
        else []
    )
    cantidad_programada = programado(ficha)
    etiquetas = {c: etiqueta(c) for c in workflow.CAMPOS_EDITABLES}
    cambios = workflow.cambios_desde_devolucion(historial)
    de_la_devolucion = [
        o for o in observaciones if o.devolucion_id == _ultima_devolucion(historial)
    ]
    respuestas = _respuestas(request, pendientes, extra.pop("respuesta_vacia", None))
    contexto = {
        "ficha": ficha,
        "meta": ficha.meta,
        "recomendaciones": list(ficha.meta.recomendaciones.all()),
        "programado": cantidad_programada,
        "acumulado": selectors.acumulado_aprobado(ficha),
        "editable": editable,
        "marca_ficha": MARCA_FICHA,
        "historial": historial,
        "reapertura": reapertura_vigente(historial),
        "observaciones": observaciones,
        "observaciones_pendientes": pendientes,
        "respuestas": [(o, respuestas[RespuestasForm.nombre(o)]) for o in pendientes],
        "evidencias": evidencias,
        "medios_esperados": ficha.meta.tipo_accion.medios_lista if ficha.meta.tipo_accion else [],
        "medios_faltantes": workflow.medios_faltantes(ficha, evidencias) if editable else [],
        "cambios": cambios_con_respuestas(cambios, de_la_devolucion, etiquetas),
        "respuestas_sin_campo": [o for o in de_la_devolucion if o.respuesta and not o.campos],
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
                instance=ficha,
                programado=cantidad_programada,
                resaltar=sorted({c for o in pendientes for c in o.campos}),
            ),
        )
        contexto["pendientes_envio"] = [
            (campo, etiquetas[campo], texto)
            for campo, texto in pendientes_de_envio(ficha, cantidad_programada)
        ]
        contexto.setdefault("enviar_form", EnviarForm(initial={"version": ficha.version}))
        contexto.setdefault("evidencia_form", EvidenciaForm(medios=contexto["medios_esperados"]))
    elif roles.puede(request.user, roles.REVISAR):
        contexto["anterior"], contexto["siguiente"] = vecinos_en_cola(request.user, ficha)
        contexto.setdefault("devolver_form", DevolverForm(initial={"version": ficha.version}))
        contexto.setdefault("observaciones_formset", ObservacionesFormSet(prefix="obs"))
        contexto.setdefault("aprobar_form", AprobarForm(initial={"version": ficha.version}))
        contexto.setdefault("reabrir_form", ReabrirForm(initial={"version": ficha.version}))
    contexto.update(extra)
    return contexto


def pagina_ficha(
    request: HttpRequest, ficha: FichaTecnica, editable: bool, *, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "fichas/ficha.html",
        contexto_ficha(request, ficha, editable, **extra),
        status=status,
    )


def _quien(ficha: FichaTecnica, usuario) -> str:
    """Who saved the version the page did not know: the same person in another tab is told
    so, rather than blamed on «otra persona»."""
    ultimo = ficha.historial.select_related("usuario").order_by("-fecha", "-pk").first()
    if ultimo is not None and ultimo.usuario_id == usuario.pk:
        return "Usted mismo, en otra pestaña o ventana, modificó esta ficha"
    if ultimo is None or ultimo.usuario is None:
        return "Otra pestaña o persona modificó esta ficha"
    nombre = ultimo.usuario.get_full_name() or ultimo.usuario.username
    cuando = timezone.localtime(ultimo.fecha).strftime("%d/%m/%Y %H:%M")
    return f"Otra pestaña o persona ({nombre}, {cuando}) modificó esta ficha"


def _que_paso(ficha: FichaTecnica, usuario) -> str:
    """What changed under the person's feet, from the ficha as it is now."""
    if ficha.periodo.cerrado:
        return (
            f"El periodo {ficha.periodo} se cerró mientras usted tenía abierta la ficha: "
            "ahora es de solo lectura."
        )
    Estado = FichaTecnica.Estado
    ahora = {
        Estado.ENVIADA: "ya se envió al IMM (quizá desde otra pestaña)",
        Estado.APROBADA: "ya fue aprobada",
        Estado.OBSERVADA: "está devuelta al enlace con observaciones",
        Estado.BORRADOR: "sigue en borrador, con cambios que usted no veía",
    }[ficha.estado]
    return f"{_quien(ficha, usuario)} mientras usted la tenía abierta aquí: {ahora}."


# Typed fields worth giving back, by the name they are posted under, beyond the ficha's own.
_OTROS_CAMPOS = [
    ("comentario", "Comentario"),
    ("motivo", "Motivo"),
    ("descripcion", "Descripción de la evidencia"),
    ("url", "Enlace de la evidencia"),
    ("medio_verificacion", "Medio de verificación"),
]


def distintos_de_lo_guardado(datos, ficha: FichaTecnica) -> list[str]:
    """The ficha's fields whose posted value differs from the saved one (a page of the
    one-form ficha only; other forms post none of its fields)."""
    if datos.get(MARCA_FICHA) != "1":
        return []
    form = FichaForm(datos, instance=ficha, programado=0)
    return [c for c in workflow.CAMPOS_EDITABLES if c in form.changed_data]


def lo_escrito(datos, distintos=()) -> list[tuple[str, str, bool]]:
    """(label, text, differs from what is saved) of everything typed in a POST, so a refused
    page can give it back and say which of the ficha's fields are not what is saved."""
    escrito = []
    for campo in workflow.CAMPOS_EDITABLES:
        valor = (datos.get(campo) or "").strip()
        if valor and valor not in ("0", "0.00", "on"):
            escrito.append((etiqueta(campo).capitalize(), valor, campo in distintos))
    for nombre, valor in datos.items():
        if nombre.startswith("respuesta") and valor.strip():
            escrito.append(("Respuesta a la observación", valor.strip(), False))
        elif nombre.startswith("obs-") and nombre.endswith("-texto") and valor.strip():
            escrito.append(("Observación", valor.strip(), False))
    escrito += [
        (e, datos[n].strip(), False) for n, e in _OTROS_CAMPOS if (datos.get(n) or "").strip()
    ]
    return escrito


def pagina_desfasada(request: HttpRequest, pk: int) -> HttpResponse:
    """409: the ficha moved on (another tab or person); say what happened, give the text back."""
    ficha, editable = get_ficha_for_user(request.user, pk)
    distintos = distintos_de_lo_guardado(request.POST, ficha)
    return pagina_ficha(
        request,
        ficha,
        editable,
        status=409,
        aviso_desfase=_que_paso(ficha, request.user)
        + " Lo que usted escribió no se guardó: está abajo, para que pueda copiarlo.",
        escrito=lo_escrito(request.POST, distintos),
        distintos=[etiqueta(c).capitalize() for c in distintos],
    )


def negar_o_desfasada(request: HttpRequest, ficha: FichaTecnica) -> HttpResponse:
    """The ficha's own enlace on a page that went stale gets it back; anyone else a 403."""
    from django.core.exceptions import PermissionDenied

    if puede_capturar(request.user, ficha.meta.dependencia_id):
        return pagina_desfasada(request, ficha.pk)
    raise PermissionDenied


def guardar_lo_escrito(
    request: HttpRequest, ficha: FichaTecnica, *, siempre: bool = False
) -> tuple[FichaTecnica, HttpResponse | None]:
    """Save the page's typed fields and answers as a draft before the button's own action.

    Only when the POST carries them (the one-form page, or `siempre`). Returns the fresh
    ficha (its new `version` is the one the action must use) or the response to return:
    400 with the fields' errors, 409 when the page went stale.
    """
    if not siempre and request.POST.get(MARCA_FICHA) != "1":
        return ficha, None
    form, respuestas = formularios_de_edicion(request, ficha)
    if not (form.is_valid() and respuestas.is_valid()):
        messages.error(request, "Revise los campos marcados: no se guardó nada todavía.")
        return ficha, pagina_ficha(request, ficha, True, status=400, form=form)
    try:
        ficha = guardar_validados(request.user, ficha, form, respuestas)
    except workflow.PasoNoPermitido:
        return ficha, pagina_desfasada(request, ficha.pk)
    return ficha, None


def formularios_de_edicion(request: HttpRequest, ficha: FichaTecnica):
    """The ficha's fields and the answers to its observaciones, bound to the POST."""
    form = FichaForm(request.POST, instance=ficha, programado=programado(ficha))
    respuestas = RespuestasForm(
        request.POST, observaciones=ficha.observaciones.select_related("codigo")
    )
    return form, respuestas


@transaction.atomic
def guardar_validados(usuario, ficha: FichaTecnica, form, respuestas) -> FichaTecnica:
    """Save valid fields and answers in one transaction; PasoNoPermitido when stale."""
    ficha = workflow.ficha_guardar(
        ficha=ficha,
        usuario=usuario,
        datos={c: form.cleaned_data[c] for c in workflow.CAMPOS_EDITABLES},
        version=form.cleaned_data["version"],
    )
    for observacion, texto in respuestas.nuevas().items():
        ficha = workflow.observacion_responder(
            observacion=observacion, usuario=usuario, version=ficha.version, respuesta=texto
        )
    return ficha
