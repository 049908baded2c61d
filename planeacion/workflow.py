"""Every step of the planning round, one atomic function each (like fichas.workflow).

Each step checks the role and the state, locks the row, checks the optimistic `version` the
user saw, records who, when and the comment in HistorialPropuesta (or the bitácora for what
changes official metas) and queues e-mail after commit (`robust`, like the fichas). The lock,
the versioned save and the history row are avgm.plataforma.pasos, shared with the fichas.
Views call these and nothing else.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from avgm.models import Ejercicio, Recomendacion
from avgm.plataforma import bitacora, pasos, roles
from avgm.plataforma.municipios import municipio_de
from avgm.plataforma.pasos import (  # noqa: F401 - views and tests reach them through the workflow
    ConflictoDeVersion,
    PasoNoPermitido,
    cambios_desde_devolucion,
)
from dependencias.access import puede_capturar
from dependencias.models import TRIMESTRES, Meta, Programacion, SolicitudModificacion, VersionMeta
from fichas.models import CodigoObservacion, FichaTecnica
from fichas.observaciones import guardar_devolucion, preparar_devolucion
from planeacion import notificaciones
from planeacion.models import (
    CAMPOS_PROPUESTA,
    HistorialPropuesta,
    ObservacionPropuesta,
    PropuestaMeta,
    RondaPlaneacion,
)

Estado = PropuestaMeta.Estado
Accion = HistorialPropuesta.Accion


def _exigir_revisar(usuario) -> None:
    if not roles.puede(usuario, roles.REVISAR):
        raise PasoNoPermitido("Solo una analista del IMM acuerda la planeación.")


def _exigir_enlace(usuario, dependencia_id: int) -> None:
    if not puede_capturar(usuario, dependencia_id):
        raise PasoNoPermitido("Solo el enlace de la dependencia propone sus metas.")


# The estados each step starts from, and what the user is told when the proposal is elsewhere.
DESDE = {
    "propuesta_guardar": (
        PropuestaMeta.ESTADOS_EDITABLES,
        "La propuesta está {estado}: ya no se edita.",
    ),
    "propuesta_enviar": (PropuestaMeta.ESTADOS_EDITABLES, "Esta propuesta ya fue enviada."),
    "propuesta_retirar": (
        {Estado.BORRADOR, Estado.ENVIADA, Estado.DEVUELTA},
        "Una propuesta acordada o retirada no se retira.",
    ),
    "propuesta_devolver": ({Estado.ENVIADA}, "Solo se devuelve una propuesta enviada."),
    "propuesta_acordar": ({Estado.ENVIADA}, "Solo se acuerda una propuesta enviada."),
}


def _bloquear(propuesta: PropuestaMeta, version: int | None, paso: str) -> PropuestaMeta:
    """Lock the proposal still at the `version` the user saw and in an estado `paso` starts
    from."""
    desde, si_no = DESDE[paso]
    return pasos.bloquear(
        propuesta,
        version,
        "ronda__ejercicio",
        "dependencia",
        que="esta propuesta",
        desde=desde,
        si_no=si_no,
    )


_registrar = partial(pasos.registrar, HistorialPropuesta, "propuesta")


def valor_legible(propuesta: PropuestaMeta, campo: str) -> str:
    """A field as the history shows it (tipo de acción by name, recomendaciones by clave)."""
    if campo == "recomendaciones":
        return ", ".join(sorted(r.clave for r in propuesta.recomendaciones.all()))
    valor = getattr(propuesta, campo)
    return "" if valor is None else str(valor)


# --- The round ---------------------------------------------------------------------------


@transaction.atomic
def ronda_abrir(*, anio: int, fecha_limite: datetime.date, usuario) -> RondaPlaneacion:
    """Open the planning of ejercicio `anio` of the municipio `usuario` works in (created with
    its trimestres if missing)."""
    _exigir_revisar(usuario)
    municipio = municipio_de(usuario)
    if municipio is None:
        raise PasoNoPermitido("Su cuenta no está adscrita a ningún municipio.")
    ejercicio = Ejercicio.objects.de(municipio).filter(anio=anio).first() or (
        Ejercicio.objects.crear(anio, municipio=municipio)
    )
    if RondaPlaneacion.objects.filter(ejercicio=ejercicio).exists():
        raise PasoNoPermitido(f"La planeación de {anio} ya está abierta.")
    ronda = RondaPlaneacion.objects.create(
        ejercicio=ejercicio, fecha_limite=fecha_limite, abierta_por=usuario
    )
    bitacora.registrar(
        bitacora.Tipo.PLANEACION_ABIERTA,
        usuario=usuario,
        objeto=ronda,
        descripcion=f"Planeación del ejercicio {anio} abierta; propuestas hasta el "
        f"{fecha_limite:%d/%m/%Y}.",
        despues={"ejercicio": anio, "fecha_limite": fecha_limite},
    )
    transaction.on_commit(lambda: notificaciones.ronda_abierta(ronda.pk), robust=True)
    return ronda


# --- Proposals by the enlace --------------------------------------------------------------


def _aplicar_datos(propuesta: PropuestaMeta, datos: dict) -> dict[str, list[str]]:
    """Set the proposal's fields from `datos`; return {campo: [antes, después]} of changes."""
    cambios = {}
    for campo in CAMPOS_PROPUESTA:
        if campo not in datos:
            continue
        antes = valor_legible(propuesta, campo)
        if campo == "recomendaciones":
            propuesta.recomendaciones.set(datos[campo])
        else:
            setattr(propuesta, campo, datos[campo])
        despues = valor_legible(propuesta, campo)
        if antes != despues:
            cambios[campo] = [antes, despues]
    return cambios


