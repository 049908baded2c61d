"""Which e-mail each step of the planning round sends, and to whom (queued after commit).

The templates are in templates/planeacion/correo/<mensaje>/; dependencias.correo loads the
proposal or the request, renders and queues them, and knows who the analistas and the
enlaces are. Every message stays in the round's municipio: the enlaces of its dependencias,
the analistas adscribed to it (every analista in a deployment with one municipio).
"""

from __future__ import annotations

from operator import attrgetter

from dependencias.correo import ANALISTAS, ENLACES, Avisos, enlaces_con_correo, enviar
from dependencias.models import SolicitudModificacion
from planeacion.models import PropuestaMeta, RondaPlaneacion

CARPETA = "planeacion/correo"


def ronda_abierta(pk: int) -> int:
    """Every enlace of every dependencia of the round's municipio: its planning is open."""
    ronda = RondaPlaneacion.objects.select_related("ejercicio").get(pk=pk)
    para = list(
        enlaces_con_correo()
        .filter(dependencia__municipio_id=ronda.ejercicio.municipio_id)
        .order_by("usuario__email")
        .values_list("usuario__email", flat=True)
        .distinct()
    )
    return enviar(
        f"{CARPETA}/abierta", {"ronda": ronda}, para, municipio=ronda.ejercicio.municipio_id
    )


PROPUESTAS = Avisos(
    CARPETA,
    "propuesta",
    PropuestaMeta.objects.select_related("dependencia", "ronda__ejercicio", "meta"),
    attrgetter("dependencia_id"),
    attrgetter("ronda.ejercicio.municipio_id"),
    {"enviada": ANALISTAS, "devuelta": ENLACES, "acordada": ENLACES},
)

# The IMM's decision on a modification request, with its comment, to the meta's enlaces.
SOLICITUDES = Avisos(
    CARPETA,
    "solicitud",
    SolicitudModificacion.objects.select_related(
        "meta__dependencia", "meta__ejercicio", "decidida_por"
    ),
    attrgetter("meta.dependencia_id"),
    attrgetter("meta.ejercicio.municipio_id"),
    {"modificacion_aprobada": ENLACES, "modificacion_rechazada": ENLACES},
)
