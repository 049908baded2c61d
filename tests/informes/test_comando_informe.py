"""`manage.py informe` writes the corte's figures and refuses bad arguments clearly."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


def test_json_to_stdout_has_the_issue_keys():
    ejercicio(2022)
    rec = RecomendacionFactory()
    meta = MetaFactory(recomendaciones=[rec], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    out = StringIO()
    call_command("informe", "--ejercicio", "2022", "--hasta", "t2", "--formato", "json", stdout=out)
    datos = json.loads(out.getvalue())
    assert datos["recomendaciones"] == {
        "declaratoria": 1,
        "programadas": 1,
        "impactadas": 1,
        "avance": 1.0,
    }
    assert [p["periodo"] for p in datos["periodos"]] == ["T1", "T2"]
    assert datos["corte"]["etiqueta"] == "Ene–Jun 2022"
    for clave in (
        "impactadas_por_modalidad", "impactadas_por_eje", "anual", "metas_por_tipo_accion",
        "respuesta_por_dependencia", "dependencias_alta_respuesta", "areas_deficientes",
    ):  # fmt: skip
        assert clave in datos


def test_json_to_a_file(tmp_path):
    ejercicio(2022)
    destino = tmp_path / "corte.json"
    call_command(
        "informe", "--ejercicio", "2022", "--hasta", "T1", "-o", str(destino), stderr=StringIO()
    )
    assert json.loads(destino.read_text(encoding="utf-8"))["corte"]["hasta"] == "T1"


def test_an_unknown_ejercicio_is_a_clear_error():
    with pytest.raises(CommandError, match="No existe el ejercicio 1999"):
        call_command("informe", "--ejercicio", "1999", "--hasta", "T2")


def test_bad_periodo_and_format_are_refused():
    ejercicio(2022)
    with pytest.raises(CommandError, match="T1, T2, T3 o T4"):
        call_command("informe", "--ejercicio", "2022", "--hasta", "T7")
    with pytest.raises(CommandError, match="no disponible"):
        call_command("informe", "--ejercicio", "2022", "--hasta", "T2", "--formato", "docx")
