"""The bitácora: who changed what the official figures depend on, when, before → after.

Every write path that changes such data outside a ficha's own history calls `registrar`
inside its transaction, so the record and the change commit (or roll back) together.

Each event belongs to the municipio whose seguimiento changed: the one the caller passes, or
the one its object leads to (a ficha through its periodo's ejercicio, a dependencia directly,
...). Events about accounts, groups, the shared declaratoria or the platform belong to none.
Who reads which (`visibles`): an analista reads the events of the municipio it works in; the
events of no municipio only a person who keeps accounts (the Administrador's capability, or a
superuser), because they concern every municipio's people. A deployment with one municipio
shows every event to its analistas, as it did before there were several.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, QuerySet

from avgm.models import EventoBitacora, Municipio
from avgm.plataforma import municipios, roles

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
    municipio: Municipio | None = None,
) -> EventoBitacora:
    """Append one event. `usuario` may be None for a command run without a person; without
    `municipio`, the event belongs to the one `objeto` leads to, if any."""
    if usuario is not None and not getattr(usuario, "is_authenticated", False):
        usuario = None
    return EventoBitacora.objects.create(
        municipio_id=municipio.pk if municipio is not None else municipio_de_objeto(objeto),
        tipo=tipo,
        usuario=usuario,
        objeto_tipo=objeto._meta.label_lower if objeto is not None else "",
        objeto_id=str(objeto.pk) if objeto is not None else "",
        descripcion=descripcion[:500],
        antes=_json(antes),
        despues=_json(despues),
        detalle=_json(detalle),
    )


# The foreign keys that lead from a row towards its municipio, tried in this order.
_PASOS = ("municipio", "ejercicio", "dependencia", "periodo", "meta", "ficha", "ronda", "evidencia")


@cache
def _ruta(modelo: type[models.Model], profundidad: int = 4) -> tuple[str, ...] | None:
    """The chain of foreign keys from `modelo` to its municipio (model metadata only)."""
    if profundidad == 0:
        return None
    for paso in _PASOS:
        try:
            campo = modelo._meta.get_field(paso)
        except FieldDoesNotExist:
            continue
        if not (campo.concrete and (campo.many_to_one or campo.one_to_one)):
            continue
        if campo.related_model is Municipio:
            return (paso,)
        resto = _ruta(campo.related_model, profundidad - 1)
        if resto is not None:
            return (paso, *resto)
    return None


def municipio_de_objeto(objeto: models.Model | None) -> int | None:
    """The id of the municipio `objeto` belongs to, or None (accounts, the declaratoria).
    Follows the related objects already loaded; at most one query when one is not."""
    if objeto is None:
        return None
    if isinstance(objeto, Municipio):
        return objeto.pk
    ruta = _ruta(type(objeto)._meta.concrete_model)
    if ruta is None:
        return None
    actual = objeto
    for i, paso in enumerate(ruta[:-1]):
        campo = actual._meta.get_field(paso)
        relacionado = actual._state.fields_cache.get(paso)
        if relacionado is None or getattr(actual, campo.attname) != relacionado.pk:
            if actual.pk is None:
                return None
            return (
                type(actual)
                ._base_manager.filter(pk=actual.pk)
                .values_list("__".join(ruta[i:]), flat=True)
                .first()
            )
        actual = relacionado
    return getattr(actual, actual._meta.get_field(ruta[-1]).attname)


def visibles(eventos: QuerySet[EventoBitacora], user, municipio) -> QuerySet[EventoBitacora]:
    """The events `user` reads, working in `municipio` (the module's docstring says which)."""
    if not municipios.varios(user):
        return eventos
    propios = Q(municipio=municipio) if municipio is not None else Q(pk__in=[])
    if user.is_superuser or roles.puede(user, roles.ADMINISTRAR):
        return eventos.filter(propios | Q(municipio__isnull=True))
    return eventos.filter(propios)
