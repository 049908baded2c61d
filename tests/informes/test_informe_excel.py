"""The report's Excel says what the PDF says (draft or published version), in local time,
with columns that fit, printable setup, and data that is always data."""

import datetime
import io
import zoneinfo

import pytest
from openpyxl import load_workbook

from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.models import InformePublicado
from informes.salidas.excel import AVISO_BORRADOR, generar_excel
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    periodo,
)

pytestmark = pytest.mark.django_db
JUAREZ = zoneinfo.ZoneInfo("America/Ciudad_Juarez")
ENVIO = datetime.datetime(2022, 4, 8, 19, 30, tzinfo=datetime.UTC)  # 13:30 in Ciudad Juárez


def _leer(respuesta) -> bytes:
    """A download read to the end. (Calling close() instead ends the test's database connection
    on PostgreSQL: the test client reconnects Django's connection cleanup only for iteration.)"""
    return b"".join(respuesta.streaming_content)


@pytest.fixture
def corte(django_capture_on_commit_callbacks):
    # Setup commits, as in real use (a write left uncommitted would hold back the revision).
    with django_capture_on_commit_callbacks(execute=True):
        return _datos()


def _datos():
    ejercicio(2022)
    dependencia = DependenciaFactory(siglas="SSPM", nombre="Secretaría de Seguridad Pública")
    meta = MetaFactory(
        dependencia=dependencia,
        descripcion="Capacitar a 1,250 elementos en el protocolo de atención a mujeres víctimas",
        recomendaciones=[RecomendacionFactory(clave="R-1")],
        programado={1: 3},
    )
    FichaFactory(
        meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=1234567,
        presupuesto_ejercido=98765432.10, primer_envio_en=ENVIO, aprobada_en=ENVIO,
    )  # fmt: skip
    RecomendacionFactory(clave="Z", texto=' =HYPERLINK("http://x","y") <&> ')
    return Corte.buscar(2022, "T2")


def _libro(corte, **kwargs):
    return load_workbook(io.BytesIO(generar_excel(corte, calcular(corte), {}, **kwargs)))


def _local(momento) -> str:
    return f"{momento.astimezone(JUAREZ):%d/%m/%Y %H:%M}"


def test_every_sheet_of_a_draft_says_borrador_and_when_it_was_calculated_in_local_time(corte):
    figuras = calcular(corte)
    libro = load_workbook(io.BytesIO(generar_excel(corte, figuras, {})))
    calculado = datetime.datetime.fromisoformat(figuras["corte"]["calculado_en"])
    # 15 of figures and data, the GIM valoración and, right after the summary, the changes
    # since the last publication.
    assert len(libro.worksheets) == 17
    assert libro.sheetnames[:2] == ["Resumen", "Cambios desde la publicación"]
    for hoja in libro.worksheets:
        titulo = " ".join(str(v) for v in next(hoja.iter_rows(max_row=1, values_only=True)) if v)
        assert "BORRADOR" in titulo, hoja.title
        assert f"calculado el {_local(calculado)}" in titulo, hoja.title
    resumen = libro["Resumen"]
    assert resumen["A2"].value == AVISO_BORRADOR  # it holds fichas nobody has reviewed
    celda = next(r[1] for r in resumen.iter_rows() if r[0].value.startswith("Calculado"))
    assert celda.value == calculado.astimezone(JUAREZ).replace(tzinfo=None, microsecond=0)
    assert celda.number_format == "dd/mm/yyyy hh:mm"


def test_every_sheet_of_a_published_version_says_which_and_when(corte, analista):
    publicado_en = datetime.datetime(2022, 7, 15, 1, 5, tzinfo=datetime.UTC)
    informe = InformePublicado(version=3, publicado_en=publicado_en, publicado_por=analista)
    libro = _libro(corte, publicado=informe)
    for hoja in libro.worksheets:
        titulo = " ".join(str(v) for v in next(hoja.iter_rows(max_row=1, values_only=True)) if v)
        assert "Versión 3 publicada el 14/07/2022 19:05" in titulo, hoja.title
        assert "BORRADOR" not in titulo
    assert libro["Resumen"]["A2"].value.startswith(
        "Versión publicada: sus datos son de fichas aprobadas"
    )


