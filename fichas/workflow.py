"""Every transition of a ficha técnica (docs/arquitectura.md, «Flujo de una ficha»), one atomic function each.

Each step locks the row, checks the state, the role and the optimistic `version` the user
saw, records who, when and the comment in HistorialFicha, bumps `version` and saves with
`update_fields` (the lock, the save and the history row are avgm.plataforma.pasos, shared
with the planning round). E-mail is queued for the task worker after commit, `robust`: a
committed step never answers an error because of its e-mail (the failure is logged). Views call
these functions and nothing else to change a ficha; forms only validate.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from avgm.models import Periodo
from avgm.plataforma import bitacora, pasos, revision, roles
from avgm.plataforma.pasos import (  # noqa: F401 - views and tests reach them through the workflow
    ConflictoDeVersion,
    PasoNoPermitido,
    cambios_desde_devolucion,
)
from dependencias.access import puede_capturar
from dependencias.models import Meta
from fichas import notificaciones
from fichas.models import (
    CAMPOS_BENEFICIARIOS,
    Evidencia,
    FichaTecnica,
    HistorialFicha,
    Observacion,
)
from fichas.observaciones import guardar_devolucion, por_atender, preparar_devolucion

Estado = FichaTecnica.Estado
Accion = HistorialFicha.Accion

# Fields the enlace fills in the form (quantities included); order = form order.
CAMPOS_EDITABLES = [
    "no_aplica",
    "justificacion_no_aplica",
    "cantidad_alcanzada",
    "justificacion_variacion",
    "actividades",
    "fechas_realizacion",
    "lugar",
    *CAMPOS_BENEFICIARIOS,
    "presupuesto_ejercido",
    "fuente_presupuesto",
    "obstaculos",
    "coordinacion",
]
# Carried forward from the meta's last approved ficha: context only, never quantities.
CAMPOS_ARRASTRABLES = ["actividades", "lugar", "coordinacion"]
ESTADOS_EDITABLES = {Estado.BORRADOR, Estado.OBSERVADA}


# The estados each step starts from, and what the user is told when the ficha is elsewhere.
DESDE = {
    "ficha_guardar": (ESTADOS_EDITABLES, "La ficha está {estado}: ya no se puede editar."),
    "ficha_enviar": (ESTADOS_EDITABLES, "Esta ficha ya fue enviada."),
    "ficha_devolver": ({Estado.ENVIADA}, "Solo se devuelve una ficha enviada."),
    "ficha_aprobar": ({Estado.ENVIADA}, "Solo se aprueba una ficha enviada."),
    "ficha_reabrir": ({Estado.APROBADA}, "Solo se reabre una ficha aprobada."),
    "evidencia_agregar": (ESTADOS_EDITABLES, "La ficha ya fue enviada: no se agregan evidencias."),
    "evidencia_retirar": (ESTADOS_EDITABLES, "La ficha ya fue enviada: no se retiran evidencias."),
    "observacion_responder": (
        {Estado.OBSERVADA},
        "Solo se responden observaciones de una ficha observada.",
    ),
}


def _bloquear(ficha: FichaTecnica, version: int | None, paso: str) -> FichaTecnica:
    """Lock the ficha still at the `version` the user saw and in an estado `paso` starts from."""
    desde, si_no = DESDE[paso]
    return pasos.bloquear(
        ficha,
        version,
        "periodo__ejercicio",
        "meta__dependencia",
        que="esta ficha",
        desde=desde,
        si_no=si_no,
    )


# The steps that decide what the figures count also go to the bitácora, so «who reopened
# which fichas this week» is one filter there; edits stay in the ficha's own history.
EN_LA_BITACORA = {
    Accion.ENVIAR: (bitacora.Tipo.FICHA_ENVIADA, "enviada al IMM"),
    Accion.DEVOLVER: (bitacora.Tipo.FICHA_DEVUELTA, "devuelta con observaciones"),
    Accion.APROBAR: (bitacora.Tipo.FICHA_APROBADA, "aprobada"),
    Accion.REABRIR: (bitacora.Tipo.FICHA_REABIERTA, "reabierta"),
    Accion.EVIDENCIA_RETIRADA: (bitacora.Tipo.EVIDENCIA_RETIRADA, "evidencia retirada"),
}


def _registrar(
    ficha: FichaTecnica,
    *,
    accion: str,
    usuario,
    anterior: str = "",
    comentario: str = "",
    cambios: dict | None = None,
    evidencia: Evidencia | None = None,
) -> HistorialFicha:
    """A history row that also says which estado the ficha left and which it reached; a
    step in EN_LA_BITACORA writes its bitácora event in the same transaction."""
    historial = pasos.registrar(
        HistorialFicha,
        "ficha",
        ficha,
        accion=accion,
        usuario=usuario,
        comentario=comentario,
        cambios=cambios,
        estado_anterior=anterior,
        estado_nuevo=ficha.estado,
    )
    if accion in EN_LA_BITACORA:
        _a_la_bitacora(ficha, accion, usuario, anterior, comentario, evidencia)
    return historial


def _a_la_bitacora(ficha, accion, usuario, anterior, comentario, evidencia) -> None:
    """One event naming the ficha, its dependencia, periodo and meta, with the estado before
    → after (or the evidence withdrawn). The step locked the ficha with its meta,
    dependencia and periodo joined, so this reads nothing."""
    tipo, que = EN_LA_BITACORA[accion]
    meta, periodo = ficha.meta, ficha.periodo
    estados = dict(Estado.choices)
    if evidencia is not None:
        antes = {f"Evidencia «{evidencia}»": "Vigente"}
        despues = {f"Evidencia «{evidencia}»": "Retirada"}
    else:
        antes = {"Estado": estados[anterior]} if anterior else None
        despues = {"Estado": estados[ficha.estado]}
    bitacora.registrar(
        tipo,
        usuario=usuario,
        objeto=ficha,
        descripcion=f"Ficha de la meta {meta.clave} ({meta.dependencia.siglas}), {periodo}: {que}",
        antes=antes,
        despues=despues,
        detalle={
            "Dependencia": meta.dependencia.siglas,
            "Periodo": str(periodo),
            "Meta": meta.clave,
            "Comentario": comentario,
        },
    )


def _exigir_enlace(ficha: FichaTecnica, usuario) -> None:
    if not puede_capturar(usuario, ficha.meta.dependencia_id):
        raise PasoNoPermitido("Solo el enlace de la dependencia captura esta ficha.")
    if ficha.periodo.cerrado:
        raise PasoNoPermitido(
            f"El periodo {ficha.periodo} está cerrado: la ficha es de solo lectura."
        )


def _exigir_revisar(usuario) -> None:
    if not roles.puede(usuario, roles.REVISAR):
        raise PasoNoPermitido("Solo una analista del IMM puede revisar fichas.")


def _texto(valor) -> str:
    return "" if valor is None else str(valor)


def ultima_aprobada(meta: Meta, periodo: Periodo) -> FichaTecnica | None:
    """The meta's most recent approved ficha before `periodo` (source of carry-forward)."""
    return (
        FichaTecnica.objects.aprobadas()
        .filter(meta=meta, periodo__numero__lt=periodo.numero, periodo__ejercicio=periodo.ejercicio)
        .order_by("-periodo__numero")
        .first()
        or FichaTecnica.objects.aprobadas()
        .filter(meta=meta)
        .exclude(periodo=periodo)
        .order_by("-periodo__ejercicio__anio", "-periodo__numero")
        .first()
    )


