"""Every transition of a ficha técnica (docs/arquitectura.md, «Flujo de una ficha»), one atomic function each.

Each step locks the row, checks the state, the role and the optimistic `version` the user
saw, records who, when and the comment in HistorialFicha, bumps `version` and saves with
`update_fields`. E-mail runs after commit. Views call these functions and nothing else to
change a ficha; forms only validate.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from avgm.models import Periodo
from avgm.plataforma import bitacora, revision, roles
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
from fichas.observaciones import preparar

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


class TransicionNoPermitida(Exception):
    """The step is not allowed from the ficha's state or for the user's role."""


class ConflictoDeVersion(TransicionNoPermitida):
    """Someone else changed the ficha since the user loaded it."""

    def __init__(self) -> None:
        super().__init__(
            "Otra persona modificó esta ficha mientras usted la tenía abierta. "
            "Se muestra la versión vigente; revise y vuelva a intentarlo."
        )


def _bloquear(ficha: FichaTecnica, version: int | None) -> FichaTecnica:
    """Lock and reload the ficha; refuse when it moved past the version the user saw."""
    fresca = (
        FichaTecnica.objects.select_for_update(of=("self",))
        .select_related("periodo__ejercicio", "meta__dependencia")
        .get(pk=ficha.pk)
    )
    if version is not None and fresca.version != int(version):
        raise ConflictoDeVersion
    return fresca


def _registrar(
    ficha: FichaTecnica,
    *,
    accion: str,
    usuario,
    anterior: str = "",
    comentario: str = "",
    cambios: dict | None = None,
) -> HistorialFicha:
    return HistorialFicha.objects.create(
        ficha=ficha,
        accion=accion,
        estado_anterior=anterior,
        estado_nuevo=ficha.estado,
        usuario=usuario,
        comentario=comentario,
        cambios=cambios or {},
    )


def _guardar(ficha: FichaTecnica, campos: list[str]) -> None:
    ficha.version = F("version") + 1
    ficha.save(update_fields=[*campos, "version", "actualizada_en"])
    ficha.refresh_from_db()


def _exigir_enlace(ficha: FichaTecnica, usuario) -> None:
    if not puede_capturar(usuario, ficha.meta.dependencia_id):
        raise TransicionNoPermitida("Solo el enlace de la dependencia captura esta ficha.")
    if ficha.periodo.cerrado:
        raise TransicionNoPermitida(
            f"El periodo {ficha.periodo} está cerrado: la ficha es de solo lectura."
        )


def _exigir_revisar(usuario) -> None:
    if not roles.puede(usuario, roles.REVISAR):
        raise TransicionNoPermitida("Solo una analista del IMM puede revisar fichas.")


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
        raise TransicionNoPermitida("Solo el enlace de la dependencia captura esta ficha.")
    if periodo.cerrado:
        raise TransicionNoPermitida(f"El periodo {periodo} está cerrado.")
    if periodo.ejercicio_id != meta.ejercicio_id:
        raise TransicionNoPermitida("El periodo no pertenece al ejercicio de la meta.")
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
    ficha = _bloquear(ficha, version)
    _exigir_enlace(ficha, usuario)
    if ficha.estado not in ESTADOS_EDITABLES:
        raise TransicionNoPermitida(
            f"La ficha está {ficha.get_estado_display().lower()}: ya no se puede editar."
        )
    cambios = {}
    for campo in CAMPOS_EDITABLES:
        if campo not in datos:
            continue
        anterior, nuevo = getattr(ficha, campo), datos[campo]
        if anterior != nuevo:
            cambios[campo] = [_texto(anterior), _texto(nuevo)]
            setattr(ficha, campo, nuevo)
    if cambios:
        _guardar(ficha, list(cambios))
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
    ficha = _bloquear(ficha, version)
    _exigir_enlace(ficha, usuario)
    if ficha.estado not in ESTADOS_EDITABLES:
        raise TransicionNoPermitida("Esta ficha ya fue enviada.")
    faltan = faltantes_para_enviar(ficha)
    if faltan:
        raise TransicionNoPermitida(" ".join(faltan))
    anterior = ficha.estado
    ahora = timezone.now()
    ficha.estado = Estado.ENVIADA
    ficha.enviada_en = ahora
    if ficha.primer_envio_en is None:
        ficha.primer_envio_en = ahora
    _guardar(ficha, ["estado", "enviada_en", "primer_envio_en"])
    _registrar(
        ficha, accion=Accion.ENVIAR, usuario=usuario, anterior=anterior, comentario=comentario
    )
    transaction.on_commit(lambda: notificaciones.ficha_enviada(ficha.pk))
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
    observaciones = [o for o in observaciones if o.get("texto", "").strip()]
    if not observaciones:
        raise TransicionNoPermitida("Una devolución necesita al menos una observación.")
    ficha = _bloquear(ficha, version)
    if ficha.estado != Estado.ENVIADA:
        raise TransicionNoPermitida("Solo se devuelve una ficha enviada.")
    ficha.estado = Estado.OBSERVADA
    ficha.revisada_en = timezone.now()
    ficha.revisada_por = usuario
    _guardar(ficha, ["estado", "revisada_en", "revisada_por"])
    evento = _registrar(
        ficha,
        accion=Accion.DEVOLVER,
        usuario=usuario,
        anterior=Estado.ENVIADA,
        comentario=comentario,
    )
    Observacion.objects.bulk_create(
        [
            Observacion(ficha=ficha, devolucion=evento, creada_por=usuario, **o)
            for o in preparar(observaciones, CAMPOS_EDITABLES)
        ]
    )
    revision.marcar_cambio()  # bulk_create sends no signal
    transaction.on_commit(lambda: notificaciones.ficha_devuelta(ficha.pk, evento.pk))
    return ficha


@transaction.atomic
def ficha_aprobar(
    *, ficha: FichaTecnica, usuario, version: int, comentario: str = ""
) -> FichaTecnica:
    """enviada → aprobada. An approved ficha never changes (only a reopen moves it)."""
    _exigir_revisar(usuario)
    ficha = _bloquear(ficha, version)
    if ficha.estado != Estado.ENVIADA:
        raise TransicionNoPermitida("Solo se aprueba una ficha enviada.")
    ahora = timezone.now()
    ficha.estado = Estado.APROBADA
    ficha.revisada_en = ahora
    ficha.revisada_por = usuario
    ficha.aprobada_en = ahora
    _guardar(ficha, ["estado", "revisada_en", "revisada_por", "aprobada_en"])
    _registrar(
        ficha,
        accion=Accion.APROBAR,
        usuario=usuario,
        anterior=Estado.ENVIADA,
        comentario=comentario,
    )
    transaction.on_commit(lambda: notificaciones.ficha_aprobada(ficha.pk))
    return ficha


@transaction.atomic
def ficha_reabrir(*, ficha: FichaTecnica, usuario, version: int, motivo: str) -> FichaTecnica:
    """aprobada → observada, so the enlace can correct it; the reason is required."""
    _exigir_revisar(usuario)
    if not motivo.strip():
        raise TransicionNoPermitida("Indique el motivo de la reapertura.")
    ficha = _bloquear(ficha, version)
    if ficha.estado != Estado.APROBADA:
        raise TransicionNoPermitida("Solo se reabre una ficha aprobada.")
    ficha.estado = Estado.OBSERVADA
    ficha.aprobada_en = None
    _guardar(ficha, ["estado", "aprobada_en"])
    _registrar(
        ficha,
        accion=Accion.REABRIR,
        usuario=usuario,
        anterior=Estado.APROBADA,
        comentario=motivo.strip(),
    )
    return ficha


@transaction.atomic
def evidencia_agregar(
    *, ficha: FichaTecnica, usuario, version: int, datos: dict
) -> tuple[FichaTecnica, Evidencia]:
    """Attach a file or a link (already validated by EvidenciaForm)."""
    ficha = _bloquear(ficha, version)
    _exigir_enlace(ficha, usuario)
    if ficha.estado not in ESTADOS_EDITABLES:
        raise TransicionNoPermitida("La ficha ya fue enviada: no se agregan evidencias.")
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
    _guardar(ficha, [])
    _registrar(ficha, accion=Accion.EVIDENCIA, usuario=usuario, comentario=str(evidencia))
    return ficha, evidencia


@transaction.atomic
def evidencia_retirar(
    *, evidencia: Evidencia, usuario, version: int, motivo: str = ""
) -> FichaTecnica:
    """Withdraw (never delete) an evidence while the ficha is editable."""
    ficha = _bloquear(evidencia.ficha, version)
    _exigir_enlace(ficha, usuario)
    if ficha.estado not in ESTADOS_EDITABLES:
        raise TransicionNoPermitida("La ficha ya fue enviada: no se retiran evidencias.")
    if evidencia.retirada_en:
        raise TransicionNoPermitida("Esa evidencia ya estaba retirada.")
    evidencia.retirada_en = timezone.now()
    evidencia.retirada_por = usuario
    evidencia.motivo_retiro = motivo
    evidencia.save(update_fields=["retirada_en", "retirada_por", "motivo_retiro"])
    _guardar(ficha, [])
    _registrar(
        ficha,
        accion=Accion.EVIDENCIA_RETIRADA,
        usuario=usuario,
        comentario=f"{evidencia} {motivo}".strip(),
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
    revision.marcar_cambio()
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


def cambios_desde_devolucion(ficha: FichaTecnica, historial: list[HistorialFicha]) -> dict:
    """Field → (value at the last return, value now), for the analista's review."""
    devoluciones = [h for h in historial if h.accion == Accion.DEVOLVER]
    if not devoluciones:
        return {}
    ultima = devoluciones[-1]
    resultado: dict[str, list[str]] = {}
    for h in historial:
        if (h.fecha, h.pk) <= (ultima.fecha, ultima.pk) or h.accion != Accion.EDITAR:
            continue
        for campo, (anterior, nuevo) in h.cambios.items():
            if campo in resultado:
                resultado[campo][1] = nuevo
            else:
                resultado[campo] = [anterior, nuevo]
    return {c: v for c, v in resultado.items() if v[0] != v[1]}


@transaction.atomic
def observacion_responder(
    *, observacion: Observacion, usuario, version: int, respuesta: str
) -> FichaTecnica:
    """The enlace answers an observación of the current return (kept in the history)."""
    if not respuesta.strip():
        raise TransicionNoPermitida("Escriba la respuesta a la observación.")
    ficha = _bloquear(observacion.ficha, version)
    _exigir_enlace(ficha, usuario)
    if ficha.estado != Estado.OBSERVADA:
        raise TransicionNoPermitida("Solo se responden observaciones de una ficha observada.")
    observacion.respuesta = respuesta.strip()
    observacion.respondida_en = timezone.now()
    observacion.save(update_fields=["respuesta", "respondida_en"])
    _guardar(ficha, [])
    _registrar(
        ficha,
        accion=Accion.EDITAR,
        usuario=usuario,
        comentario=f"Respuesta a «{observacion.codigo}»: {observacion.respuesta}",
    )
    return ficha
