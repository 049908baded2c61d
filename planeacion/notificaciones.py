"""E-mail of the planning round, three templates each under templates/planeacion/correo/.

Sent by the one helper of the fichas (`fichas.notificaciones.enviar`), after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from fichas.notificaciones import correos_analistas, enviar
from planeacion.models import HistorialPropuesta, PropuestaMeta, RondaPlaneacion

CARPETA = "planeacion/correo"


def _correos_enlaces(dependencia_id: int | None = None) -> list[str]:
    """Active enlaces (of one dependencia, or of every active one)."""
    usuarios = get_user_model().objects.filter(
        is_active=True, enlaces__activo=True, enlaces__dependencia__activa=True
    )
    if dependencia_id is not None:
        usuarios = usuarios.filter(enlaces__dependencia_id=dependencia_id)
    return list(usuarios.exclude(email="").values_list("email", flat=True).distinct())


def ronda_abierta(pk: int) -> int:
    """Every enlace of every active dependencia: the planning of the year is open."""
    ronda = RondaPlaneacion.objects.select_related("ejercicio").get(pk=pk)
    return enviar("abierta", {"ronda": ronda}, _correos_enlaces(), carpeta=CARPETA)


def _propuesta(pk: int) -> PropuestaMeta:
    return PropuestaMeta.objects.select_related("dependencia", "ronda__ejercicio", "meta").get(
        pk=pk
    )


def propuesta_enviada(pk: int) -> int:
    propuesta = _propuesta(pk)
    return enviar("enviada", {"propuesta": propuesta}, correos_analistas(), carpeta=CARPETA)


def propuesta_devuelta(pk: int, evento_pk: int) -> int:
    propuesta = _propuesta(pk)
    evento = HistorialPropuesta.objects.get(pk=evento_pk)
    observaciones = list(evento.observaciones.select_related("codigo"))
    return enviar(
        "devuelta",
        {"propuesta": propuesta, "evento": evento, "observaciones": observaciones},
        _correos_enlaces(propuesta.dependencia_id),
        carpeta=CARPETA,
    )


def propuesta_acordada(pk: int) -> int:
    propuesta = _propuesta(pk)
    return enviar(
        "acordada",
        {"propuesta": propuesta},
        _correos_enlaces(propuesta.dependencia_id),
        carpeta=CARPETA,
    )