@transaction.atomic
def ficha_crear(*, meta: Meta, periodo: Periodo, usuario, arrastrar: bool = False) -> FichaTecnica:
    """Start the ficha of `meta` in `periodo` (idempotent), optionally from the last approved."""
    if not puede_capturar(usuario, meta.dependencia_id):
        raise PasoNoPermitido("Solo el enlace de la dependencia captura esta ficha.")
    if periodo.cerrado:
        raise PasoNoPermitido(f"El periodo {periodo} está cerrado.")
    if periodo.ejercicio_id != meta.ejercicio_id:
        raise PasoNoPermitido("El periodo no pertenece al ejercicio de la meta.")
    existente = FichaTecnica.objects.filter(meta=meta, periodo=periodo).first()
    if existente:
        return existente
    ficha = FichaTecnica(meta=meta, periodo=periodo, creada_por=usuario)
    comentario = ""
    origen = ultima_aprobada(meta, periodo) if arrastrar else None
    if origen:
        for campo in CAMPOS_ARRASTRABLES:
            setattr(ficha, campo, getattr(origen, campo))
        comentario = f"Iniciada a partir de la ficha aprobada de {origen.periodo}."
    ficha.save()
    _registrar(ficha, accion=Accion.CREAR, usuario=usuario, comentario=comentario)
    return ficha


