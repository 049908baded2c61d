"""Who may read and who may write the Informe de corte: the one place that decides.

Analistas, directivos and administradores read every report; only analistas write the
narrative and publish. Anyone else (an enlace) gets 404, so the reports' existence is not
revealed to them.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from avgm import roles


def puede_leer(user) -> bool:
    return roles.puede_ver_todo(user)


def puede_redactar(user) -> bool:
    """Write the narrative and publish a version."""
    return roles.es_analista(user)


def exigir_lector(user) -> None:
    if not puede_leer(user):
        raise Http404("No existe ese informe.")


def exigir_redactor(user) -> None:
    exigir_lector(user)
    if not puede_redactar(user):
        raise PermissionDenied("Solo el personal analista del IMM redacta y publica informes.")
