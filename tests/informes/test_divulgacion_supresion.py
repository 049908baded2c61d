"""Choosing what a version hides: one label, no zeros, totals included, consistent across versions."""

import random
import time

from informes.divulgacion.auditoria import UMBRAL, fallas
from tests.divulgacion import c, elegida, instantanea

TIPOS = ("Atención", "Capacitación", "Vinculación")


def test_a_small_count_is_hidden_with_the_cells_that_let_it_reach_five():
    pub = elegida(instantanea({"A": (3, 10, 0), "B": (7, 8, 0), "C": (30, 12, 6)}))
    assert c("A", "mujeres") in pub.ocultas
    assert fallas([pub]) == []
    # The rest of the table stays readable: the row totals, the TOTAL row, the zeros.
    assert {c("A", "total"), c("*", "mujeres"), c("*", "total"), c("A", "noesp")}.isdisjoint(
        pub.ocultas
    )


def test_a_zero_is_never_chosen_to_protect_a_count():
    """The demo's IMM / Vinculación: 2 women and nothing else, beside a row of zeros."""
    inst = instantanea(
        {"IMM": (2, 0, 0), "Cero": (0, 0, 0), "DIF": (28, 7, 1), "SSPM": (253, 62, 10)}
    )
    pub = elegida(inst)
    assert all(pub.valores[k] > 0 for k in pub.ocultas)
    assert {c("IMM", "mujeres"), c("IMM", "total")} <= pub.ocultas
    assert fallas([pub]) == []


def test_totals_are_hidden_when_nothing_else_can_protect_a_count():
    pub = elegida(instantanea({"DIF": (3, 12, 0)}))  # the TOTAL row repeats DIF's
    assert pub.ocultas == {
        c("DIF", "mujeres"),
        c("DIF", "hombres"),
        c("*", "mujeres"),
        c("*", "hombres"),
    }
    assert fallas([pub]) == []


def test_a_correction_hides_what_the_previous_version_hid_and_never_uses_what_it_showed():
    v1 = elegida(instantanea({"A": (3, 10, 0), "B": (7, 8, 0), "C": (9, 6, 0), "D": (12, 15, 0)}))
    # The correction makes A's 3 a 6 and B's 8 men a 2.
    v2 = elegida(
        instantanea({"A": (6, 10, 0), "B": (7, 2, 0), "C": (9, 6, 0), "D": (12, 15, 0)}), [v1]
    )
    assert v1.ocultas <= v2.ocultas  # A's 6 stays hidden although it is no longer small
    mostradas_en_v1 = {k for k, v in v1.valores.items() if k not in v1.ocultas}
    for k in v2.ocultas - v1.ocultas:
        assert not (k in mostradas_en_v1 and v1.valores[k] == v2.valores[k]), k
    assert fallas([v1, v2]) == []


def test_a_correction_that_nothing_can_protect_fails_the_audit():
    """5 atenciones move from DIF alone to DIF 2 and SSPM 3: the TOTAL row, 5 in both
    versions, already says the two add up to 5, so neither can reach 5."""
    v1 = elegida(instantanea({"DIF": (5, 0, 0), "SSPM": (0, 0, 0)}))
    assert v1.ocultas == frozenset()
    v2 = elegida(instantanea({"DIF": (2, 0, 0), "SSPM": (3, 0, 0)}), [v1])
    malas = fallas([v1, v2])
    assert {(f.clave, f.maximo) for f in malas} >= {(c("DIF", "mujeres"), 4)}
    assert "fila «DIF — Atención», columna «atenciones a mujeres»" in malas[0].mensaje()


def _corte_generado(azar: random.Random, filas: int) -> dict:
    def conteo() -> int:
        suerte = azar.random()
        return (
            0
            if suerte < 0.2
            else azar.randint(1, UMBRAL - 1)
            if suerte < 0.5
            else azar.randint(5, 80)
        )

    return {
        (f"D{n // len(TIPOS):02d}", TIPOS[n % len(TIPOS)]): (conteo(), conteo(), conteo())
        for n in range(filas)
    }


def test_a_generated_corte_with_many_small_counts_passes_in_both_versions():
    azar = random.Random(20)
    filas_v1 = _corte_generado(azar, 75)  # 25 dependencias × 3 tipos de acción
    filas_v2 = dict(filas_v1)
    for fila in azar.sample(sorted(filas_v1), 10):  # ten rows corrected
        filas_v2[fila] = _corte_generado(azar, 1)[("D00", "Atención")]
    filas_v2[("D99", "Atención")] = (2, 6, 1)  # and a dependencia reported late
    inicio = time.perf_counter()
    v1 = elegida(instantanea(filas_v1))
    v2 = elegida(instantanea(filas_v2), [v1])
    malas = fallas([v1, v2])
    segundos = time.perf_counter() - inicio

    assert len(v1.primarias()) >= 50 and len(v2.primarias()) >= 50
    assert len(v1.tablas) >= 3  # the dataset and each dependencia's page
    assert malas == []
    assert all(v > 0 for k, v in v1.valores.items() if k in v1.ocultas)
    assert all(v2.valores[k] > 0 for k in v2.ocultas - v1.ocultas)
    assert {k for k in v1.ocultas if k in v2.valores} <= v2.ocultas
    assert segundos < 60, segundos
