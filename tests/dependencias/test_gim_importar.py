"""The import template's «Valoración GIM» sheet: tolerances and rejections like the others."""

import datetime

import pytest

from avgm.models import EvaluacionGIM, EventoBitacora, ValoracionGIM
from dependencias.excel import importacion
from dependencias.excel.exportacion import como_bytes, libro_plantilla
from tests.factories import RecomendacionFactory
from tests.libros import libro

pytestmark = pytest.mark.django_db
V = ValoracionGIM.Valor
ENCABEZADO = ["Fecha de la evaluación", "Referencia", "Recomendación", "Valoración", "Comentario"]


@pytest.fixture
def recs():
    return [RecomendacionFactory(clave=c) for c in ("R-001", "R-002")]


def _errores(contenido) -> list[str]:
    return [str(e) for e in importacion.previsualizar(contenido).errores]


def test_messy_headers_text_dates_and_loose_labels_are_accepted(recs):
    contenido = libro(
        **{
            " valoracion gim ": [
                ["Valoraciones del GIM, agosto 2022"],
                [],
                ["FECHA", "referencia del documento", " clave ", "VALORACIÓN DEL GIM", "Notas"],
                ["15/08/2022", " Primer  Informe ", "r-001", "en proceso", "x"],
                [
                    datetime.datetime(2022, 8, 15),
                    "Primer Informe",
                    "R-002",
                    "PARCIALMENTE CUMPLIDA",
                ],
            ]
        }
    )
    resultado = importacion.aplicar(contenido, usuario=None, nombre="gim.xlsx")
    hoja = resultado.hoja("Valoración GIM")
    assert hoja.columnas_ignoradas == ["Notas (E)"]
    evaluacion = EvaluacionGIM.objects.get()
    assert (evaluacion.referencia, evaluacion.fecha) == (
        "Primer Informe",
        datetime.date(2022, 8, 15),
    )
    assert dict(evaluacion.valoraciones.values_list("recomendacion__clave", "valoracion")) == {
        "R-001": V.EN_PROCESO,
        "R-002": V.PARCIAL,
    }
    assert EventoBitacora.objects.filter(tipo=EventoBitacora.Tipo.IMPORTACION).count() == 1


def test_reimporting_the_same_rows_changes_nothing_and_a_new_value_is_a_change(recs):
    filas = [ENCABEZADO, ["15/08/2022", "GIM-1", "R-001", "Cumplida", "Bien"]]
    importacion.aplicar(libro(**{"Valoración GIM": filas}))
    otra = importacion.previsualizar(libro(**{"Valoración GIM": filas}))
    assert len(otra.hoja("Valoración GIM").sin_cambio) == 1
    filas[1][3] = "No cumplida"
    cambio = importacion.previsualizar(libro(**{"Valoración GIM": filas}))
    assert [f.cambios for f in cambio.hoja("Valoración GIM").cambiadas] == [["Valoración"]]


def test_every_rejection_names_sheet_row_and_column_and_nothing_is_written(recs):
    EvaluacionGIM.objects.create(fecha=datetime.date(2022, 8, 1), referencia="GIM-viejo")
    contenido = libro(
        **{
            "Valoración GIM": [
                ENCABEZADO,
                ["32/13/2022", "GIM-1", "R-001", "Cumplida"],
                ["15/08/2022", "GIM-1", "R-999", "Cumplida"],
                ["15/08/2022", "GIM-3", "R-002", "Excelente"],
                ["16/08/2022", "GIM-1", "R-002", "Cumplida"],
                ["15/08/2022", "GIM-viejo", "R-001", "Cumplida"],
                ["15/08/2022", "GIM-2", "R-001", "Cumplida"],
                ["15/08/2022", "GIM-2", "r-001", "No cumplida"],
            ]
        }
    )
    errores = _errores(contenido)
    assert errores == [
        "Hoja «Valoración GIM», fila 2, columna «Fecha de la evaluación» (A), valor «32/13/2022»: "
        "no es una fecha; escriba dd/mm/aaaa.",
        "Hoja «Valoración GIM», fila 3, columna «Recomendación» (C), valor «R-999»: "
        "recomendación desconocida.",
        "Hoja «Valoración GIM», fila 4, columna «Valoración» (D), valor «Excelente»: valoración "
        "desconocida; use Cumplida, En proceso de cumplimiento, Parcialmente cumplida, No "
        "cumplida o Sin valoración.",
        "Hoja «Valoración GIM», fila 5, columna «Fecha de la evaluación» (A), valor «16/08/2022»: "
        "la evaluación «GIM-1» ya tiene otra fecha en la fila 3.",
        "Hoja «Valoración GIM», fila 6, columna «Fecha de la evaluación» (A), valor «15/08/2022»: "
        "la evaluación «GIM-viejo» está registrada con fecha 01/08/2022.",
        "Hoja «Valoración GIM», fila 8, columna «Recomendación» (C), valor «R-001»: está repetida "
        "para esta evaluación (ya aparece en la fila 7).",
    ]
    with pytest.raises(importacion.ImportacionRechazada):
        importacion.aplicar(contenido)
    assert not ValoracionGIM.objects.exists()
    assert EvaluacionGIM.objects.count() == 1


def test_the_template_has_the_sheet_with_its_headers(recs):
    import io

    from openpyxl import load_workbook

    plantilla = load_workbook(io.BytesIO(como_bytes(libro_plantilla())))
    encabezados = [c.value for c in plantilla["Valoración GIM"][1]]
    assert encabezados == ENCABEZADO
