"""Which e-mail each step of a ficha sends, and to whom (called after commit by fichas.workflow).

The templates are in templates/fichas/correo/<nombre>/; dependencias.correo sends them and
knows who the analistas and the enlaces are.
"""

from __future__ import annotations

from dependencias.correo import correos_analistas, correos_enlaces, enviar
from fichas.models import FichaTecnica, HistorialFicha
from fichas.observaciones import devolucion

CARPETA = "fichas/correo"


def _ficha(pk: int) -> FichaTecnica:
    return FichaTecnica.objects.select_related(
        "meta__dependencia", "periodo__ejercicio", "meta__tipo_accion"
    ).get(pk=pk)


def ficha_enviada(pk: int) -> int:
    ficha = _ficha(pk)
    return enviar(f"{CARPETA}/enviada", {"ficha": ficha}, correos_analistas())


def ficha_devuelta(pk: int, evento_pk: int) -> int:
    ficha = _ficha(pk)
    contexto = {"ficha": ficha, **devolucion(HistorialFicha, evento_pk)}
    return enviar(f"{CARPETA}/devuelta", contexto, correos_enlaces(ficha.meta.dependencia_id))


def ficha_aprobada(pk: int) -> int:
    ficha = _ficha(pk)
    return enviar(
        f"{CARPETA}/aprobada", {"ficha": ficha}, correos_enlaces(ficha.meta.dependencia_id)
    )
