"""The demo publishes Juárez's Ene–Jun 2022 corte as v1 and a correction v2, so the micrositio
shows, and the invented municipio's as v1, so the state view has two municipios to compare."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from demo import ambito
from informes.models import InformePublicado, NarrativaCorte
from informes.publicacion import guardar_narrativa, publicar

ERRATA = (
    "Corrección de la demostración: se vuelve a publicar tras revisar la narrativa; las cifras "
    "no cambian."
)


def publicar_demo() -> int:
    """Publish 2022 up to T2 (v1, then v2 with its errata) unless it is published; versions made."""
    corte = ambito.corte_de(ambito.juarez())
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


NARRATIVA_DEMOSTRACION = {
    "principales": "Texto de demostración: los datos de este municipio son inventados.",
    "compromisos": "Compromiso de demostración: publicar el siguiente corte a tiempo.",
}


def publicar_demostracion() -> int:
    """Publish the invented municipio's Ene–Jun 2022 as v1 (with a short narrative) unless it
    is published or the municipio was not loaded; versions made."""
    municipio = ambito.demostracion()
    if municipio is None:
        return 0
    corte = ambito.corte_de(municipio)
    if InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk).exists():
        return 0
    analista = get_user_model().objects.get(username="analista.demostracion")
    if not NarrativaCorte.objects.filter(ejercicio=corte.ejercicio, hasta=corte.hasta).exists():
        guardar_narrativa(corte, usuario=analista, textos=NARRATIVA_DEMOSTRACION)
    publicar(corte, usuario=analista)
    return 1