def _vigentes(ronda: RondaPlaneacion, recomendaciones) -> list[Recomendacion]:
    """Only recomendaciones in force in the round's ejercicio, applying to its municipio, may
    be answered."""
    pks = [r.pk if isinstance(r, Recomendacion) else r for r in recomendaciones]
    return list(Recomendacion.objects.aplicables(ronda.ejercicio).filter(pk__in=pks))


@transaction.atomic
def propuesta_crear(*, ronda, dependencia, usuario, datos: dict, origen: Meta | None = None):
    """A new proposal (borrador) of `dependencia`, optionally carried from a previous meta."""
    _exigir_enlace(usuario, dependencia.pk)
    if dependencia.municipio_id != ronda.ejercicio.municipio_id:
        raise PasoNoPermitido("La dependencia no es del municipio de esta planeación.")
    propuesta = PropuestaMeta(
        ronda=ronda, dependencia=dependencia, origen=origen, propuesta_por=usuario
    )
    for campo in CAMPOS_PROPUESTA:
        if campo != "recomendaciones" and campo in datos:
            setattr(propuesta, campo, datos[campo])
    propuesta.save()
    propuesta.recomendaciones.set(_vigentes(ronda, datos.get("recomendaciones", [])))
    comentario = f"A partir de la meta {origen.clave} de {origen.ejercicio.anio}." if origen else ""
    _registrar(propuesta, accion=Accion.CREAR, usuario=usuario, comentario=comentario)
    return propuesta


def propuesta_arrastrar(*, ronda, meta: Meta, usuario) -> PropuestaMeta:
    """Carry a previous year's meta forward: a borrador with its fields and programación.

    Recomendaciones no longer in force are dropped; the enlace adjusts the rest.
    """
    if meta.ejercicio.anio >= ronda.anio:
        raise PasoNoPermitido("Solo se arrastran metas de un ejercicio anterior.")
    if PropuestaMeta.objects.vigentes().filter(ronda=ronda, origen=meta).exists():
        raise PasoNoPermitido(f"La meta {meta.clave} ya tiene una propuesta en esta planeación.")
    cantidades = dict(meta.programacion.values_list("periodo__numero", "cantidad"))
    datos = {
        "descripcion": meta.descripcion,
        "linea_accion": meta.linea_accion,
        "tipo_accion": meta.tipo_accion,
        "unidad_medida": meta.unidad_medida,
        "recomendaciones": list(meta.recomendaciones.values_list("pk", flat=True)),
        **{f"t{n}": cantidades.get(n, 0) for n in TRIMESTRES},
    }
    return propuesta_crear(
        ronda=ronda, dependencia=meta.dependencia, usuario=usuario, datos=datos, origen=meta
    )


