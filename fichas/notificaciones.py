"""Which e-mail each step of a ficha sends, and to whom (queued after commit by fichas.workflow).

The templates are in templates/fichas/correo/<mensaje>/; dependencias.correo loads the ficha,
renders and queues them, and knows who the analistas and the enlaces are.
"""

from __future__ import annotations

from operator import attrgetter

from dependencias.correo import ANALISTAS, ENLACES, Avisos
from fichas.models import FichaTecnica

FICHAS = Avisos(
    carpeta="fichas/correo",
    nombre="ficha",
    objetos=FichaTecnica.objects.select_related(
        "meta__dependencia", "periodo__ejercicio", "meta__tipo_accion"
    ),
    dependencia=attrgetter("meta.dependencia_id"),
    municipio=attrgetter("periodo.ejercicio.municipio_id"),
    mensajes={
        "enviada": ANALISTAS,  # to review
        "devuelta": ENLACES,  # with the return's observaciones
        "aprobada": ENLACES,
        "reabierta": ENLACES,  # with the reason, so they know what to correct
    },
)

avisar = FICHAS.avisar
