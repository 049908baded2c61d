"""Template context shared by every page: who publishes, and what the user may do.

Templates print `{{ institucion.nombre }}` (read once per page, only if the page prints it)
and ask `{% if puede.revisar %}`, the same capabilities views check (`avgm.plataforma.roles`).
"""

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from avgm.models import institucion_actual
from avgm.plataforma import roles


def _institucion():
    """The identity for the page; an error page must still render when the database cannot
    answer (down, or not migrated yet), so it then falls back to the settings' defaults."""
    try:
        return institucion_actual()
    except DatabaseError:
        from avgm.models import Institucion

        return Institucion()


def portal(request: HttpRequest) -> dict:
    contexto = {"institucion": SimpleLazyObject(_institucion)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return contexto
    capacidades = roles.capacidades(user)
    return {
        **contexto,
        "puede": {c: c in capacidades for c in roles.TODAS},
        "es_enlace": roles.es_enlace(user),
    }