@transaction.atomic
def propuesta_guardar(*, propuesta, usuario, version: int, datos: dict) -> PropuestaMeta:
    """Save the enlace's edits (borrador or devuelta), recording each field before → after."""
    propuesta = _bloquear(propuesta, version, "propuesta_guardar")
    _exigir_enlace(usuario, propuesta.dependencia_id)
    if "recomendaciones" in datos:
        datos = {**datos, "recomendaciones": _vigentes(propuesta.ronda, datos["recomendaciones"])}
    cambios = _aplicar_datos(propuesta, datos)
    if cambios:
        pasos.guardar(propuesta, [c for c in cambios if c != "recomendaciones"])
        _registrar(propuesta, accion=Accion.EDITAR, usuario=usuario, cambios=cambios)
    return propuesta


def faltantes_para_enviar(propuesta: PropuestaMeta) -> list[str]:
    faltan = []
    if not propuesta.descripcion.strip():
        faltan.append("Describa la meta.")
    if not propuesta.recomendaciones.exists():
        faltan.append("Indique al menos una recomendación que atiende.")
    if propuesta.total == 0:
        faltan.append("Programe una cantidad en al menos un trimestre.")
    return faltan


@transaction.atomic
def propuesta_enviar(*, propuesta, usuario, version: int, comentario: str = "") -> PropuestaMeta:
    """borrador/devuelta → enviada: the IMM reviews it."""
    propuesta = _bloquear(propuesta, version, "propuesta_enviar")
    _exigir_enlace(usuario, propuesta.dependencia_id)
    if faltan := faltantes_para_enviar(propuesta):
        raise PasoNoPermitido(" ".join(faltan))
    propuesta.estado = Estado.ENVIADA
    propuesta.enviada_en = timezone.now()
    pasos.guardar(propuesta, ["estado", "enviada_en"])
    _registrar(propuesta, accion=Accion.ENVIAR, usuario=usuario, comentario=comentario)
    transaction.on_commit(
        lambda: notificaciones.PROPUESTAS.avisar("enviada", propuesta.pk), robust=True
    )
    return propuesta


@transaction.atomic
def propuesta_retirar(*, propuesta, usuario, version: int, motivo: str = "") -> PropuestaMeta:
    """The enlace withdraws a proposal not yet agreed (kept, never deleted)."""
    propuesta = _bloquear(propuesta, version, "propuesta_retirar")
    _exigir_enlace(usuario, propuesta.dependencia_id)
    propuesta.estado = Estado.RETIRADA
    pasos.guardar(propuesta, ["estado"])
    _registrar(propuesta, accion=Accion.RETIRAR, usuario=usuario, comentario=motivo.strip())
    return propuesta


# --- Consensus with the IMM ---------------------------------------------------------------


@transaction.atomic
def propuesta_devolver(
    *, propuesta, usuario, version: int, observaciones: list[dict], comentario: str = ""
) -> PropuestaMeta:
    """enviada → devuelta with one or more observaciones ({codigo, texto, campos})."""
    _exigir_revisar(usuario)
    observaciones = preparar_devolucion(
        observaciones, CAMPOS_PROPUESTA, CodigoObservacion.Uso.PROPUESTA
    )
    propuesta = _bloquear(propuesta, version, "propuesta_devolver")
    propuesta.estado = Estado.DEVUELTA
    pasos.guardar(propuesta, ["estado"])
    evento = _registrar(propuesta, accion=Accion.DEVOLVER, usuario=usuario, comentario=comentario)
    guardar_devolucion(
        ObservacionPropuesta,
        observaciones,
        devolucion=evento,
        creada_por=usuario,
        propuesta=propuesta,
    )
    transaction.on_commit(
        lambda: notificaciones.PROPUESTAS.avisar("devuelta", propuesta.pk, evento), robust=True
    )
    return propuesta


def _clave_nueva(propuesta: PropuestaMeta) -> str:
    """The official meta's clave: last year's with the year moved on, else SIGLAS-AÑO-NN."""
    anio = propuesta.ronda.anio
    usadas = set(
        Meta.objects.filter(ejercicio_id=propuesta.ronda.ejercicio_id).values_list(
            "clave", flat=True
        )
    )
    origen = propuesta.origen
    if origen and str(origen.ejercicio.anio) in origen.clave:
        candidata = origen.clave.replace(str(origen.ejercicio.anio), str(anio))
        if candidata not in usadas:
            return candidata
    n = 1
    while f"{propuesta.dependencia.siglas}-{anio}-{n:02d}" in usadas:
        n += 1
    return f"{propuesta.dependencia.siglas}-{anio}-{n:02d}"


