"""A return's observaciones: as typed in the form, made ready, stored (fichas and planning share it).

A return carries one or more observaciones: a code from the editable catalog, a text and the
fields it is pinned to. Both the ficha's workflow and the planning round store them the same
way; only the model and the fields that may be pinned differ.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def devolucion(historial: type[models.Model], pk: int) -> dict:
    """A return's history row and its observaciones (codes joined), as its e-mail shows them."""
    evento = historial._default_manager.get(pk=pk)
    return {"evento": evento, "observaciones": list(evento.observaciones.select_related("codigo"))}
