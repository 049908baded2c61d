"""The published tables of counts of people (atenciones), cell by cell.

A cell is named by what it means, not by where it sits: (dependencia, tipo de acción,
column), with «*» for «all» in the total row. So the same cell is recognised in the open
dataset, in a dependencia's page and in every version of a corte. Each table also lists the
sums anyone can read from it (a total and its parts): the constraints of the audit.

Only the frozen snapshot (`informes.salidas.instantanea`) is read, never live data.
"""

from __future__ import annotations

from dataclasses import dataclass

TODAS = "*"
TOTAL = "total"
# The snapshot's field of each count by sex, and the column title the public reads.
SEXOS = (
    ("mujeres", "atenciones a mujeres"),
    ("hombres", "atenciones a hombres"),
    ("noesp", "atenciones, sexo no especificado"),
)
COLUMNAS = (*SEXOS, (TOTAL, "atenciones, total"))
TITULOS = dict(COLUMNAS)

Clave = tuple[str, str, str]  # (dependencia's siglas or «*», tipo de acción or «*», column)
Relacion = tuple[Clave, tuple[Clave, ...]]  # a total and the cells it adds up


@dataclass(frozen=True)
class Tabla:
    """A table as published: the cells it shows and the sums it states."""

    nombre: str
    claves: tuple[Clave, ...]
    relaciones: tuple[Relacion, ...]


def grupos(instantanea: dict) -> list[dict]:
    """The rows of the snapshot: one per dependencia and tipo de acción."""
    return instantanea["metas_por_dependencia_y_tipo"]


def fila(grupo: dict | None) -> tuple[str, str]:
    """The (dependencia, tipo de acción) part of a row's cells; None is the total row."""
    return (TODAS, TODAS) if grupo is None else (grupo["dependencia"], grupo["tipo_accion"])


def valores(instantanea: dict) -> dict[Clave, int]:
    """Every published count of the snapshot, its margins included."""
    celdas: dict[Clave, int] = {}
    todos = grupos(instantanea)
    for grupo in [*todos, None]:
        dependencia, tipo = fila(grupo)
        for sexo, _titulo in SEXOS:
            suma = grupo[sexo] if grupo is not None else sum(g[sexo] for g in todos)
            celdas[(dependencia, tipo, sexo)] = suma
        celdas[(dependencia, tipo, TOTAL)] = sum(celdas[(dependencia, tipo, s)] for s, _ in SEXOS)
    return celdas


def _suma_de_fila(dependencia: str, tipo: str) -> Relacion:
    return (dependencia, tipo, TOTAL), tuple((dependencia, tipo, s) for s, _ in SEXOS)


def tabla_de_datos(instantanea: dict) -> Tabla:
    """The open dataset «metas por dependencia y tipo de acción»: every row, then the total row."""
    filas = [fila(g) for g in grupos(instantanea)]
    relaciones = [_suma_de_fila(d, t) for d, t in [*filas, (TODAS, TODAS)]]
    relaciones += [
        ((TODAS, TODAS, columna), tuple((d, t, columna) for d, t in filas))
        for columna, _titulo in COLUMNAS
    ]
    claves = tuple(
        (d, t, columna) for d, t in [*filas, (TODAS, TODAS)] for columna, _titulo in COLUMNAS
    )
    return Tabla(
        "Metas y atenciones por dependencia y tipo de acción (datos abiertos)",
        claves,
        tuple(relaciones),
    )


def tabla_de_dependencia(instantanea: dict, siglas: str) -> Tabla:
    """A dependencia's public page: its rows, each with its total, and no column totals."""
    filas = [fila(g) for g in grupos(instantanea) if g["dependencia"] == siglas]
    return Tabla(
        f"Página pública de la dependencia {siglas}",
        tuple((d, t, columna) for d, t in filas for columna, _titulo in COLUMNAS),
        tuple(_suma_de_fila(d, t) for d, t in filas),
    )


def publicadas(instantanea: dict) -> list[Tabla]:
    """Every table a version makes public: the dataset and each dependencia's page."""
    dependencias = sorted({g["dependencia"] for g in grupos(instantanea)})
    return [
        tabla_de_datos(instantanea),
        *(tabla_de_dependencia(instantanea, siglas) for siglas in dependencias),
    ]


def describir(clave: Clave) -> str:
    """«fila IMM — Vinculación, columna atenciones a mujeres», for messages."""
    dependencia, tipo, columna = clave
    nombre_fila = "TOTAL" if dependencia == TODAS else f"{dependencia} — {tipo}"
    return f"fila «{nombre_fila}», columna «{TITULOS[columna]}»"
