"""The bitácora: who changed what the official figures depend on, when, before → after.

Every write path that changes such data outside a ficha's own history calls `registrar`
inside its transaction, so the record and the change commit (or roll back) together.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from avgm.models import EventoBitacora

Tipo = EventoBitacora.Tipo


def _json(valor: Any) -> Any:
    """Plain JSON (dates, decimals as text) so the record reads the same forever."""
    if valor is None:
        return None
    import json

    return json.loads(json.dumps(valor, cls=DjangoJSONEncoder))


def registrar(
    tipo: str,
    *,
    usuario,
    descripcion: str,
    objeto: models.Model | None = None,
    antes: Any = None,
    despues: Any = None,
    detalle: Any = None,
) -> EventoBitacora:
    """Append one event. `usuario` may be None for a command run without a person."""
    if usuario is not None and not getattr(usuario, "is_authenticated", False):
        usuario = None
    return EventoBitacora.objects.create(
        tipo=tipo,
        usuario=usuario,
        objeto_tipo=objeto._meta.label_lower if objeto is not None else "",
        objeto_id=str(objeto.pk) if objeto is not None else "",
        descripcion=descripcion[:500],
        antes=_json(antes),
        despues=_json(despues),
        detalle=_json(detalle),
    )
