"""Who may read and who may write the Informe de corte: the one place that decides.

Analistas, directivos and administradores read every report; only analistas write the
narrative and publish. Anyone else (an enlace) gets 403: that reports exist is no secret,
only their content is not theirs to read (and the portal's permission matrix says 403).
"""

from django.core.exceptions import PermissionDenied

from avgm import roles


def puede_leer(user) -> bool:
    return roles.puede_ver_todo(user)


def puede_redactar(user) -> bool:
    """Write the narrative and publish a version."""
    return roles.es_analista(user)


def exigir_lector(user) -> None:
    if not puede_leer(user):
        raise PermissionDenied("Los informes de corte son para el IMM y sus directivos.")


def exigir_redactor(user) -> None:
    exigir_lector(user)
    if not puede_redactar(user):
        raise PermissionDenied("Solo el personal analista del IMM redacta y publica informes.")
