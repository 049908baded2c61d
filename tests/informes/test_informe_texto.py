"""Text pasted from Word never breaks the report Excel nor «Publicar», and never executes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from avgm.texto import limpiar_texto
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.models import InformePublicado, NarrativaCorte
from informes.salidas.excel import generar_excel
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
WORD = "Capacitación\x0bal personal\x07 de guardia"


def test_limpiar_texto_keeps_words_tabs_and_line_breaks_only():
    assert limpiar_texto("a\tb\r\nc\rd") == "a\tb\nc\nd"
    assert limpiar_texto("uno\x0bdos\x0ctres") == "uno\ndos\ntres"  # Word's line break
    assert limpiar_texto("x\x00\x07\x1f\x7fy") == "xy"
    assert limpiar_texto(None) == ""


@pytest.fixture
def corte(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory()], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    return Corte.buscar(2022, "T2")


def _narrativa(libro) -> dict:
    return {fila[0].value: fila[1] for fila in libro["Narrativa"].iter_rows(min_row=2)}


def test_control_characters_and_formulas_in_the_narrative_give_a_valid_excel(corte):
    textos = {"principales": WORD, "compromisos": FORMULA}
    libro = load_workbook(io.BytesIO(generar_excel(corte, calcular(corte), textos)))
    celdas = _narrativa(libro)
    principales = celdas["Principales recomendaciones atendidas"]
    assert principales.data_type == "s"
    assert principales.value == "Capacitación\nal personal de guardia"
    compromisos = celdas["Compromisos"]
    assert compromisos.data_type == "s" and compromisos.value == FORMULA


def test_the_narrative_is_cleaned_when_saved(client, analista, corte):
    client.force_login(analista)
    client.post(
        reverse("informes:narrativa", args=[2022, "T2"]),
        {"principales": WORD, "areas_deficientes": "", "recomendaciones": "", "compromisos": ""},
    )
    assert NarrativaCorte.objects.get().principales == "Capacitación\nal personal de guardia"


@pytest.mark.slow  # publishes (PDF, Excel)
def test_publicar_succeeds_with_a_word_line_break_and_a_formula_in_the_narrative(
    client, analista, corte
):
    # Stored before this fix (or through the admin): the report must still publish.
    NarrativaCorte.objects.create(
        ejercicio=corte.ejercicio, hasta=corte.hasta, principales=WORD, compromisos=FORMULA
    )
    client.force_login(analista)
    respuesta = client.post(
        reverse("informes:publicar", args=[2022, "T2"]),
        {"confirmar": "1", "version": "1"},
        follow=True,
    )
    assert respuesta.status_code == 200
    informe = InformePublicado.objects.get()
    celdas = _narrativa(load_workbook(io.BytesIO(informe.xlsx.read())))
    assert celdas["Compromisos"].data_type == "s"
    assert celdas["Compromisos"].value == FORMULA
    assert celdas["Principales recomendaciones atendidas"].value == (
        "Capacitación\nal personal de guardia"
    )
