"""A return's observaciones: as typed in the form, made ready, stored (fichas and planning share it).

A return carries one or more observaciones: a code from the editable catalog, a text and the
fields it is pinned to. Both the ficha's workflow and the planning round store them the same
way; only the model and the fields that may be pinned differ.

Whether an observación was attended is read from the history, not stored: it was once the
object was sent again after its return (whatever came next: an approval, a reopen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models

from avgm.plataforma import revision
from avgm.plataforma.pasos import PasoNoPermitido
from fichas.models import CodigoObservacion


def preparar(
    observaciones: Iterable[dict],
    campos_validos: Iterable[str],
    uso: str = CodigoObservacion.Uso.FICHA,
) -> list[dict]:
    """Each observación as {codigo, texto, campos}: the code as an object (one query for all),
    the text stripped, only pinnable fields kept. Empty texts are dropped. A code of the other
    catalog (a ficha's code on a proposal, or the reverse) is refused, whatever the door."""
    validas = [o for o in observaciones if (o.get("texto") or "").strip()]
    permitidos = set(campos_validos)
    pks = {o["codigo"] for o in validas if not isinstance(o["codigo"], CodigoObservacion)}
    codigos = CodigoObservacion.objects.in_bulk(pks) if pks else {}
    preparadas = [
        {
            "codigo": o["codigo"]
            if isinstance(o["codigo"], CodigoObservacion)
            else codigos[int(o["codigo"])],
            "texto": o["texto"].strip(),
            "campos": [c for c in o.get("campos", []) if c in permitidos],
        }
        for o in validas
    ]
    for o in preparadas:
        if o["codigo"].uso != uso:
            raise PasoNoPermitido(
                f"El código «{o['codigo']}» es de {o['codigo'].get_uso_display().lower()}; "
                f"elija uno de {CodigoObservacion.Uso(uso).label.lower()}."
            )
    return preparadas


def preparar_devolucion(
    observaciones: Iterable[dict],
    campos_validos: Iterable[str],
    uso: str = CodigoObservacion.Uso.FICHA,
) -> list[dict]:
    """`preparar`, refusing a return that carries no observación with a text."""
    preparadas = preparar(observaciones, campos_validos, uso)
    if not preparadas:
        raise PasoNoPermitido("Una devolución necesita al menos una observación.")
    return preparadas


def guardar_devolucion(
    modelo: type[models.Model], preparadas: list[dict], *, devolucion, creada_por, **objeto
) -> None:
    """Store a return's observaciones in one INSERT, each tied to the return's history row
    (`devolucion`) and to the object returned (`objeto`, e.g. ficha=...)."""
    modelo._default_manager.bulk_create(
        [modelo(devolucion=devolucion, creada_por=creada_por, **objeto, **o) for o in preparadas]
    )
    revision.marcar_cambio(*objeto.values())  # bulk_create sends no signal


def atendidas(historial: Sequence) -> set[int]:
    """The returns in `historial` (history rows, oldest first) followed by a submission: the
    pks of the return rows whose observaciones were attended."""
    hechas, devoluciones = set(), []
    for evento in historial:
        if evento.accion == "devolver":
            devoluciones.append(evento.pk)
        elif evento.accion == "enviar":
            hechas.update(devoluciones)
            devoluciones = []
    return hechas


def por_atender(historial: Sequence, observaciones: Iterable) -> list:
    """The `observaciones` still to attend: those of a return not yet followed by a
    submission. A reopened ficha asks for its reopening reason, not for the observaciones
    answered before it was approved."""
    hechas = atendidas(historial)
    pendientes = {e.pk for e in historial if e.accion == "devolver"} - hechas
    return [o for o in observaciones if o.devolucion_id in pendientes]


def reapertura_vigente(historial: Sequence):
    """The ficha's last reopen (the history row with its reason), until it is approved again:
    what the enlace must correct and what the analista checks on the resubmission."""
    vigente = None
    for evento in historial:
        if evento.accion == "reabrir":
            vigente = evento
        elif evento.accion == "aprobar":
            vigente = None
    return vigente
