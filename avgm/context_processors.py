"""Template context shared by every page: who publishes, and what the user may do.

Templates print `{{ institucion.nombre }}` (read once per page, only if the page prints it):
on a signed-in page the institution of the municipio the person works in
(`avgm.plataforma.municipios.municipio_de`), else the deployment's first. They get that
`municipio` too and, only in a deployment with several, `municipio_encabezado` (its name for
the header) and, for the Coordinación estatal, `selector_municipio` (the form that changes
it); a deployment with one municipio renders as if municipios did not exist. A made-up
municipio (`municipio.demostracion`) is labelled as such on every page while one works in it. Templates ask `{% if puede.revisar %}`, the same capabilities views check (`avgm.plataforma.roles`).
Signed-in pages also get how long their session has left (`sesion`) and any typing kept for
them from an ended session (`rescate`, `avgm.plataforma.rescate`).
"""

import json

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from avgm.models import institucion_actual
from avgm.plataforma import municipios, rescate, roles
from avgm.plataforma.middleware import restante

# The identity of the sign-in pages of a deployment shared by several municipios.
SIN_INSTITUCION = "Municipios bajo la Alerta de Violencia de Género contra las Mujeres"


def _institucion(user=None):
    """The identity for the page; an error page must still render when the database cannot
    answer (down, or not migrated yet), so it then falls back to the settings' defaults.

    Before signing in (`user` None) in a deployment with several municipios no institution is
    the page's: it names the municipios instead of borrowing the first one's identity."""
    from avgm.models import Institucion, Municipio

    try:
        if user is None:
            todos = list(Municipio.objects.select_related("institucion").order_by("orden", "pk"))
            if len(todos) > 1:
                nombres = ", ".join(m.nombre for m in todos)
                return Institucion(nombre=SIN_INSTITUCION, municipio=nombres)
            return todos[0].institucion if todos else institucion_actual()
        municipio = municipios.municipio_de(user)
        return municipio.institucion if municipio is not None else institucion_actual()
    except DatabaseError:
        return Institucion()


def portal(request: HttpRequest) -> dict:
    contexto = {"institucion": SimpleLazyObject(_institucion)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return contexto
    capacidades = roles.capacidades(user)
    return {
        **contexto,
        "institucion": SimpleLazyObject(lambda: _institucion(user)),
        "municipio": SimpleLazyObject(lambda: municipios.municipio_de(user)),
        "municipio_encabezado": SimpleLazyObject(lambda: _encabezado(user)),
        "selector_municipio": SimpleLazyObject(lambda: _selector(request)),
        "puede": {c: c in capacidades for c in roles.TODAS},
        "es_enlace": roles.es_enlace(user),
        # What the page's script needs to warn before the session ends.
        "sesion": SimpleLazyObject(lambda: _sesion(request)),
        # Typing kept from an ended session for this page: taken when the page shows it.
        "rescate": SimpleLazyObject(lambda: _rescate(request)),
    }


def _encabezado(user) -> str:
    """The municipio's name for the header: only when the deployment has several."""
    municipio = municipios.municipio_de(user)
    return municipio.nombre if municipio is not None and municipios.varios(user) else ""


def _selector(request: HttpRequest):
    """The Coordinación estatal's selector (no query for anyone else)."""
    if not municipios.lee_varios(request.user):
        return ""
    from avgm.plataforma.views_municipio import selector

    return selector(request, municipios.municipio_de(request.user)) or ""


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
