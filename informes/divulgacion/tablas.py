"""The published tables of counts of people, cell by cell.

Two kinds of count: the atenciones by sex of each (dependencia, tipo de acción), and the
quantity achieved («cantidad alcanzada») of each meta, summed by (dependencia, tipo de
acción) and in total. A quantity counts people when its meta's unit of measure does
(`dependencias.unidades`, frozen per meta in the snapshot); a sum counts people when every
quantity in it does. Quantities of other units (talleres, campañas) are published as they
are, and are cells too: the audit reads them, and they may be hidden to protect a count.

A cell is named by what it means, not by where it sits: (dependencia, tipo de acción,
column), with «*» for «all» in the total row, and «meta:<clave>» as the column of a meta's
quantity. So the same cell is recognised in the open dataset, in a dependencia's page, in a
recomendación's page and in every version of a corte. Each table also lists the sums anyone
can read from it (a total and its parts): the constraints of the audit.

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
ALCANZADO = "alcanzado"  # the column of a (dependencia, tipo de acción)'s summed quantity
META = "meta:"  # the column of one meta's quantity: «meta:JRZ-2022-001»

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


def metas(instantanea: dict) -> list[dict]:
    """Each active meta's achieved quantity (snapshots frozen before quantities were
    protected have none: their tables are the atenciones only)."""
    return instantanea.get("cantidades_por_meta", [])


def de_meta(meta: dict) -> Clave:
    return (meta["dependencia"], meta["tipo_accion"], META + meta["clave"])


def de_grupo(dependencia: str, tipo: str) -> Clave:
    return (dependencia, tipo, ALCANZADO)


TOTAL_ALCANZADO = (TODAS, TODAS, ALCANZADO)


def es_cantidad(clave: Clave) -> bool:
    return clave[2] == ALCANZADO or clave[2].startswith(META)


def _en_grupo(meta: dict) -> bool:
    """A meta programmed in the corte: what the row sums of the dataset add up."""
    return meta["programado"] > 0


def valores(instantanea: dict) -> dict[Clave, int]:
    """Every published count of the snapshot, its margins included."""
    celdas: dict[Clave, int] = {}
    por_meta = metas(instantanea)
    for m in por_meta:
        celdas[de_meta(m)] = m["alcanzado"]
    if por_meta:
        for grupo in grupos(instantanea):
            celdas[de_grupo(*fila(grupo))] = grupo["alcanzado"]
        celdas[TOTAL_ALCANZADO] = sum(g["alcanzado"] for g in grupos(instantanea))
    todos = grupos(instantanea)
    for grupo in [*todos, None]:
        dependencia, tipo = fila(grupo)
        for sexo, _titulo in SEXOS:
            suma = grupo[sexo] if grupo is not None else sum(g[sexo] for g in todos)
            celdas[(dependencia, tipo, sexo)] = suma
        celdas[(dependencia, tipo, TOTAL)] = sum(celdas[(dependencia, tipo, s)] for s, _ in SEXOS)
    return celdas


def personas(instantanea: dict) -> frozenset[Clave]:
    """The cells that count people: every atenciones cell, the quantity of each meta whose
    unit counts people, and a sum all of whose quantities do."""
    celdas = {k for k in valores(instantanea) if not es_cantidad(k)}
    por_meta = metas(instantanea)
    if not por_meta:
        return frozenset(celdas)
    celdas |= {de_meta(m) for m in por_meta if m["cuenta_personas"]}
    puros: dict[tuple[str, str], bool] = {}
    for m in por_meta:
        if _en_grupo(m):
            clave = (m["dependencia"], m["tipo_accion"])
            puros[clave] = puros.get(clave, True) and m["cuenta_personas"]
    celdas |= {de_grupo(*clave) for clave, puro in puros.items() if puro}
    if puros and all(puros.values()):
        celdas.add(TOTAL_ALCANZADO)
    return frozenset(celdas)


def invisibles(instantanea: dict) -> frozenset[Clave]:
    """Quantities no page shows one by one, yet inside a published sum: a meta that counts
    people and answers no recomendación in force (a meta of another unit shows its fichas'
    quantities in the published workbook). Unknowns of the audit, never «confidencial»
    since nothing prints them, and possibly zero."""
    return frozenset(
        de_meta(m) for m in metas(instantanea) if m["cuenta_personas"] and not m["en_pagina"]
    )


def cotas_por_estado(instantanea: dict) -> dict[Clave, tuple[int, int | None]]:
    """What the published status counts tell of a meta's quantity: a row of the dataset says
    how many of its metas are cumplidas (quantity ≥ programado), con avance (between 1 and
    programado − 1) and sin avance (0), and each meta's programado is public. When all the
    metas of a row share one status, each one's is known, and so are those bounds."""
    por_fila: dict[tuple[str, str], list[dict]] = {}
    for m in metas(instantanea):
        if _en_grupo(m):
            por_fila.setdefault((m["dependencia"], m["tipo_accion"]), []).append(m)
    cotas: dict[Clave, tuple[int, int | None]] = {}
    for grupo in grupos(instantanea):
        suyas = por_fila.get(fila(grupo), [])
        for estado in ("cumplidas", "con_avance", "sin_avance"):
            if suyas and grupo.get(estado) == len(suyas):
                for m in suyas:
                    p = m["programado"]
                    cotas[de_meta(m)] = {
                        "cumplidas": (p, None), "con_avance": (1, p - 1), "sin_avance": (0, 0)
                    }[estado]  # fmt: skip
    return cotas


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
    if metas(instantanea):
        claves += (*(de_grupo(d, t) for d, t in filas), TOTAL_ALCANZADO)
        relaciones.append((TOTAL_ALCANZADO, tuple(de_grupo(d, t) for d, t in filas)))
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


def tabla_de_metas(instantanea: dict) -> Tabla:
    """Each meta's quantity, on the pages of the recomendaciones it answers (and, for a unit
    that counts no people, in the published workbook): each row of the dataset is the sum of
    its metas programmed in the corte, those no page shows among them."""
    por_meta = metas(instantanea)
    ocultas = invisibles(instantanea)
    partes: dict[tuple[str, str], list[Clave]] = {}
    for m in por_meta:
        if _en_grupo(m):
            partes.setdefault((m["dependencia"], m["tipo_accion"]), []).append(de_meta(m))
    return Tabla(
        "Cantidad alcanzada de cada meta (páginas de las recomendaciones)",
        tuple(de_meta(m) for m in por_meta if de_meta(m) not in ocultas),
        tuple((de_grupo(*fila(g)), tuple(partes.get(fila(g), ()))) for g in grupos(instantanea)),
    )


def publicadas(instantanea: dict) -> list[Tabla]:
    """Every table a version makes public: the dataset, each dependencia's page and, since
    quantities are protected, each meta's quantity."""
    dependencias = sorted({g["dependencia"] for g in grupos(instantanea)})
    return [
        tabla_de_datos(instantanea),
        *(tabla_de_dependencia(instantanea, siglas) for siglas in dependencias),
        *([tabla_de_metas(instantanea)] if metas(instantanea) else []),
    ]


def describir(clave: Clave) -> str:
    """«fila IMM — Vinculación, columna atenciones a mujeres», for messages."""
    dependencia, tipo, columna = clave
    nombre_fila = "TOTAL" if dependencia == TODAS else f"{dependencia} — {tipo}"
    if columna.startswith(META):
        return f"meta {columna[len(META) :]} ({nombre_fila}), cantidad alcanzada"
    titulo = "cantidad alcanzada" if columna == ALCANZADO else TITULOS[columna]
    return f"fila «{nombre_fila}», columna «{titulo}»"
