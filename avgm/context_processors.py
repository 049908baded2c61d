"""Template context shared by every page: who publishes, and what the user may do.

Templates print `{{ institucion.nombre }}` (read once per page, only if the page prints it)
and ask `{% if puede.revisar %}`, the same capabilities views check (`avgm.plataforma.roles`).
Signed-in pages also get how long their session has left (`sesion`) and any typing kept for
them from an ended session (`rescate`, `avgm.plataforma.rescate`).
"""

import json

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from avgm.models import institucion_actual
from avgm.plataforma import rescate, roles
from avgm.plataforma.middleware import restante


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
        # What the page's script needs to warn before the session ends.
        "sesion": SimpleLazyObject(lambda: _sesion(request)),
        # Typing kept from an ended session for this page: taken when the page shows it.
        "rescate": SimpleLazyObject(lambda: _rescate(request)),
    }


def _sesion(request: HttpRequest) -> dict:
    """Read only by pages that render the warning; a request built without a session (a
    RequestFactory rendering a template) has none to warn about."""
    sesion = getattr(request, "session", None)
    if sesion is None:
        return {}
    return {**restante(sesion), "minutos": settings.AVGM_SESION_INACTIVIDAD_MINUTOS}


def _rescate(request: HttpRequest) -> dict:
    entrada = rescate.recuperar(request)
    if entrada is None:
        return {}
    return {
        **entrada,
        "textos": rescate.textos(entrada["datos"]),
        # For the page's script, which puts it back in the form (an attribute, not a script:
        # the CSP allows no inline one).
        "json": json.dumps(entrada["datos"]),
    }
