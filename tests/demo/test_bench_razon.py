"""The bench's ratio figures / floor is measured with both run in turns, so a busy moment of
the machine weighs on the two alike instead of on whichever ran during it."""

from demo.management.commands import bench


def test_the_figures_and_the_floor_run_in_turns(monkeypatch):
    llamadas = []
    monkeypatch.setattr(bench.time, "perf_counter", iter(range(1000)).__next__)

    bench._alternados(lambda: llamadas.append("cifras"), lambda: llamadas.append("piso"), veces=3)

    assert llamadas == ["cifras", "piso"] * 3


def test_each_keeps_its_best_time(monkeypatch):
    # Start/end readings: cifras 5 s, piso 1 s, cifras 2 s (the best), piso 3 s.
    lecturas = iter([0, 5, 10, 11, 20, 22, 30, 33])
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(lecturas))

    assert bench._alternados(lambda: None, lambda: None, veces=2) == (2, 1)
