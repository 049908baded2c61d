"""How a corte's headline figures differ from the previous corte's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from avgm.models import Periodo
from avgm.numeros import formatear
from informes.cifras.corte import Corte

# (key, name, path in the figures, kind): the headline figures compared between cortes.
INDICADORES = [
    ("declaratoria", "Recomendaciones de la declaratoria", ("recomendaciones", "declaratoria"),
     "entero"),
    ("programadas", "Recomendaciones programadas", ("recomendaciones", "programadas"), "entero"),
    ("impactadas", "Recomendaciones impactadas", ("recomendaciones", "impactadas"), "entero"),
    ("avance", "Avance (impactadas / programadas)", ("recomendaciones", "avance"), "fraccion"),
    ("dependencias", "Dependencias con metas", ("anual", "dependencias"), "entero"),
    ("metas_programadas", "Metas programadas", ("anual", "metas_programadas"), "entero"),
    ("metas_reportadas", "Metas con fichas reportadas", ("anual", "fichas_reportadas"), "entero"),
    ("oportunidad", "Oportunidad de entrega", ("oportunidad", "fraccion"), "fraccion"),
    ("aprobacion_a_la_primera", "Aprobación a la primera",
     ("aprobacion_a_la_primera", "fraccion"), "fraccion"),
    ("tiempo_de_ciclo", "Tiempo de ciclo (mediana de días)", ("tiempo_de_ciclo", "mediana_dias"),
     "dias"),
]  # fmt: skip


def _valor(figuras: dict, ruta: tuple[str, str]):
    return figuras.get(ruta[0], {}).get(ruta[1])


def _texto(valor, tipo: str) -> str:
    return formatear(valor, "porcentaje" if tipo == "fraccion" else tipo)


def _diferencia(actual, anterior, tipo: str) -> str:
    if actual is None or anterior is None:
        return "N/A"
    if tipo == "fraccion":
        puntos = (Decimal(repr(actual)) - Decimal(repr(anterior))) * 100
        puntos = puntos.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{puntos:+,} pts"
    if tipo == "dias":
        return f"{actual - anterior:+,.1f}"
    return f"{actual - anterior:+,}"


def comparar(actual: dict, anterior: dict) -> list[dict]:
    """The headline figures of a corte beside the previous corte's (`INDICADORES`). What a
    draft changed since its last published version is `informes.cifras.cambios`."""
    filas = []
    for clave, nombre, ruta, tipo in INDICADORES:
        a, b = _valor(actual, ruta), _valor(anterior, ruta)
        filas.append(
            {
                "clave": clave,
                "tipo": tipo,
                "valor_actual": a,
                "valor_anterior": b,
                "nombre": nombre,
                "actual": _texto(a, tipo),
                "anterior": _texto(b, tipo),
                "diferencia": _diferencia(a, b, tipo),
                "cambio": a != b,
            }
        )
    return filas


def corte_anterior(corte: Corte) -> Corte | None:
    """The corte one trimestre earlier in the same ejercicio, else the full year of the
    municipio's previous ejercicio (1 query)."""
    if corte.hasta.numero > 1:
        return Corte(
            ejercicio=corte.ejercicio, hasta=corte.periodos[-2], periodos=corte.periodos[:-1]
        )
    periodos = tuple(
        Periodo.objects.select_related("ejercicio")
        .filter(
            ejercicio__municipio_id=corte.ejercicio.municipio_id,
            ejercicio__anio=corte.ejercicio.anio - 1,
        )
        .order_by("numero")
    )
    if not periodos:
        return None
    return Corte(ejercicio=periodos[0].ejercicio, hasta=periodos[-1], periodos=periodos)
