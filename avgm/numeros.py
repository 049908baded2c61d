"""Numbers the Mexican way: 22,533 · 35.3 % · $ 1,234.56, and "N/A" for a division by zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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


FORMATOS = {"entero": entero, "porcentaje": porcentaje_de_fraccion, "dias": dias, "pesos": pesos}


def formatear(valor, formato: str = "entero") -> str:
    """The one way a figure becomes text: `formato` is entero, porcentaje (of a fraction),
    dias or pesos."""
    return FORMATOS[formato](valor)
