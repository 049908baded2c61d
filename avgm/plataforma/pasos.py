"""What every versioned review step shares: its errors, the row lock, the save, the history.

An object under review (a ficha técnica, a planning proposal) carries a `version` that the
user's page loaded with. A step locks the row, refuses when someone moved it past that
version, saves only the fields it changed with `version` bumped in the same UPDATE, and writes
one history row with who, what and the comment. Each app's `workflow` keeps its own states and
rules and calls these; its views catch `PasoNoPermitido` and show the message.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.models import F

M = TypeVar("M", bound=models.Model)
H = TypeVar("H", bound=models.Model)

# Every history's `Accion` choices store an edit and a return under these values.
EDITAR = "editar"
DEVOLVER = "devolver"


class PasoNoPermitido(Exception):
    """The step is not allowed from the object's state or for the user's role.

    The message says why, in Spanish, for the user to read.
    """


class ConflictoDeVersion(PasoNoPermitido):
    """Someone else changed the object since the user loaded it; `que` names it ("esta ficha")."""

    def __init__(self, que: str) -> None:
        self.que = que
        super().__init__(
            f"Otra pestaña o persona modificó {que} mientras usted la tenía abierta. "
            "Se muestra la versión vigente; revise y vuelva a intentarlo."
        )


def bloquear(
    obj: M,
    version: int | None,
    *relacionadas: str,
    que: str,
    desde: Collection[str] | None = None,
    si_no: str = "",
) -> M:
    """Lock `obj`'s row and reload it, `relacionadas` joined; refuse with ConflictoDeVersion
    when it moved past the `version` the user saw (None: the caller has no version to check),
    and, given the estados a step starts `desde`, with `si_no` when it is in none of them
    (`si_no` may name the current «{estado}»).

    Only the object's own row is locked (`of=("self",)`): the joined rows stay free for
    others, and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    """
    fresca = (
        type(obj)
        ._default_manager.select_for_update(of=("self",))
        .select_related(*relacionadas)
        .get(pk=obj.pk)
    )
    if version is not None and fresca.version != int(version):
        raise ConflictoDeVersion(que)
    if desde is not None and fresca.estado not in desde:
        raise PasoNoPermitido(si_no.format(estado=fresca.get_estado_display().lower()))
    return fresca


def guardar(obj: models.Model, campos: Sequence[str]) -> None:
    """Save `campos` of a locked object with `version` bumped by the database, then reload
    what was written.

    The bump is `F("version") + 1`, so two writers can never both store the same next version;
    `auto_now` fields (a ficha's «actualizada») are written too, as a full save would. Nothing
    else can have moved under the lock, so the rows `bloquear` joined stay loaded for the
    step's history and bitácora.
    """
    obj.version = F("version") + 1
    al_dia = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    escritos = [*campos, "version", *al_dia]
    obj.save(update_fields=escritos)
    obj.refresh_from_db(fields=escritos)


def registrar(
    historial: type[H],
    campo: str,
    obj: models.Model,
    *,
    accion: str,
    usuario,
    comentario: str = "",
    cambios: dict | None = None,
    **columnas: Any,
) -> H:
    """Write one row of `historial` for `obj` (its foreign key is `campo`): who did `accion`,
    the comment and the changes ({campo: [antes, después]}); `columnas` fill what only that
    history has (a ficha's estado anterior and nuevo)."""
    return historial._default_manager.create(
        **{campo: obj},
        accion=accion,
        usuario=usuario,
        comentario=comentario,
        cambios=cambios or {},
        **columnas,
    )


def cambios_desde_devolucion(historial: Sequence[Any]) -> dict[str, list[str]]:
    """Field → [value at the last return, value now], for the analista's second look.

    `historial` is the object's history in order (oldest first). Only edits after the last
    return count, each field from its first "before" to its last "after"; a field edited back
    to what it was is left out.
    """
    devoluciones = [h for h in historial if h.accion == DEVOLVER]
    if not devoluciones:
        return {}
    ultima = devoluciones[-1]
    resultado: dict[str, list[str]] = {}
    for h in historial:
        if (h.fecha, h.pk) <= (ultima.fecha, ultima.pk) or h.accion != EDITAR:
            continue
        for nombre, (antes, despues) in h.cambios.items():
            resultado.setdefault(nombre, [antes, despues])[1] = despues
    return {c: v for c, v in resultado.items() if v[0] != v[1]}
