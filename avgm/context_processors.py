"""Template context shared by every page: what the user may do.

Templates ask `{% if puede.revisar %}`, the same capabilities views check (`avgm.plataforma.roles`).
"""

from django.http import HttpRequest

from avgm.plataforma import roles


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    capacidades = roles.capacidades(user)
    return {
        "puede": {c: c in capacidades for c in roles.TODAS},
        "es_enlace": roles.es_enlace(user),
    }
