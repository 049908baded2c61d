"""Who may see what: the one place that scopes dependencias and metas to a user.

Users with the capability to read everything (analistas, directivos, the Coordinación
estatal) see every dependencia, meta, ejercicio and periodo of the municipio they work in
(`municipio_de`; none without one); an enlace reads only the dependencias it is an active
enlace of, and the ejercicios of their municipios. Anything outside a user's scope answers 404, so its
existence is not revealed. `fichas.access` builds on these functions for fichas and evidence.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from avgm.models import Ejercicio, Periodo
from avgm.plataforma import roles
from avgm.plataforma.municipios import municipio_de
from dependencias.models import Dependencia, Meta


def dependencia_ids_de_enlace(user) -> list[int]:
    """Ids of the dependencias `user` is currently an active enlace of (cached on the user)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_avgm_dependencias", None)
    if cached is None:
        cached = list(
            user.enlaces.activos()
            .values_list("dependencia_id", flat=True)
            .order_by("dependencia_id")
        )
        user._avgm_dependencias = cached
    return cached


def _municipio_id(user) -> int | None:
    municipio = municipio_de(user)
    return municipio.pk if municipio else None


def dependencias_visibles(user) -> QuerySet[Dependencia]:
    if roles.puede(user, roles.LEER_TODO):
        return Dependencia.objects.filter(municipio_id=_municipio_id(user))
    return Dependencia.objects.filter(pk__in=dependencia_ids_de_enlace(user))


def metas_visibles(user) -> QuerySet[Meta]:
    if roles.puede(user, roles.LEER_TODO):
        return Meta.objects.filter(dependencia__municipio_id=_municipio_id(user))
    return Meta.objects.filter(dependencia_id__in=dependencia_ids_de_enlace(user))


def ejercicios_visibles(user) -> QuerySet[Ejercicio]:
    """The ejercicios of the user's municipio; an enlace's, those of its dependencias'."""
    if roles.puede(user, roles.LEER_TODO):
        return Ejercicio.objects.filter(municipio_id=_municipio_id(user))
    return Ejercicio.objects.filter(
        municipio__in=Dependencia.objects.filter(pk__in=dependencia_ids_de_enlace(user)).values(
            "municipio"
        )
    )


def periodos_visibles(user) -> QuerySet[Periodo]:
    """The periodos of `ejercicios_visibles(user)`."""
    if roles.puede(user, roles.LEER_TODO):
        return Periodo.objects.filter(ejercicio__municipio_id=_municipio_id(user))
    return Periodo.objects.filter(ejercicio__in=ejercicios_visibles(user))


def puede_capturar(user, dependencia_id: int) -> bool:
    """Only an active enlace of the dependencia fills its fichas."""
    return dependencia_id in dependencia_ids_de_enlace(user)


def get_dependencia_for_user(user, pk: int) -> Dependencia:
    try:
        return dependencias_visibles(user).get(pk=pk)
    except Dependencia.DoesNotExist as exc:
        raise Http404("No existe esa dependencia.") from exc


def get_meta_for_user(user, pk: int) -> tuple[Meta, bool]:
    """The meta if `user` may see it (404 otherwise) and whether it may capture its fichas."""
    try:
        meta = (
            metas_visibles(user)
            .select_related("dependencia", "tipo_accion", "ejercicio")
            .get(pk=pk)
        )
    except Meta.DoesNotExist as exc:
        raise Http404("No existe esa meta.") from exc
    return meta, puede_capturar(user, meta.dependencia_id)
