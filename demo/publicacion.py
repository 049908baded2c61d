"""The demo publishes the Ene–Jun 2022 corte as v1 and a correction v2, so the micrositio shows."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from informes.cifras.figures import Corte
from informes.models import InformePublicado
from informes.publicacion import publicar

ERRATA = (
    "Corrección de la demostración: se vuelve a publicar tras revisar la narrativa; las cifras "
    "no cambian."
)


def publicar_demo() -> int:
    """Publish 2022 up to T2 (v1, then v2 with its errata) unless it is published; versions made."""
    corte = Corte.buscar(2022, "T2")
    publicadas = InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk).count()
    analista = get_user_model().objects.get(username="analista")
    hechas = 0
    if publicadas < 1:
        publicar(corte, usuario=analista)
        hechas += 1
    if publicadas < 2:
        publicar(corte, usuario=analista, errata=ERRATA)
        hechas += 1
    return hechas
