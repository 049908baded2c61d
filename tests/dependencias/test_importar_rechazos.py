"""The import rejects what is wrong, names sheet/row/column/value, and changes nothing."""

import io
import zipfile

import pytest

from dependencias.excel import importacion
from dependencias.models import Dependencia, Meta
from tests.factories import DependenciaFactory, MetaFactory, RecomendacionFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db

META = ENCABEZADOS["Metas"]


def _errores(contenido):
    resultado = importacion.previsualizar(contenido)
    return [str(e) for e in resultado.errores]


def _meta(**cambios):
    fila = dict(zip(META, [2022, "DIF", "M-1", "Meta", "", "", "", "", 1, 0, 0, 0], strict=True))
    fila.update(cambios)
    return list(fila.values())


@pytest.fixture
def dif():
    return DependenciaFactory(siglas="DIF")


@pytest.mark.parametrize(
    ("cambio", "esperado"),
    [
        ({"Dependencia": "XYZ"}, "Hoja «Metas», fila 3, columna «Dependencia» (B), valor «XYZ»: dependencia desconocida."),
        ({"Recomendaciones": "R1; R404"}, "Hoja «Metas», fila 3, columna «Recomendaciones» (H), valor «R404»: recomendación desconocida."),
        ({"Tipo de acción": "Bailoterapia"}, "Hoja «Metas», fila 3, columna «Tipo de acción» (F), valor «Bailoterapia»: tipo de acción desconocido."),
        ({"T2": -3}, "Hoja «Metas», fila 3, columna «T2» (J), valor «-3»: la cantidad no puede ser negativa."),
        ({"T3": "diez"}, "Hoja «Metas», fila 3, columna «T3» (K), valor «diez»: no es un número."),
        ({"T1": 10**10}, "Hoja «Metas», fila 3, columna «T1» (I), valor «10000000000»: debe ser a lo más 1,000,000,000."),
        ({"T4": 2.5}, "Hoja «Metas», fila 3, columna «T4» (L), valor «2.5»: debe ser un número entero."),
        ({"Meta": "  "}, "Hoja «Metas», fila 3, columna «Meta» (D): falta el dato obligatorio «Meta»."),
        ({"Ejercicio": None}, "Hoja «Metas», fila 3, columna «Ejercicio» (A): falta el dato obligatorio «Ejercicio»."),
    ],
)  # fmt: skip
def test_each_wrong_meta_cell_is_named_and_nothing_is_written(dif, cambio, esperado):
    RecomendacionFactory(clave="R1")
    contenido = libro(Metas=[META, _meta(Clave="M-0"), _meta(**cambio)])
    assert _errores(contenido) == [esperado]
    with pytest.raises(importacion.ImportacionRechazada):
        importacion.aplicar(contenido)
    assert not Meta.objects.exists()


def test_unknown_tipo_modalidad_and_eje_are_rejected():
    contenido = libro(
        Recomendaciones=[
            ENCABEZADOS["Recomendaciones"],
            ["R1", "Texto", "Urgente", "Feminicida; Digital", "Justicia; Salud"],
        ]
    )
    assert _errores(contenido) == [
        "Hoja «Recomendaciones», fila 2, columna «Tipo» (C), valor «Urgente»: tipo desconocido; use Permanente, Puntual o De coordinación.",
        "Hoja «Recomendaciones», fila 2, columna «Modalidades» (D), valor «Digital»: modalidad desconocida.",
        "Hoja «Recomendaciones», fila 2, columna «Ejes transversales» (E), valor «Salud»: eje transversal desconocido.",
    ]  # fmt: skip


def test_a_clave_repeated_in_the_file_is_rejected(dif):
    contenido = libro(Metas=[META, _meta(), [], _meta(Clave=" m-1 ")])
    assert _errores(contenido) == [
        "Hoja «Metas», fila 4, columna «Clave» (C), valor «m-1»: está repetida en el archivo (ya aparece en la fila 2)."
    ]  # fmt: skip


def test_a_rejected_import_leaves_the_database_exactly_as_before(dif):
    meta = MetaFactory(dependencia=dif, clave="M-1", descripcion="Antes", programado={1: 4})
    contenido = libro(
        Dependencias=[ENCABEZADOS["Dependencias"], ["DIF", "Cambiado", "x"], ["NUEVA", "Nueva"]],
        Metas=[META, _meta(Meta="Después", T1=9), _meta(Clave="M-2", T1=-1)],
    )
    with pytest.raises(importacion.ImportacionRechazada) as exc:
        importacion.aplicar(contenido)
    assert len(exc.value.resultado.errores) == 1
    meta.refresh_from_db()
    assert meta.descripcion == "Antes"
    assert meta.programacion.get().cantidad == 4
    assert not Dependencia.objects.filter(siglas="NUEVA").exists()
    assert Dependencia.objects.get(siglas="DIF").nombre == dif.nombre


def test_a_sheet_without_header_row_says_which_columns_it_looked_for():
    contenido = libro(Metas=[["Año", "Dependencia"], [2022, "DIF"]])
    assert _errores(contenido) == [
        "Hoja «Metas»: no se encontró la fila de encabezados (se buscan las columnas "
        "Ejercicio, Dependencia, Clave, Meta en las primeras 30 filas)."
    ]


def test_a_workbook_without_known_sheets_is_rejected():
    resultado = importacion.previsualizar(libro(Hoja1=[["a"]]))
    assert resultado.errores_libro == [
        "El libro no tiene ninguna hoja llamada Recomendaciones, Dependencias, Metas o Valoración GIM."
    ]
    assert not resultado.valido


def _zip(nombre, datos):
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        z.writestr(nombre, datos)
    return salida.getvalue()


@pytest.mark.parametrize(
    ("contenido", "inicio"),
    [
        (b"Clave,Meta\nM-1,Algo\n", "El archivo no es un libro de Excel (.xlsx); quizá es otro formato"),
        (b"%PDF-1.7\n...", "El archivo no es un libro de Excel (.xlsx); quizá es otro formato"),
        (libro(Metas=[META])[:700], "El archivo .xlsx está dañado o incompleto."),
        (_zip("word/document.xml", "<w/>"), "El archivo no es un libro de Excel (.xlsx) válido."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "El archivo está protegido con contraseña."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "El archivo es un libro de Excel 97-2003 (.xls)."),
        (b"", "El archivo está vacío."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_valid_xlsx_gets_one_clear_message(contenido, inicio):
    with pytest.raises(importacion.ArchivoInvalido) as exc:
        importacion.previsualizar(contenido)
    assert str(exc.value).startswith(inicio)


def test_a_file_over_the_size_limit_is_rejected(settings):
    settings.AVGM_IMPORTACION_TAMANO_MAXIMO = 1024
    with pytest.raises(importacion.ArchivoInvalido) as exc:
        importacion.previsualizar(b"PK" + b"0" * 2048)
    assert "el límite es" in str(exc.value)


def test_a_formula_never_calculated_is_not_taken_as_blank(dif):
    contenido = libro(Metas=[META, _meta(T1="=2*5")])  # openpyxl stores no computed value
    assert _errores(contenido) == [
        "Hoja «Metas», fila 2, columna «T1» (I): la fórmula no tiene valor calculado; abra "
        "el archivo en Excel, guárdelo y vuelva a subirlo."
    ]
