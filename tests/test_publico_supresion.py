"""Small-cell suppression: counts 1–4 hidden, and one more cell where a total would give it away."""

from publico.supresion import (
    RESERVADO,
    SUPRIMIDO,
    celdas_suprimidas,
    con_margenes,
    suprimir,
)


def _recuperable(tabla, ocultas) -> bool:
    """Could any hidden cell be recovered by subtracting the visible ones of a row or column?"""
    filas = [[(i, j) for j in range(len(tabla[0]))] for i in range(len(tabla))]
    columnas = [[(i, j) for i in range(len(tabla))] for j in range(len(tabla[0]))]
    return any(sum(c in ocultas for c in linea) == 1 for linea in filas + columnas)


def test_counts_of_five_or_more_and_zeros_are_shown_as_they_are():
    tabla = con_margenes([[5, 0, 12], [7, 9, 30]])
    assert suprimir(tabla) == tabla


def test_a_count_below_five_reads_less_than_five_and_its_row_hides_the_next_smallest_cell():
    tabla = con_margenes([[3, 40, 9]])  # row total 52, column totals equal the row
    publica = suprimir(tabla)
    assert publica[0][0] == SUPRIMIDO
    # Complementary: without hiding 9, 52 − 40 − 9 = 3 gives the hidden count away.
    assert publica[0][2] == RESERVADO
    assert publica[0][1] == 40 and publica[0][3] == 52
    assert not _recuperable(tabla, celdas_suprimidas(tabla))


def test_complementary_suppression_also_covers_columns_and_cascades():
    tabla = con_margenes([[3, 10, 20], [7, 8, 9], [15, 0, 6]])
    ocultas = celdas_suprimidas(tabla)
    assert (0, 0) in ocultas  # the 3
    assert (0, 1) in ocultas  # smallest other of its row
    assert (1, 0) in ocultas  # smallest other of its column
    assert not _recuperable(tabla, ocultas)
    publica = suprimir(tabla)
    assert publica[0][0] == SUPRIMIDO and publica[0][1] == RESERVADO
    assert publica[-1][-1] == 78  # the grand total stays public


def test_a_total_below_five_is_itself_hidden_and_protected():
    tabla = con_margenes([[1, 2, 0], [10, 20, 30]])
    ocultas = celdas_suprimidas(tabla)
    assert {(0, 0), (0, 1), (0, 3)} <= ocultas
    assert not _recuperable(tabla, ocultas)


def test_an_empty_table_stays_empty():
    assert suprimir(con_margenes([])) == []
