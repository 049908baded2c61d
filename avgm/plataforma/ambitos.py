"""Which scope of the data revision a written row belongs to (`avgm.plataforma.revision`).

A row of a model listed in RUTAS belongs to the ejercicios its paths lead to (a ficha: its
meta's and its periodo's ejercicio, the same one unless the data are wrong, when both are
bumped); any other model of the data apps (catalogs, dependencias, enlaces, the institution,
published versions) belongs to «*», which every corte reads. A model added to the data apps
is «*» until it gets its row here: over-invalidation, never a stale figure.
"""

from __future__ import annotations

from django.db import models

APPS_CON_DATOS = frozenset({"avgm", "dependencias", "fichas", "informes"})
TODO = "*"

_FICHA = ("ficha__meta__ejercicio", "ficha__periodo__ejercicio")
# label_lower -> lookups that lead to the ejercicio ids the row's data count in.
RUTAS: dict[str, tuple[str, ...]] = {
    "avgm.periodo": ("ejercicio",),
    "dependencias.meta": ("ejercicio",),
    "dependencias.programacion": ("meta__ejercicio", "periodo__ejercicio"),
    "dependencias.versionmeta": ("meta__ejercicio",),
    "dependencias.solicitudmodificacion": ("meta__ejercicio",),
    "fichas.fichatecnica": ("meta__ejercicio", "periodo__ejercicio"),
    "fichas.historialficha": _FICHA,
    "fichas.observacion": _FICHA,
    "fichas.evidencia": _FICHA,
    "fichas.descargaevidencia": (
        "evidencia__ficha__meta__ejercicio",
        "evidencia__ficha__periodo__ejercicio",
    ),
    "informes.narrativacorte": ("ejercicio", "hasta__ejercicio"),
}


def de_ejercicio(pk: int) -> str:
    return f"e{pk}"


def con_ruta(modelo: type[models.Model]) -> bool:
    return modelo._meta.label_lower in RUTAS


_DESCONOCIDO = object()


def _seguir(objeto: models.Model, ruta: str):
    """The id at the end of `ruta` from the related objects already loaded on `objeto`, or
    _DESCONOCIDO when a step is not loaded (then the database says)."""
    *pasos, ultimo = ruta.split("__")
    for paso in pasos:
        campo = objeto._meta.get_field(paso)
        relacionado = objeto._state.fields_cache.get(paso)
        if relacionado is None or getattr(objeto, campo.attname) != relacionado.pk:
            return _DESCONOCIDO
        objeto = relacionado
    return getattr(objeto, objeto._meta.get_field(ultimo).attname)


def anotar(incremento, objeto) -> None:
    """Add to the pending bump the scopes of `objeto`: a row (or a queryset) just written."""
    if isinstance(objeto, models.QuerySet):
        modelo = objeto.model
        if not con_ruta(modelo):
            incremento.ambitos.add(TODO)
            return
        for fila in objeto.order_by().values_list(*RUTAS[modelo._meta.label_lower]).distinct():
            incremento.ambitos.update(de_ejercicio(pk) for pk in fila if pk is not None)
        return
    modelo = type(objeto)
    if modelo._meta.proxy:
        modelo = modelo._meta.concrete_model
    if not con_ruta(modelo):
        incremento.ambitos.add(TODO)
        return
    ids = [_seguir(objeto, ruta) for ruta in RUTAS[modelo._meta.label_lower]]
    if any(pk is _DESCONOCIDO for pk in ids):
        incremento.objetos[modelo].add(objeto.pk)  # resolved once, after the commit
    else:
        incremento.ambitos.update(de_ejercicio(pk) for pk in ids if pk is not None)


class _Ambitos:
    def __init__(self) -> None:
        self.ambitos: set[str] = set()


def anteriores(modelo: type[models.Model], pk) -> set[str]:
    """The scopes the row `pk` has before this write (read inside the writer's transaction)."""
    nota = _Ambitos()
    anotar(nota, modelo._base_manager.filter(pk=pk))
    return nota.ambitos


def resolver(objetos: dict[type[models.Model], set]) -> set[str]:
    """The scopes of the rows recorded by primary key (one query per model)."""
    ambitos: set[str] = set()
    for modelo, pks in objetos.items():
        filas = (
            modelo._base_manager.filter(pk__in=pks)
            .order_by()
            .values_list(*RUTAS[modelo._meta.label_lower])
            .distinct()
        )
        for fila in filas:
            ambitos.update(de_ejercicio(pk) for pk in fila if pk is not None)
    return ambitos
