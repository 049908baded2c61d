"""Which e-mail each step of the planning round sends, and to whom (after commit).

The templates are in templates/planeacion/correo/<nombre>/; dependencias.correo sends them and
knows who the analistas and the enlaces are.
"""

from __future__ import annotations

from dependencias.correo import correos_analistas, correos_enlaces, enviar
from fichas.observaciones import devolucion
from planeacion.models import HistorialPropuesta, PropuestaMeta, RondaPlaneacion

CARPETA = "planeacion/correo"


def ronda_abierta(pk: int) -> int:
    """Every enlace of every dependencia: the planning of the year is open."""
    ronda = RondaPlaneacion.objects.select_related("ejercicio").get(pk=pk)
    return enviar(f"{CARPETA}/abierta", {"ronda": ronda}, correos_enlaces())


def _propuesta(pk: int) -> PropuestaMeta:
    return PropuestaMeta.objects.select_related("dependencia", "ronda__ejercicio", "meta").get(
        pk=pk
    )


def propuesta_enviada(pk: int) -> int:
    propuesta = _propuesta(pk)
    return enviar(f"{CARPETA}/enviada", {"propuesta": propuesta}, correos_analistas())


def propuesta_devuelta(pk: int, evento_pk: int) -> int:
    propuesta = _propuesta(pk)
    contexto = {"propuesta": propuesta, **devolucion(HistorialPropuesta, evento_pk)}
    return enviar(f"{CARPETA}/devuelta", contexto, correos_enlaces(propuesta.dependencia_id))


def propuesta_acordada(pk: int) -> int:
    propuesta = _propuesta(pk)
    return enviar(
        f"{CARPETA}/acordada", {"propuesta": propuesta}, correos_enlaces(propuesta.dependencia_id)
    )