@transaction.atomic
def ficha_guardar(*, ficha: FichaTecnica, usuario, datos: dict, version: int) -> FichaTecnica:
    """Save the enlace's edits as they are (borrador or observada), recording each change."""
    ficha = _bloquear(ficha, version, "ficha_guardar")
    _exigir_enlace(ficha, usuario)
    cambios = {}
    for campo in CAMPOS_EDITABLES:
        if campo not in datos:
            continue
        anterior, nuevo = getattr(ficha, campo), datos[campo]
        if anterior != nuevo:
            cambios[campo] = [_texto(anterior), _texto(nuevo)]
            setattr(ficha, campo, nuevo)
    if cambios:
        pasos.guardar(ficha, list(cambios))
        _registrar(ficha, accion=Accion.EDITAR, usuario=usuario, cambios=cambios)
    return ficha


def faltantes_para_enviar(ficha: FichaTecnica) -> list[str]:
    """What blocks a submission (the form usually catches these first)."""
    faltan = []
    if ficha.no_aplica and not ficha.justificacion_no_aplica.strip():
        faltan.append("La justificación de «no aplica» es obligatoria.")
    if not ficha.no_aplica and not ficha.actividades.strip():
        faltan.append("Describa las actividades realizadas.")
    return faltan


def medios_faltantes(ficha: FichaTecnica, evidencias: list | None = None) -> list[str]:
    """Medios de verificación the tipo de acción expects and no evidence declares (from the
    ficha's `evidencias` when the caller has them loaded already, withdrawn ones included)."""
    tipo = ficha.meta.tipo_accion
    if ficha.no_aplica or tipo is None:
        return []
    if evidencias is None:
        medios = ficha.evidencias.vigentes().values_list("medio_verificacion", flat=True)
    else:
        medios = [e.medio_verificacion for e in evidencias if e.retirada_en is None]
    declarados = {m.strip().lower() for m in medios}
    return [m for m in tipo.medios_lista if m.lower() not in declarados]


@transaction.atomic
def ficha_enviar(
    *, ficha: FichaTecnica, usuario, version: int, comentario: str = ""
) -> FichaTecnica:
    """borrador/observada → enviada. The first submission time is kept forever."""
    ficha = _bloquear(ficha, version, "ficha_enviar")
    _exigir_enlace(ficha, usuario)
    faltan = faltantes_para_enviar(ficha)
    if faltan:
        raise PasoNoPermitido(" ".join(faltan))
    anterior = ficha.estado
    ahora = timezone.now()
    ficha.estado = Estado.ENVIADA
    ficha.enviada_en = ahora
    if ficha.primer_envio_en is None:
        ficha.primer_envio_en = ahora
    pasos.guardar(ficha, ["estado", "enviada_en", "primer_envio_en"])
    _registrar(
        ficha, accion=Accion.ENVIAR, usuario=usuario, anterior=anterior, comentario=comentario
    )
    transaction.on_commit(lambda: notificaciones.avisar("enviada", ficha.pk), robust=True)
    return ficha


