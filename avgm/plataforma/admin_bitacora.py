"""Admin saves in the bitácora: who changed which record, when, each field before → after.

`ConBitacora` is mixed into the base admin of every domain model (`avgm.admin.DominioAdmin`).
The add and change forms and the list's editable columns all save through `save_model` and
`save_related`, inside the transaction the admin opens, so the event commits (or rolls back)
with the change. The record compares the stored state before the save with the state after
it, the object's inline rows included, so a field the form does not show can never change
unrecorded either.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst

from avgm.plataforma import bitacora

SEPARADOR = " · "


def _valor(obj: models.Model, campo: models.Field) -> Any:
    if campo.many_to_many:
        # A list names each by its clave when it has one (recomendaciones: ).
        return sorted(str(getattr(o, "clave", None) or o) for o in getattr(obj, campo.name).all())
    if campo.is_relation:
        relacionado = getattr(obj, campo.name)
        return None if relacionado is None else str(relacionado)
    if isinstance(campo, models.FileField):
        return getattr(obj, campo.name).name or ""
    if campo.choices:
        return getattr(obj, f"get_{campo.name}_display")()
    return getattr(obj, campo.attname)


def _campos(modelo: type[models.Model], sin: str | None = None) -> list[models.Field]:
    """Every field a person could change (no key, no automatic dates, no version)."""
    meta = modelo._meta
    return [
        f
        for f in [*meta.concrete_fields, *meta.many_to_many]
        if f.editable and not f.primary_key and f.name != sin
    ]


def _llave_padre(inline, padre: type[models.Model]) -> str:
    if inline.fk_name:
        return inline.fk_name
    return next(
        f.name
        for f in inline.model._meta.concrete_fields
        if f.is_relation and f.related_model is padre
    )


def estado(obj: models.Model, inlines=()) -> dict[str, Any]:
    """The record as the bitácora compares it: {"Campo": valor} for the object and
    {"Fila «nombre» · Campo": valor} for each row of its inlines."""
    datos = {capfirst(f.verbose_name): _valor(obj, f) for f in _campos(type(obj))}
    for inline in inlines:
        llave = _llave_padre(inline, type(obj))
        campos = _campos(inline.model, sin=llave)
        # A row is named by the first column the inline shows (a periodo's trimestre, an
        # enlace's person); the row's number tells apart two with the same name.
        primero = next((f for f in campos if f.name == (inline.fields or [None])[0]), None)
        nombres: set[str] = set()
        for fila in inline.model._default_manager.filter(**{llave: obj}).order_by("pk"):
            nombre = _valor(fila, primero) if primero else None
            nombre = str(nombre) if nombre not in (None, "") else f"#{fila.pk}"
            if nombre in nombres:
                nombre = f"{nombre} #{fila.pk}"
            nombres.add(nombre)
            prefijo = f"{capfirst(inline.model._meta.verbose_name)} «{nombre}»"
            for f in campos:
                if f is not primero:
                    datos[f"{prefijo}{SEPARADOR}{capfirst(f.verbose_name)}"] = _valor(fila, f)
    return datos


def diferencia(antes: dict, despues: dict) -> tuple[dict, dict]:
    """Only what changed, on both sides (a row added or gone shows as — on the other)."""
    claves = [c for c in dict.fromkeys([*antes, *despues]) if antes.get(c) != despues.get(c)]
    return (
        {c: antes.get(c) for c in claves},
        {c: despues.get(c) for c in claves},
    )


class ConBitacora:
    """ModelAdmin mixin: every save from the admin is a «catálogo» event in the bitácora."""

    def _estado_guardado(self, obj) -> dict:
        # Every inline, whatever the person may see: the record must not depend on who saves.
        return estado(obj, [inline(self.model, self.admin_site) for inline in self.inlines])

    def save_model(self, request, obj, form, change) -> None:
        if change:
            guardado = type(obj)._default_manager.get(pk=obj.pk)
            obj._avgm_antes = self._estado_guardado(guardado)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        antes = obj.__dict__.pop("_avgm_antes", None)
        despues = self._estado_guardado(obj)
        nombre = f"{obj._meta.verbose_name} «{obj}»"
        if antes is None:
            bitacora.registrar(
                bitacora.Tipo.CATALOGO,
                usuario=request.user,
                objeto=obj,
                descripcion=f"Administración: alta de {nombre}",
                despues=despues,
            )
            return
        antes, despues = diferencia(antes, despues)
        if despues:
            bitacora.registrar(
                bitacora.Tipo.CATALOGO,
                usuario=request.user,
                objeto=obj,
                descripcion=f"Administración: cambio en {nombre}",
                antes=antes,
                despues=despues,
            )
