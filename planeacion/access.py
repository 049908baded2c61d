"""Who sees which proposal and which modification request: one getter each.

Built on `dependencias.access`: analistas and directivos (LEER_TODO) see every dependencia's
planning, an enlace only its own dependencias'; anything else answers 404.
"""

from __future__ import annotations

from django.http import Http404

from avgm.plataforma import roles
from dependencias.access import dependencia_ids_de_enlace, puede_capturar
from dependencias.models import SolicitudModificacion
from planeacion.models import PropuestaMeta


def _visible(user, dependencia_id: int) -> bool:
    return roles.puede(user, roles.LEER_TODO) or dependencia_id in dependencia_ids_de_enlace(user)


def get_propuesta_for_user(user, pk: int) -> tuple[PropuestaMeta, bool]:
    """The proposal if `user` may see it (404 otherwise) and whether it may edit it."""
    propuesta = (
        PropuestaMeta.objects.select_related(
            "ronda__ejercicio", "dependencia", "tipo_accion", "origen__ejercicio", "meta"
        )
        .filter(pk=pk)
        .first()
    )
    if propuesta is None or not _visible(user, propuesta.dependencia_id):
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
    if solicitud is None or not _visible(user, solicitud.meta.dependencia_id):
        raise Http404("No existe esa solicitud.")
    return solicitud
