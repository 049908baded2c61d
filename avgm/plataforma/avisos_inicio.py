"""What awaits a person in a part of the portal their home page does not belong to.

The enlace's home lives in `fichas`; a higher app (the planning round) knows when something of
its own awaits the enlace, but `fichas` may not import it. So the higher app registers a
function here, in its AppConfig.ready, and the home asks `para(usuario)`: the home shows the
notices without knowing who gave them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Aviso:
    """One notice: a title, a sentence, and the page where the person acts on it."""

    titulo: str
    texto: str
    url: str
    accion: str  # the link's words, e.g. «Ir a la planeación»


Fuente = Callable[[object], Iterable[Aviso]]
_fuentes: list[Fuente] = []


def registrar(fuente: Fuente) -> Fuente:
    """Add a function user -> notices (once, however often `ready` runs)."""
    if fuente not in _fuentes:
        _fuentes.append(fuente)
    return fuente


def para(usuario) -> list[Aviso]:
    """Every registered notice for `usuario`, in the order the apps registered."""
    return [aviso for fuente in _fuentes for aviso in fuente(usuario)]
