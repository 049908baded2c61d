"""Which municipio each part of the demo belongs to, and its cortes.

The demo loads Juárez first, into the deployment's own municipio (the one the migrations
made), and then a fictitious second municipio; from then on nothing can be created without
naming its municipio, so every step after the first load names Juárez's explicitly.
"""

from __future__ import annotations

from avgm.models import Ejercicio, Municipio
from informes.cifras.figures import Corte

CLAVE_DEMOSTRACION = "demostracion"


def juarez() -> Municipio | None:
    """The municipio the Juárez demo loads into: the first one that is not the invented one."""
    return Municipio.objects.exclude(clave=CLAVE_DEMOSTRACION).order_by("orden", "pk").first()


def demostracion() -> Municipio | None:
    """The fictitious second municipio, if it was loaded."""
    return Municipio.objects.filter(clave=CLAVE_DEMOSTRACION).first()


def corte_de(municipio: Municipio, anio: int = 2022, hasta: int = 2) -> Corte:
    """`municipio`'s corte of `anio` up to trimestre `hasta` (raises DoesNotExist)."""
    ejercicio = Ejercicio.objects.get(municipio=municipio, anio=anio)
    return Corte.de(ejercicio, ejercicio.periodos.get(numero=hasta))