def test_columns_fit_what_they_hold(corte):
    """No «###»: every number and date column is wider than its longest display."""
    libro = _libro(corte)
    for hoja in libro.worksheets:
        for fila in hoja.iter_rows(min_row=2):
            for celda in fila:
                if celda.value is None or isinstance(celda.value, str):
                    continue
                if isinstance(celda.value, datetime.datetime):
                    mostrado = f"{celda.value:%d/%m/%Y %H:%M}"
                elif celda.number_format == "0.0%":
                    mostrado = f"{celda.value:.1%}"
                elif "#,##0.00" in celda.number_format:
                    mostrado = f"$ {celda.value:,.2f}"
                else:
                    mostrado = str(celda.value)
                ancho = _ancho(hoja, celda.column)
                assert ancho >= len(mostrado) + 1, (hoja.title, celda.coordinate, ancho)
    # A short text fits its column; a long one (74 characters) wraps in a 60-wide column.
    metas = libro["Metas y fichas"]
    fila = next(f for f in metas.iter_rows(min_row=4) if f[0].value == "SSPM")
    assert _ancho(metas, 6) >= len(fila[5].value)  # «R-1»
    assert _ancho(metas, 3) >= 60 and fila[2].alignment.wrap_text


def _ancho(hoja, columna: int) -> float:
    """The column's width (openpyxl keeps equal neighbouring columns as one range)."""
    for dimension in hoja.column_dimensions.values():
        if dimension.min <= columna <= dimension.max:
            return dimension.width
    return 8.43  # Excel's default


def test_sheets_print_on_carta_fitted_to_width_with_the_header_repeated_and_frozen(corte):
    libro = _libro(corte)
    for hoja in libro.worksheets:
        assert hoja.page_setup.paperSize == 1, hoja.title  # carta
        assert hoja.sheet_properties.pageSetUpPr.fitToPage, hoja.title
        assert hoja.page_setup.fitToWidth in (1, None) and hoja.page_setup.fitToHeight == 0
    metas = libro["Metas y fichas"]
    assert metas.print_title_rows == "$3:$3"
    assert [c.value for c in metas[3]][:2] == ["Dependencia", "Meta"]
    assert metas.freeze_panes == "A4"
    assert metas.page_setup.orientation == "landscape"
    assert libro["Resumen"].freeze_panes == "A3"  # the title and what the workbook holds


def test_rows_are_the_fichas_in_local_time_and_text_never_runs(corte):
    libro = _libro(corte)
    fila = next(f for f in libro["Metas y fichas"].iter_rows(min_row=4) if f[0].value == "SSPM")
    valores = [c.value for c in fila]
    assert valores[6:10] == ["T1", "Aprobada", "no", 1234567]
    assert valores[10] == datetime.datetime(2022, 4, 8, 13, 30)  # local, not UTC
    assert fila[12].value == pytest.approx(98765432.10) and "$" in fila[12].number_format
    sin_meta = libro["Sin meta"]
    celda = next(c for f in sin_meta.iter_rows(min_row=4) for c in f if "HYPERLINK" in str(c.value))
    assert celda.data_type == "s"
    assert celda.value == ' =HYPERLINK("http://x","y") <&> '  # spaces and <&> kept


def test_the_excel_is_served_from_its_render_until_the_data_changes(
    client, directivo, corte, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from informes.models import Render

    client.force_login(directivo)
    url = reverse("informes:corte_xlsx", args=[2022, "T2"])
    primera = b"".join(client.get(url).streaming_content)
    segunda = b"".join(client.get(url).streaming_content)
    assert primera == segunda and Render.objects.filter(formato="xlsx").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        DependenciaFactory(siglas="NUEVA")
    _leer(client.get(url))
    assert Render.objects.filter(formato="xlsx").count() == 2  # one for the new revision
