"""`make carga` judges each run against its targets: p95 on every page and throughput as a
share of the bare view's, measured in its own phase (deploy/carga/resumen.py)."""

import csv
import importlib.util
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("resumen", RAIZ / "deploy/carga/resumen.py")
resumen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(resumen)

CAMPOS = ["Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%", "99%"]


def _csv(ruta: Path, filas: list[tuple]) -> str:
    with ruta.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f)
        escritor.writerow(CAMPOS)
        escritor.writerows(filas)
    return str(ruta)


@pytest.fixture
def vacia(tmp_path):
    return _csv(tmp_path / "vacia.csv", [("vista vacía", 1000, 0, 24.0, 5, 9, 20),
                                         ("Aggregated", 1000, 0, 24.0, 5, 9, 20)])  # fmt: skip


def test_a_read_run_within_its_targets_passes(tmp_path, vacia, capsys):
    paginas = _csv(tmp_path / "p.csv", [("enlace: inicio", 500, 0, 8.0, 20, 140, 200),
                                        ("vista vacía", 100, 0, 2.0, 6, 12, 30),
                                        ("Aggregated", 600, 0, 23.0, 18, 130, 190)])  # fmt: skip
    assert resumen.main(paginas, vacia, "lectura") == 0
    salida = capsys.readouterr().out
    assert "peor p95 140 ms (enlace: inicio) → cumple" in salida
    assert "23.0 pet/s contra 24.0 pet/s = 96 % → cumple" in salida
    assert "vista vacía (entre páginas)" in salida


def test_one_page_over_150_ms_at_p95_fails_the_read_run(tmp_path, vacia, capsys):
    paginas = _csv(tmp_path / "p.csv", [("enlace: inicio", 500, 0, 8.0, 20, 140, 200),
                                        ("directivo: informe de corte", 90, 0, 2.0, 60, 210, 400),
                                        ("Aggregated", 590, 0, 23.0, 18, 150, 300)])  # fmt: skip
    assert resumen.main(paginas, vacia, "lectura") == 1
    assert "peor p95 210 ms (directivo: informe de corte) → NO CUMPLE" in capsys.readouterr().out


def test_a_failed_request_fails_the_run(tmp_path, vacia):
    paginas = _csv(tmp_path / "p.csv", [("enlace: ficha", 500, 1, 8.0, 20, 100, 120),
                                        ("Aggregated", 500, 1, 8.0, 20, 100, 120)])  # fmt: skip
    assert resumen.main(paginas, vacia, "lectura") == 1


def test_deadline_day_compares_every_page_with_the_bare_view_under_the_same_load(tmp_path, capsys):
    corrida = _csv(tmp_path / "c.csv", [("enlace: guardar ficha", 300, 0, 6.0, 40, 180, 300),
                                        ("lector: informe de corte", 200, 0, 4.0, 30, 150, 250),
                                        ("vista vacía", 100, 0, 2.0, 8, 20, 30),
                                        ("Aggregated", 600, 0, 12.0, 30, 160, 280)])  # fmt: skip
    assert resumen.main(corrida, "-", "cierre") == 0
    salida = capsys.readouterr().out
    assert "peor 9.0× (enlace: guardar ficha) → cumple" in salida
    assert "12.0 pet/s en total; fallas: 0" in salida


def test_a_page_over_ten_times_the_bare_view_fails_deadline_day(tmp_path, capsys):
    corrida = _csv(tmp_path / "c.csv", [("lector: informe de corte", 200, 0, 4.0, 300, 2300, 2500),
                                        ("vista vacía", 100, 0, 2.0, 8, 20, 30),
                                        ("Aggregated", 300, 0, 6.0, 30, 1600, 2400)])  # fmt: skip
    assert resumen.main(corrida, "-", "cierre") == 1
    assert "peor 115.0× (lector: informe de corte) → NO CUMPLE" in capsys.readouterr().out
