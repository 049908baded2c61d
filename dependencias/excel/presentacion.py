"""The values of a changed row as the preview shows them: before → after, as people write
them (names, not ids; quantities as 1,500; years as 2024; dates as dd/mm/aaaa; Sí/No)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format

from avgm import numeros
from avgm.models import Recomendacion, ValoracionGIM
from dependencias.excel.resultado import Fila

VACIO = "(vacío)"
# Fields that hold a year: written whole, never as 2,024.
ANIOS = {"ejercicio", "vigente_desde", "vigente_hasta"}
CANTIDADES = {"t1", "t2", "t3", "t4"}
ELECCIONES = {
    "tipo": dict(Recomendacion.Tipo.choices),
    "valoracion": dict(ValoracionGIM.Valor.choices),
}


class Nombres:
    """Names of what rows refer to by id or by search key, from the catalogs read once."""

    def __init__(self, cat) -> None:
        self.por_campo = {
            "modalidades": {m.pk: m.nombre for m in cat.modalidades.values()},
            "ejes": {e.pk: e.nombre for e in cat.ejes.values()},
            "tipo_accion": {t.pk: t.nombre for t in cat.tipos_accion.values()},
            "dependencia": {k: d.siglas for k, d in cat.dependencias.items()},
            "recomendaciones": {k: r.clave for k, r in cat.recomendaciones.items()},
        }

    def nombre(self, campo: str, valor: Any) -> str:
        conocidos = self.por_campo.get(campo, {})
        if valor in conocidos:
            return conocidos[valor]
        return str(valor).upper() if campo in ("dependencia", "recomendaciones") else str(valor)


def como_texto(campo: str, valor: Any, nombres: Nombres) -> str:
    """One value of `campo` as the preview writes it."""
    if valor is None or valor == "" or valor == []:
        return VACIO
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, list):
        return ", ".join(nombres.nombre(campo, v) for v in valor)
    if isinstance(valor, datetime.date):
        return date_format(valor, "d/m/Y")
    if campo in ELECCIONES:
        return str(ELECCIONES[campo].get(valor, valor))
    if campo in nombres.por_campo:
        return nombres.nombre(campo, valor)
    if campo in ANIOS:
        return str(valor)
    if campo in CANTIDADES or isinstance(valor, int | float | Decimal):
        return numeros.cifra_texto(str(valor))
    return str(valor)


def describir(fila: Fila, etiquetas: dict[str, str], nombres: Nombres) -> None:
    """Fill `fila.valores` with (label, before, after) of each changed field."""
    despues = fila.despues()
    fila.valores = [
        (
            etiquetas.get(campo, campo),
            como_texto(campo, fila.antes.get(campo), nombres),
            como_texto(campo, despues.get(campo), nombres),
        )
        for campo in fila.campos
    ]
