"""`manage.py informe` writes HTML and Excel too (the PDF is read back in test_informe_formatos)."""

from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


@pytest.fixture
def datos():
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory()], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)


def test_html_and_xlsx_to_files(tmp_path, datos):
    for formato in ("html", "xlsx"):
        call_command(
            "informe", "--ejercicio", "2022", "--hasta", "T2", "--formato", formato,
            "-o", str(tmp_path / f"corte.{formato}"), stderr=StringIO(),
        )  # fmt: skip
    html = (tmp_path / "corte.html").read_text(encoding="utf-8")
    assert "Informe de corte: Respuesta a la AVGM" in html and "100.0 %" in html
    libro = load_workbook(tmp_path / "corte.xlsx")
    assert "Metas y fichas" in libro.sheetnames
    resumen = {f[0]: f[1] for f in libro["Resumen"].iter_rows(values_only=True)}
    assert resumen["Recomendaciones impactadas"] == 1
