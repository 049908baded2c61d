"""The audit: each hidden small count's feasible range by linear programming, every version."""

import math

from informes.divulgacion.auditoria import Publicacion, Sistema, fallas, rangos
from tests.divulgacion import c, instantanea, publicacion

# Two rows and two columns that matter (nobody has «sexo no especificado»), with margins:
#          mujeres  hombres  total
#   A         3       10       13
#   B         7        8       15
#   TOTAL    10       18       28
DOS_POR_DOS = instantanea({"A": (3, 10, 0), "B": (7, 8, 0)})


def _rango(pub: Publicacion, celda, anteriores=()):
    return Sistema([*anteriores, pub]).rango(pub, celda)


def test_one_hidden_cell_of_a_two_by_two_table_is_recovered_exactly_and_fails():
    pub = publicacion(DOS_POR_DOS, {c("A", "mujeres")})
    assert _rango(pub, c("A", "mujeres")) == (3, 3)  # 13 − 10 − 0
    [falla] = fallas([pub])
    assert falla.clave == c("A", "mujeres") and not falla.protegido
    assert "fila «A — Atención», columna «atenciones a mujeres»" in falla.mensaje()
    assert "queda entre 3 y 3" in falla.mensaje()


def test_hiding_the_whole_rectangle_lets_the_count_reach_five_and_passes():
    ocultas = {c("A", "mujeres"), c("A", "hombres"), c("B", "mujeres"), c("B", "hombres")}
    pub = publicacion(DOS_POR_DOS, ocultas)
    # A's women can grow while B's women shrink to 1 (a hidden cell is never zero): 3 + 6.
    assert _rango(pub, c("A", "mujeres")) == (1, 9)
    assert fallas([pub]) == []


def test_a_range_of_several_values_below_five_still_fails():
    inst = instantanea({"A": (2, 0, 0), "B": (2, 0, 0)})
    ocultas = {c("A", "mujeres"), c("A", "total"), c("B", "mujeres"), c("B", "total")}
    por_celda = {r.clave: r for r in rangos([publicacion(inst, ocultas)])}
    assert sorted(por_celda) == sorted(ocultas)  # each is a small count
    a = por_celda[c("A", "mujeres")]
    assert (a.minimo, a.maximo) == (1, 3)  # the column total 4 is public
    assert not any(r.protegido for r in por_celda.values())


def test_a_hidden_zero_protects_nothing():
    """The pattern found on the demo: IMM's 2 protected by a row of zeros."""
    inst = instantanea({"IMM": (2, 0, 0), "Cero": (0, 0, 0), "DIF": (40, 9, 6)})
    ocultas = {c("IMM", "mujeres"), c("IMM", "total"), c("Cero", "mujeres"), c("Cero", "total")}
    pub = publicacion(inst, ocultas, heredadas={c("Cero", "mujeres"), c("Cero", "total")})
    assert _rango(pub, c("IMM", "mujeres")) == (1, 2)
    assert not rangos([pub])[0].protegido


def test_when_every_total_around_it_is_hidden_nothing_bounds_the_count():
    inst = instantanea({"A": (3, 0, 0)})
    ocultas = {c("A", "mujeres"), c("A", "total"), c("*", "mujeres"), c("*", "total")}
    minimo, maximo = _rango(publicacion(inst, ocultas), c("A", "mujeres"))
    assert minimo == 1 and math.isinf(maximo)


def test_a_cell_a_later_version_shows_gives_the_earlier_hidden_count_away():
    """v1 hides A's 3 with B's cells; v2 corrects A and hides it with C's, showing B's 7."""
    v1 = publicacion(
        instantanea({"A": (3, 10, 0), "B": (7, 8, 0), "C": (9, 6, 0)}),
        {c("A", "mujeres"), c("A", "hombres"), c("B", "mujeres"), c("B", "hombres")},
    )
    assert fallas([v1]) == []
    v2 = publicacion(
        instantanea({"A": (4, 10, 0), "B": (7, 8, 0), "C": (9, 6, 0)}),
        {c("A", "mujeres"), c("A", "hombres"), c("C", "mujeres"), c("C", "hombres")},
        version=2,
    )
    assert fallas([v2]) == []  # each version alone looks fine
    # v1's 10 − B's 7, which v2 shows; then A's men (10 in both) and v2's row total 14.
    assert {(f.version, f.clave, f.minimo, f.maximo) for f in fallas([v1, v2])} == {
        (1, c("A", "mujeres"), 3, 3),
        (2, c("A", "mujeres"), 4, 4),
    }


def test_an_unchanged_hidden_cell_is_one_unknown_across_versions_and_reported_once():
    ocultas = {c("A", "mujeres"), c("A", "hombres"), c("B", "mujeres"), c("B", "hombres")}
    v1 = publicacion(DOS_POR_DOS, ocultas)
    v2 = publicacion(DOS_POR_DOS, ocultas, version=2, heredadas=ocultas)
    [rango] = rangos([v1, v2])
    assert (rango.version, rango.minimo, rango.maximo) == (2, 1, 9)
