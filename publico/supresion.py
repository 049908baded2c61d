"""Small-cell suppression of beneficiary counts (atenciones), with complementary suppression.

A table is given with its margins: every row ends with its total and the last row holds the
column totals. A count from 1 to 4 is shown as «<5» (primary suppression). Each row and each
column is a sum constraint: if exactly one of its entries is hidden it can be recovered by
subtraction, so the smallest other entry of that line is hidden too (complementary
suppression), repeated until no line hides exactly one entry; it reads «reservado», since
it is not below 5. Zero is not sensitive.
"""

from __future__ import annotations

UMBRAL = 5
SUPRIMIDO = "<5"
RESERVADO = "reservado"
MARCAS = [SUPRIMIDO, RESERVADO]


def _lineas(n_filas: int, n_columnas: int) -> list[list[tuple[int, int]]]:
    filas = [[(i, j) for j in range(n_columnas)] for i in range(n_filas)]
    columnas = [[(i, j) for i in range(n_filas)] for j in range(n_columnas)]
    return filas + columnas


def celdas_suprimidas(tabla: list[list[int]], umbral: int = UMBRAL) -> set[tuple[int, int]]:
    """The (row, column) positions to hide in `tabla` (a table with its margins)."""
    if not tabla:
        return set()
    n_filas, n_columnas = len(tabla), len(tabla[0])
    ocultas = {
        (i, j) for i, fila in enumerate(tabla) for j, valor in enumerate(fila) if 0 < valor < umbral
    }
    cambio = True
    while cambio:
        cambio = False
        for linea in _lineas(n_filas, n_columnas):
            if len(linea) < 2 or sum(1 for c in linea if c in ocultas) != 1:
                continue
            visibles = [c for c in linea if c not in ocultas]
            # The smallest remaining entry; prefer an inner cell over the line's total.
            siguiente = min(visibles, key=lambda c: (tabla[c[0]][c[1]], c == linea[-1], c))
            ocultas.add(siguiente)
            cambio = True
    return ocultas


def suprimir(tabla: list[list[int]], umbral: int = UMBRAL) -> list[list[int | str]]:
    """`tabla` (with its margins) as shown to the public: «<5» or «reservado» when hidden."""
    ocultas = celdas_suprimidas(tabla, umbral)
    return [
        [
            (SUPRIMIDO if 0 < valor < umbral else RESERVADO) if (i, j) in ocultas else valor
            for j, valor in enumerate(fila)
        ]
        for i, fila in enumerate(tabla)
    ]


def con_margenes(filas: list[list[int]]) -> list[list[int]]:
    """Add each row's total at its end and a last row of column totals."""
    completas = [[*fila, sum(fila)] for fila in filas]
    if not completas:
        return []
    totales = [sum(col) for col in zip(*completas, strict=True)]
    return [*completas, totales]