def _nueva_version(meta: Meta, *, usuario, motivo: str) -> VersionMeta:
    estado = meta.estado_programacion()
    ultima = meta.versiones.order_by("-numero").values_list("numero", flat=True).first() or 0
    claves = Recomendacion.objects.filter(pk__in=estado["recomendaciones"])
    return VersionMeta.objects.create(
        meta=meta,
        numero=ultima + 1,
        programacion=estado["programacion"],
        recomendaciones=sorted(claves.values_list("clave", flat=True)),
        motivo=motivo[:300],
        creada_por=usuario,
    )


@transaction.atomic
def propuesta_acordar(*, propuesta, usuario, version: int, comentario: str = "") -> PropuestaMeta:
    """enviada → acordada: the proposal becomes an official meta of the ejercicio."""
    _exigir_revisar(usuario)
    propuesta = _bloquear(propuesta, version, "propuesta_acordar")
    ahora = timezone.now()
    ejercicio = propuesta.ronda.ejercicio
    meta = Meta.objects.create(
        ejercicio=ejercicio,
        dependencia=propuesta.dependencia,
        clave=_clave_nueva(propuesta),
        descripcion=propuesta.descripcion,
        linea_accion=propuesta.linea_accion,
        tipo_accion=propuesta.tipo_accion,
        unidad_medida=propuesta.unidad_medida,
        propuesta_por=propuesta.propuesta_por,
        acordada_por=usuario,
        acordada_en=ahora,
    )
    meta.recomendaciones.set(propuesta.recomendaciones.all())
    periodos = {p.numero: p for p in ejercicio.periodos.all()}
    for n, cantidad in zip(TRIMESTRES, propuesta.programacion, strict=True):
        if cantidad:
            Programacion.objects.create(meta=meta, periodo=periodos[n], cantidad=cantidad)
    _nueva_version(meta, usuario=usuario, motivo="Acuerdo de la planeación anual")
    propuesta.estado = Estado.ACORDADA
    propuesta.acordada_por = usuario
    propuesta.acordada_en = ahora
    propuesta.meta = meta
    pasos.guardar(propuesta, ["estado", "acordada_por", "acordada_en", "meta"])
    _registrar(propuesta, accion=Accion.ACORDAR, usuario=usuario, comentario=comentario)
    bitacora.registrar(
        bitacora.Tipo.META_ACORDADA,
        usuario=usuario,
        objeto=meta,
        descripcion=f"Meta {meta.clave} de {meta.dependencia.siglas} acordada para "
        f"{ejercicio.anio} (propuesta por {propuesta.propuesta_por}).",
        despues={
            "clave": meta.clave,
            "programacion": dict(
                zip(("T1", "T2", "T3", "T4"), propuesta.programacion, strict=True)
            ),
            "recomendaciones": valor_legible(propuesta, "recomendaciones"),
        },
    )
    transaction.on_commit(
        lambda: notificaciones.PROPUESTAS.avisar("acordada", propuesta.pk), robust=True
    )
    return propuesta


# --- Changes after agreement ---------------------------------------------------------------


@transaction.atomic
def modificacion_solicitar(
    *, meta: Meta, usuario, justificacion: str, programacion: dict, recomendaciones: list
) -> SolicitudModificacion:
    """Ask to change an agreed meta's programación ({n: cantidad}) or recomendaciones."""
    if not (puede_capturar(usuario, meta.dependencia_id) or roles.puede(usuario, roles.REVISAR)):
        raise PasoNoPermitido("Solo el enlace de la dependencia o el IMM piden modificaciones.")
    if not justificacion.strip():
        raise PasoNoPermitido("Una modificación necesita su justificación.")
    meta = Meta.objects.select_for_update().get(pk=meta.pk)
    if not meta.acordada:
        raise PasoNoPermitido("Esta meta no fue acordada: no requiere solicitud.")
    propuesta = {
        "programacion": {str(n): int(programacion.get(n, 0)) for n in TRIMESTRES},
        "recomendaciones": sorted(
            r.pk
            for r in Recomendacion.objects.aplicables(meta.ejercicio).filter(
                pk__in=[getattr(r, "pk", r) for r in recomendaciones]
            )
        ),
    }
    if propuesta == meta.estado_programacion():
        raise PasoNoPermitido("La solicitud no cambia la programación ni las recomendaciones.")
    return SolicitudModificacion.objects.registrar(
        meta=meta,
        usuario=usuario,
        justificacion=justificacion.strip(),
        propuesta=propuesta,
        origen=SolicitudModificacion.Origen.PORTAL,
    )


