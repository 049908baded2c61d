"""Who sees which round, proposal and modification request: one getter each.

Built on `dependencias.access` and narrowed to the municipio the person works in
(`avgm.plataforma.municipios.municipio_de`): analistas and directivos (LEER_TODO) see every
dependencia's planning of their municipio, an enlace only its own dependencias' (which are
of one municipio); a round, a proposal or a request of another municipio answers 404, as
anything else out of scope does.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from avgm.plataforma import roles
from avgm.plataforma.municipios import municipio_de
from dependencias import access as dependencias_access
from dependencias.access import dependencia_ids_de_enlace, puede_capturar
from dependencias.models import Dependencia, SolicitudModificacion
from planeacion.models import PropuestaMeta, RondaPlaneacion


def _municipio_id(user) -> int | None:
    municipio = municipio_de(user)
    return municipio.pk if municipio is not None else None


def _visible(user, dependencia_id: int, municipio_id: int | None) -> bool:
    if municipio_id is None or municipio_id != _municipio_id(user):
        return False
    return roles.puede(user, roles.LEER_TODO) or dependencia_id in dependencia_ids_de_enlace(user)


def rondas_visibles(user) -> QuerySet[RondaPlaneacion]:
    """The rounds of the municipio `user` works in (none without one)."""
    return RondaPlaneacion.objects.filter(ejercicio__municipio_id=_municipio_id(user))


def get_ronda_for_user(user, anio: int) -> RondaPlaneacion:
    ronda = (
        rondas_visibles(user)
        .select_related("ejercicio", "abierta_por")
        .filter(ejercicio__anio=anio)
    )
    if not (encontrada := ronda.first()):
        raise Http404("No hay planeación abierta de ese ejercicio.")
    return encontrada


def get_dependencia_for_user(user, pk: int) -> Dependencia:
    """The dependencia if `user` may see it and it is of the municipio `user` works in."""
    dependencia = dependencias_access.get_dependencia_for_user(user, pk)
    if dependencia.municipio_id != _municipio_id(user):
        raise Http404("No existe esa dependencia.")
    return dependencia


def get_meta_for_user(user, pk: int):
    """The meta (and whether `user` captures it) if it is of the municipio `user` works in."""
    meta, captura = dependencias_access.get_meta_for_user(user, pk)
    if meta.ejercicio.municipio_id != _municipio_id(user):
        raise Http404("No existe esa meta.")
    return meta, captura


def solicitudes_visibles(user) -> QuerySet[SolicitudModificacion]:
    """The modification requests `user` reads: its municipio's (an enlace: its dependencias')."""
    solicitudes = SolicitudModificacion.objects.filter(
        meta__ejercicio__municipio_id=_municipio_id(user)
    )
    if not roles.puede(user, roles.LEER_TODO):
        solicitudes = solicitudes.filter(meta__dependencia_id__in=dependencia_ids_de_enlace(user))
    return solicitudes


def get_propuesta_for_user(user, pk: int) -> tuple[PropuestaMeta, bool]:
    """The proposal if `user` may see it (404 otherwise) and whether it may edit it."""
    propuesta = (
        PropuestaMeta.objects.select_related(
            "ronda__ejercicio", "dependencia", "tipo_accion", "origen__ejercicio", "meta"
        )
        .filter(pk=pk)
        .first()
    )
    if propuesta is None or not _visible(
        user, propuesta.dependencia_id, propuesta.ronda.ejercicio.municipio_id
    ):
        raise Http404("No existe esa propuesta.")
    return propuesta, puede_capturar(user, propuesta.dependencia_id) and propuesta.editable


def get_solicitud_for_user(user, pk: int) -> SolicitudModificacion:
    solicitud = (
        SolicitudModificacion.objects.select_related(
            "meta__dependencia", "meta__ejercicio", "solicitada_por", "decidida_por"
        )
        .filter(pk=pk)
        .first()
    )
    if solicitud is None or not _visible(
        user, solicitud.meta.dependencia_id, solicitud.meta.ejercicio.municipio_id
    ):
        raise Http404("No existe esa solicitud.")
    return solicitud
