"""Who reads the state corte: the Coordinación estatal, and everyone who reads a municipio's
reports (it holds only published figures, which are public anyway); never an enlace."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from avgm.plataforma import roles
from informes.estatal.corte import CorteEstatal, corte_estatal, existe, numero_de


def puede_leer(user) -> bool:
    return roles.puede(user, roles.LEER_ESTADO) or roles.puede(user, roles.LEER_TODO)


def exigir_lectura(user) -> None:
    if not puede_leer(user):
        raise PermissionDenied(roles.NEGADO[roles.LEER_ESTADO])


def corte_de(anio: int, hasta: str) -> CorteEstatal:
    """The state corte named by an address («T2»), or 404 when no municipio has that cut."""
    numero = numero_de(hasta)
    if numero is None or not existe(anio, numero):
        raise Http404("No existe ese corte.")
    return corte_estatal(anio, numero)
