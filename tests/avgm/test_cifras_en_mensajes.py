"""Numbers a person reads are written the Mexican way (20,000; 12,500.50), in messages too.

The scan below catches the usual slip: a count put in a message as `{len(x)}`, which prints
20000. Wrap it in `avgm.numeros.entero` (or give it a `:,` format)."""

import ast
from pathlib import Path

import pytest

from avgm import numeros
from avgm.plataforma.views_bitacora import texto
from fichas.forms import RetiroEvidenciaForm
from fichas.models import FichaTecnica

RAIZ = Path(__file__).resolve().parents[2]
APPS = ["avgm", "dependencias", "fichas", "informes", "planeacion", "publico"]


def _conteos_sin_formato() -> list[str]:
    hallados = []
    for app in APPS:
        for ruta in (RAIZ / app).rglob("*.py"):
            if "migrations" in ruta.parts:
                continue
            arbol = ast.parse(ruta.read_text(encoding="utf-8"))
            for nodo in ast.walk(arbol):
                if not isinstance(nodo, ast.JoinedStr):
                    continue
                for parte in nodo.values:
                    if (
                        isinstance(parte, ast.FormattedValue)
                        and parte.format_spec is None
                        and isinstance(parte.value, ast.Call)
                        and isinstance(parte.value.func, ast.Name)
                        and parte.value.func.id == "len"
                    ):
                        hallados.append(f"{ruta.relative_to(RAIZ)}:{nodo.lineno}")
    return hallados


def test_no_message_prints_a_count_without_grouping():
    assert _conteos_sin_formato() == []


def test_the_length_limit_writes_both_numbers_grouped():
    form = RetiroEvidenciaForm({"version": 1, "motivo": "x" * 1_300})
    assert not form.is_valid()
    assert form.errors["motivo"] == ["El texto tiene 1,300 caracteres; el máximo es 300."]


@pytest.mark.django_db
def test_a_ficha_text_over_the_limit_says_20000_grouped(ficha_a):
    from fichas.forms import FichaForm

    datos = dict.fromkeys(("actividades",), "")
    form = FichaForm({**datos, "version": 1, "actividades": "a" * 20_000}, instance=ficha_a)
    form.is_valid()
    assert "El texto tiene 20,000 caracteres; el máximo es 10,000." in form.errors["actividades"]
    assert FichaTecnica._meta.get_field("actividades").max_length == 10_000


def test_the_bitacora_writes_recorded_figures_grouped_and_years_whole():
    assert texto("12500.50") == "12,500.50"  # a budget, kept by the record as text
    assert texto(22533) == "22,533"
    assert texto(2024, "Año") == "2024"
    assert texto({"Presupuesto ejercido": "0.00", "Vigente desde": 2022}) == (
        "Presupuesto ejercido: 0.00; Vigente desde: 2022"
    )
    assert texto("R-001") == "R-001"


def test_file_sizes_read_in_megabytes():
    assert numeros.megas(10 * 1024 * 1024) == "10 MB"
    assert numeros.megas(int(10.5 * 1024 * 1024)) == "10.5 MB"
    assert numeros.megas(2_500 * 1024 * 1024) == "2,500 MB"
