"""Numbers the Mexican way: 22,533 · 35.3 % · $ 1,234.56, and "N/A" for a division by zero;
stored figures in text (12,500.50), durations (15 minutos) and dates relative to today
(hace 3 días, en 2 días)."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NA = "N/A"


def fraccion(numerador: int, denominador: int) -> float | None:
    """numerador / denominador, or None when the denominator is 0 (never a fake 0 %)."""
    if not denominador:
        return None
    return numerador / denominador


def entero(valor: int | float | Decimal | None) -> str:
    if valor is None:
        return NA
    return f"{int(valor):,}"


def porcentaje(numerador: int, denominador: int, decimales: int = 1) -> str:
    """Exact ratio as a percentage rounded half-up: porcentaje(18, 51) == "35.3 %"."""
    if not denominador:
        return NA
    valor = (Decimal(numerador) * 100 / Decimal(denominador)).quantize(
        Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP
    )
    return f"{valor:,} %"


def porcentaje_de_fraccion(valor: float | None, decimales: int = 1) -> str:
    """A stored fraction (0.3529...) as "35.3 %"; None is "N/A"."""
    if valor is None:
        return NA
    cifra = (Decimal(repr(valor)) * 100).quantize(
        Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP
    )
    return f"{cifra:,} %"


def pesos(valor: int | float | Decimal | None) -> str:
    if valor is None:
        return NA
    cifra = Decimal(str(valor)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"$ {cifra:,}"


def dias(valor: int | float | Decimal | None) -> str:
    """A number of days with one decimal, rounded half-up: "3.5"; None is "N/A"."""
    if valor is None:
        return NA
    cifra = Decimal(repr(valor) if isinstance(valor, float) else str(valor)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{cifra:,}"


_CIFRA = re.compile(r"-?\d+(\.\d+)?")


def cifra_texto(texto: str | None) -> str:
    """A figure stored as text ("12500.50", "1500") grouped the Mexican way ("12,500.50",
    "1,500"), keeping its decimals; any other text is returned as it is."""
    if texto is None:
        return ""
    limpio = str(texto).strip()
    if not _CIFRA.fullmatch(limpio):
        return str(texto)
    try:
        return f"{Decimal(limpio):,}"
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return str(texto)


def _unidades(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def duracion(valor: datetime.timedelta | None) -> str:
    """A span as a person says it: "15 minutos", "1 hora", "1 hora y 30 minutos", "2 días"."""
    if valor is None:
        return NA
    minutos = max(0, round(valor.total_seconds() / 60))
    dias_, resto = divmod(minutos, 24 * 60)
    horas, minutos = divmod(resto, 60)
    partes = []
    if dias_:
        partes.append(_unidades(dias_, "día", "días"))
    if horas:
        partes.append(_unidades(horas, "hora", "horas"))
    if minutos or not partes:
        partes.append(_unidades(minutos, "minuto", "minutos"))
    return " y ".join([", ".join(partes[:-1]), partes[-1]] if len(partes) > 1 else partes)


def relativa(fecha: datetime.date | datetime.datetime | None, hoy: datetime.date) -> str:
    """A date against today: "hoy", "ayer", "mañana", "hace 3 días", "en 2 días"."""
    if fecha is None:
        return NA
    if isinstance(fecha, datetime.datetime):
        fecha = fecha.date()
    diferencia = (fecha - hoy).days
    if diferencia == 0:
        return "hoy"
    if diferencia == -1:
        return "ayer"
    if diferencia == 1:
        return "mañana"
    if diferencia < 0:
        return f"hace {_unidades(-diferencia, 'día', 'días')}"
    return f"en {_unidades(diferencia, 'día', 'días')}"


def megas(tamano: int) -> str:
    """A file size in MB with at most one decimal, the Mexican way: "10 MB", "10.5 MB"."""
    cifra = (Decimal(tamano) / Decimal(1024 * 1024)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{cifra.normalize() if cifra == cifra.to_integral() else cifra:,f} MB"


FORMATOS = {"entero": entero, "porcentaje": porcentaje_de_fraccion, "dias": dias, "pesos": pesos}


def formatear(valor, formato: str = "entero") -> str:
    """The one way a figure becomes text: `formato` is entero, porcentaje (of a fraction),
    dias or pesos."""
    return FORMATOS[formato](valor)
