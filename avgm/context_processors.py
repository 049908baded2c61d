"""Template context shared by every page: the user's roles."""

from django.http import HttpRequest

from avgm import roles


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "es_analista": roles.es_analista(user),
        "es_directivo": roles.es_directivo(user),
        "es_enlace": roles.es_enlace(user),
        "es_administrador": roles.es_administrador(user),
    }