def _bloquear_solicitud(solicitud: SolicitudModificacion) -> SolicitudModificacion:
    """Lock a request still pending (it carries no version: it is decided once)."""
    return pasos.bloquear(
        solicitud,
        None,
        "meta__ejercicio",
        "meta__dependencia",
        que="esta solicitud",
        desde={SolicitudModificacion.Estado.PENDIENTE},
        si_no="La solicitud ya está {estado}: no se decide otra vez.",
    )


def trimestres_con_ficha_aprobada(solicitud: SolicitudModificacion) -> list[str]:
    """Trimestres the request changes whose ficha is already approved (say so before approving)."""
    numeros = solicitud.trimestres_que_cambian()
    if not numeros:
        return []
    aprobadas = FichaTecnica.objects.aprobadas().filter(
        meta=solicitud.meta_id, periodo__numero__in=numeros
    )
    return [f"T{n}" for n in sorted(set(aprobadas.values_list("periodo__numero", flat=True)))]


def _avisar_decision(solicitud: SolicitudModificacion, mensaje: str) -> None:
    """The meta's enlaces hear the decision and its comment once it commits."""
    transaction.on_commit(
        lambda: notificaciones.SOLICITUDES.avisar(mensaje, solicitud.pk), robust=True
    )


@transaction.atomic
def modificacion_aprobar(*, solicitud, usuario, comentario: str = "") -> SolicitudModificacion:
    """Apply the requested programación and recomendaciones; a new version of the meta."""
    _exigir_revisar(usuario)
    solicitud = _bloquear_solicitud(solicitud)
    meta = solicitud.meta
    antes = meta.estado_programacion()
    nueva = solicitud.propuesta
    periodos = {p.numero: p for p in meta.ejercicio.periodos.all()}
    for n in TRIMESTRES:
        cantidad = int(nueva["programacion"].get(str(n), 0))
        if cantidad != antes["programacion"][str(n)]:
            Programacion.objects.update_or_create(
                meta=meta, periodo=periodos[n], defaults={"cantidad": cantidad}
            )
    if sorted(nueva["recomendaciones"]) != antes["recomendaciones"]:
        meta.recomendaciones.set(nueva["recomendaciones"])
    solicitud.estado = SolicitudModificacion.Estado.APROBADA
    solicitud.decidida_por = usuario
    solicitud.decidida_en = timezone.now()
    solicitud.comentario_decision = comentario.strip()
    solicitud.save(update_fields=["estado", "decidida_por", "decidida_en", "comentario_decision"])
    version = _nueva_version(
        meta, usuario=usuario, motivo=f"Modificación aprobada: {solicitud.justificacion}"
    )
    bitacora.registrar(
        bitacora.Tipo.MODIFICACION_META,
        usuario=usuario,
        objeto=meta,
        descripcion=f"Modificación de la meta {meta.clave} aprobada (versión {version.numero}).",
        antes=antes,
        despues=meta.estado_programacion(),
        detalle={"justificacion": solicitud.justificacion, "solicitud": solicitud.pk},
    )
    _avisar_decision(solicitud, "modificacion_aprobada")
    return solicitud


@transaction.atomic
def modificacion_rechazar(*, solicitud, usuario, motivo: str) -> SolicitudModificacion:
    """Refuse a request (the reason is required); the meta stays as agreed."""
    _exigir_revisar(usuario)
    if not motivo.strip():
        raise PasoNoPermitido("Indique el motivo del rechazo.")
    solicitud = _bloquear_solicitud(solicitud)
    solicitud.estado = SolicitudModificacion.Estado.RECHAZADA
    solicitud.decidida_por = usuario
    solicitud.decidida_en = timezone.now()
    solicitud.comentario_decision = motivo.strip()
    solicitud.save(update_fields=["estado", "decidida_por", "decidida_en", "comentario_decision"])
    _avisar_decision(solicitud, "modificacion_rechazada")
    return solicitud
