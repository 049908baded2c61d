"""A corte: an ejercicio and its periodos up to a chosen one (Ene–Jun 2022 = T1 + T2)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from avgm.models import Ejercicio, Periodo
from fichas.models import FichaTecnica


@dataclass(frozen=True)
class Corte:
    """An ejercicio and its periodos up to `hasta`."""

    ejercicio: Ejercicio
    hasta: Periodo
    periodos: tuple[Periodo, ...]

    @classmethod
    def de(cls, ejercicio: Ejercicio, hasta: Periodo) -> Corte:
        periodos = tuple(ejercicio.periodos.filter(numero__lte=hasta.numero).order_by("numero"))
        return cls(ejercicio=ejercicio, hasta=hasta, periodos=periodos)

    @classmethod
    def buscar(cls, anio: int, hasta: str) -> Corte:
        """The corte of year `anio` up to "T2" (raises Periodo.DoesNotExist)."""
        numero = int(hasta.upper().lstrip("T"))
        hasta_periodo = Periodo.objects.select_related("ejercicio").get(
            ejercicio__anio=anio, numero=numero
        )
        return cls.de(hasta_periodo.ejercicio, hasta_periodo)

    @property
    def etiqueta(self) -> str:
        """«Ene–Jun 2022», from the periodos' dates."""
        primero, ultimo = self.periodos[0], self.periodos[-1]
        return f"{primero.etiqueta.split('–')[0]}–{ultimo.etiqueta.split('–')[1]}"

    @property
    def periodo_ids(self) -> list[int]:
        return [p.pk for p in self.periodos]

    def fichas(self) -> QuerySet[FichaTecnica]:
        """«Fichas del corte»: of the ejercicio's active metas in the corte's periodos."""
        return FichaTecnica.objects.del_corte(self.ejercicio, self.periodo_ids)


def corte_en_curso() -> Corte | None:
    """The corte up to the periodo in progress (`Periodo.objects.en_curso`)."""
    periodo = Periodo.objects.en_curso(FichaTecnica.objects.reportadas())
    return Corte.de(periodo.ejercicio, periodo) if periodo else None
