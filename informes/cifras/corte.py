"""A corte: an ejercicio and its periodos up to a chosen one (Ene–Jun 2022 = T1 + T2)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from avgm.models import Ejercicio, Municipio, Periodo
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
    def buscar(cls, anio: int, hasta: str, municipio: Municipio | None = None) -> Corte:
        """`municipio`'s corte of year `anio` up to "T2" (raises Periodo.DoesNotExist).

        Without a municipio, the deployment's only one; with several a municipio is required
        (ValueError), so a corte never comes from whichever municipio answers first."""
        numero = int(hasta.upper().lstrip("T"))
        if municipio is None:
            municipio = Municipio.objects.unico()
            if municipio is None:
                raise ValueError("Hay varios municipios: diga de cuál es el corte.")
        hasta_periodo = Periodo.objects.select_related("ejercicio__municipio").get(
            ejercicio__municipio=municipio, ejercicio__anio=anio, numero=numero
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


def filas(consulta: QuerySet) -> list[tuple]:
    """The rows of a `values_list` query as the database driver returns them, without Django's
    per-row conversion: for the figures' large reads of ids and counts (thousands of rows),
    whose Python types need no conversion.

    The driver's types are the database's: a boolean may come as 0 / 1 (SQLite) and an
    extracted number as a Decimal (PostgreSQL), so read them as truth values and numbers only.
    """
    try:
        sql, params = consulta.query.get_compiler(using=consulta.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[consulta.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def corte_en_curso(municipio: Municipio | None) -> Corte | None:
    """`municipio`'s corte up to its periodo in progress (`Periodo.objects.en_curso`); None
    without a municipio."""
    if municipio is None:
        return None
    periodo = Periodo.objects.filter(ejercicio__municipio=municipio).en_curso(
        FichaTecnica.objects.reportadas()
    )
    return Corte.de(periodo.ejercicio, periodo) if periodo else None