@transaction.atomic
def ficha_devolver(
    *,
    ficha: FichaTecnica,
    usuario,
    version: int,
    observaciones: list[dict],
    comentario: str = "",
) -> FichaTecnica:
    """enviada → observada with one or more observaciones ({codigo, texto, campos})."""
    _exigir_revisar(usuario)
    observaciones = preparar_devolucion(observaciones, CAMPOS_EDITABLES)
    ficha = _bloquear(ficha, version, "ficha_devolver")
    ficha.estado = Estado.OBSERVADA
    ficha.revisada_en = timezone.now()
    ficha.revisada_por = usuario
    pasos.guardar(ficha, ["estado", "revisada_en", "revisada_por"])
    evento = _registrar(
        ficha,
        accion=Accion.DEVOLVER,
        usuario=usuario,
        anterior=Estado.ENVIADA,
        comentario=comentario,
    )
    guardar_devolucion(
        Observacion, observaciones, devolucion=evento, creada_por=usuario, ficha=ficha
    )
    transaction.on_commit(lambda: notificaciones.avisar("devuelta", ficha.pk, evento), robust=True)
    return ficha


@transaction.atomic
def ficha_aprobar(
    *, ficha: FichaTecnica, usuario, version: int, comentario: str = ""
) -> FichaTecnica:
    """enviada → aprobada. An approved ficha never changes (only a reopen moves it)."""
    _exigir_revisar(usuario)
    ficha = _bloquear(ficha, version, "ficha_aprobar")
    ahora = timezone.now()
    ficha.estado = Estado.APROBADA
    ficha.revisada_en = ahora
    ficha.revisada_por = usuario
    ficha.aprobada_en = ahora
    pasos.guardar(ficha, ["estado", "revisada_en", "revisada_por", "aprobada_en"])
    _registrar(
        ficha,
        accion=Accion.APROBAR,
        usuario=usuario,
        anterior=Estado.ENVIADA,
        comentario=comentario,
    )
    transaction.on_commit(lambda: notificaciones.avisar("aprobada", ficha.pk), robust=True)
    return ficha


@transaction.atomic
def ficha_reabrir(*, ficha: FichaTecnica, usuario, version: int, motivo: str) -> FichaTecnica:
    """aprobada → observada, so the enlace can correct it; the reason is required, and the
    enlaces are told it by e-mail (the ficha page shows it on top until approved again)."""
    _exigir_revisar(usuario)
    if not motivo.strip():
        raise PasoNoPermitido("Indique el motivo de la reapertura.")
    ficha = _bloquear(ficha, version, "ficha_reabrir")
    ficha.estado = Estado.OBSERVADA
    ficha.aprobada_en = None
    pasos.guardar(ficha, ["estado", "aprobada_en"])
    evento = _registrar(
        ficha,
        accion=Accion.REABRIR,
        usuario=usuario,
        anterior=Estado.APROBADA,
        comentario=motivo.strip(),
    )
    transaction.on_commit(lambda: notificaciones.avisar("reabierta", ficha.pk, evento), robust=True)
    return ficha


@transaction.atomic
def evidencia_agregar(
    *, ficha: FichaTecnica, usuario, version: int, datos: dict
) -> tuple[FichaTecnica, Evidencia]:
    """Attach a file or a link (already validated by EvidenciaForm)."""
    ficha = _bloquear(ficha, version, "evidencia_agregar")
    _exigir_enlace(ficha, usuario)
    archivo = datos.get("archivo")
    evidencia = Evidencia(
        ficha=ficha,
        url=datos.get("url") or "",
        descripcion=datos.get("descripcion", ""),
        medio_verificacion=datos.get("medio_verificacion", ""),
        contiene_datos_personales=datos.get("contiene_datos_personales", True),
        subida_por=usuario,
    )
    if archivo:
        evidencia.nombre_original = archivo.name
        evidencia.tipo_contenido = datos.get("tipo_contenido", "")
        evidencia.tamano = archivo.size
        evidencia.archivo.save(archivo.name, archivo, save=False)
    evidencia.save()
    pasos.guardar(ficha, [])
    _registrar(ficha, accion=Accion.EVIDENCIA, usuario=usuario, comentario=str(evidencia))
    return ficha, evidencia


