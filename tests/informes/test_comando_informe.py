"""`manage.py informe` writes the corte's figures and refuses bad arguments clearly."""

import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fichas.models import FichaTecnica
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.models import InformePublicado
from informes.salidas.json_informe import ESQUEMA
from informes.salidas.reporte import con_comparacion
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


def _publicada_sin_render(usuario) -> InformePublicado:
    """A published version row of Ene–Jun 2022 with its frozen figures (no PDF rendered)."""
    ejercicio(2022)
    rec = RecomendacionFactory()
    meta = MetaFactory(recomendaciones=[rec], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    corte = Corte.buscar(2022, "T2")
    return InformePublicado.objects.create(
        ejercicio=corte.ejercicio,
        hasta=corte.hasta,
        version=1,
        figuras=con_comparacion(corte, calcular(corte)),
        publicado_por=usuario,
        publicado_en=timezone.now(),
        sha256="0" * 64,
        pdf="informes/prueba.pdf",
    )


def test_a_published_versions_json_is_frozen_and_valid(analista):
    publicada = _publicada_sin_render(analista)
    # The data changes after publishing: the ficha goes back to review.
    FichaTecnica.objects.update(estado="observada")
    out = StringIO()
    call_command(
        "informe", "--ejercicio", "2022", "--hasta", "T2", "--formato", "json", "--version", "1",
        stdout=out,
    )  # fmt: skip
    datos = json.loads(out.getvalue())
    jsonschema.validate(datos, json.loads(ESQUEMA.read_text(encoding="utf-8")))
    assert datos["estado"]["version_publicada"] == 1
    assert datos["recomendaciones"]["impactadas"] == 1  # frozen, not today's 0
    assert datos["recomendaciones"] == publicada.figuras["recomendaciones"]


def test_an_unpublished_version_is_a_clear_error(analista):
    _publicada_sin_render(analista)
    with pytest.raises(CommandError, match="no tiene una versión 2 publicada"):
        call_command("informe", "--ejercicio", "2022", "--hasta", "T2", "--version", "2")
    with pytest.raises(CommandError, match="solo se escribe --formato json"):
        call_command(
            "informe", "--ejercicio", "2022", "--hasta", "T2", "--version", "1", "--formato", "pdf"
        )