@transaction.atomic
def evidencia_retirar(
    *, evidencia: Evidencia, usuario, version: int, motivo: str = ""
) -> FichaTecnica:
    """Withdraw (never delete) an evidence while the ficha is editable."""
    ficha = _bloquear(evidencia.ficha, version, "evidencia_retirar")
    _exigir_enlace(ficha, usuario)
    if evidencia.retirada_en:
        raise PasoNoPermitido("Esa evidencia ya estaba retirada.")
    evidencia.retirada_en = timezone.now()
    evidencia.retirada_por = usuario
    evidencia.motivo_retiro = motivo
    evidencia.save(update_fields=["retirada_en", "retirada_por", "motivo_retiro"])
    pasos.guardar(ficha, [])
    _registrar(
        ficha,
        accion=Accion.EVIDENCIA_RETIRADA,
        usuario=usuario,
        comentario=f"{evidencia} {motivo}".strip(),
        evidencia=evidencia,
    )
    return ficha


def _periodo_marcar(periodo: Periodo, usuario, *, cerrado: bool) -> Periodo:
    """Set `cerrado` (an UPDATE: no signal fires) and record it in the bitácora."""
    _exigir_revisar(usuario)
    antes = Periodo.objects.select_for_update().values_list("cerrado", flat=True).get(pk=periodo.pk)
    if antes == cerrado:  # already so (a double click): nothing changes, nothing to record
        periodo.refresh_from_db()
        return periodo
    Periodo.objects.filter(pk=periodo.pk).update(cerrado=cerrado)
    revision.marcar_cambio(periodo)
    periodo.refresh_from_db()
    bitacora.registrar(
        bitacora.Tipo.PERIODO_CERRADO if cerrado else bitacora.Tipo.PERIODO_REABIERTO,
        usuario=usuario,
        objeto=periodo,
        descripcion=(
            f"Periodo {periodo} cerrado: sus fichas quedan en solo lectura para los enlaces."
            if cerrado
            else f"Periodo {periodo} reabierto para captura."
        ),
        antes={"cerrado": antes},
        despues={"cerrado": cerrado},
    )
    return periodo


@transaction.atomic
def periodo_cerrar(*, periodo: Periodo, usuario) -> Periodo:
    """Close a periodo: its fichas become read-only for enlaces."""
    return _periodo_marcar(periodo, usuario, cerrado=True)


@transaction.atomic
def periodo_reabrir(*, periodo: Periodo, usuario) -> Periodo:
    """Open a closed periodo again, so its enlaces may capture and submit."""
    return _periodo_marcar(periodo, usuario, cerrado=False)


@transaction.atomic
def observacion_responder(
    *, observacion: Observacion, usuario, version: int, respuesta: str
) -> FichaTecnica:
    """The enlace answers an observación of the current return (kept in the history); one
    attended by an earlier submission stays as it was."""
    if not respuesta.strip():
        raise PasoNoPermitido("Escriba la respuesta a la observación.")
    ficha = _bloquear(observacion.ficha, version, "observacion_responder")
    _exigir_enlace(ficha, usuario)
    if not por_atender(list(ficha.historial.only("pk", "accion")), [observacion]):
        raise PasoNoPermitido("Esa observación ya se atendió en un envío anterior.")
    observacion.respuesta = respuesta.strip()
    observacion.respondida_en = timezone.now()
    observacion.save(update_fields=["respuesta", "respondida_en"])
    pasos.guardar(ficha, [])
    _registrar(
        ficha,
        accion=Accion.EDITAR,
        usuario=usuario,
        comentario=f"Respuesta a «{observacion.codigo}»: {observacion.respuesta}",
    )
    return ficha
