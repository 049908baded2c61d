"""The import accepts what a person means in a messy workbook."""

import io
import re
import zipfile

import pytest

from avgm.models import Ejercicio, Recomendacion
from dependencias.excel import importacion
from dependencias.models import Dependencia, Meta
from tests.factories import (
    DependenciaFactory,
    MetaFactory,
    RecomendacionFactory,
    TipoAccionFactory,
)
from tests.libros import ENCABEZADOS, con_valores_calculados, libro

pytestmark = pytest.mark.django_db

META = ENCABEZADOS["Metas"]


def _programado(meta):
    return {p.periodo.numero: p.cantidad for p in meta.programacion.select_related("periodo")}


def test_title_rows_blank_rows_messy_headers_and_extra_columns_are_accepted():
    DependenciaFactory(siglas="DIF")
    TipoAccionFactory(nombre="Capacitación")
    RecomendacionFactory(clave="R1")
    contenido = libro(
        **{
            " metas ": [
                ["Programación 2022 — Ciudad Juárez"],
                [],
                [
                    "  EJERCICIO ",
                    "dependencia (SIGLAS)",
                    "clave",
                    "META",
                    "linea de accion",
                    "TIPO DE ACCION",
                    "Unidad  de medida",
                    "recomendaciones",
                    "t1",
                    "T2",
                    "T3",
                    "T4",
                    "Observaciones internas",
                ],  # fmt: skip
                [
                    2022,
                    " dif ",
                    "  M-1 ",
                    "Capacitar",
                    "Línea",
                    " capacitacion ",
                    "Cursos",
                    " r1 ",
                    "10",
                    5.0,
                    None,
                    "",
                    "no importa",
                ],  # fmt: skip
                [],
                [None, None, None, None],
                ["2022", "DIF", "M-2", "Otra meta", None, None, None, None, "1,200", 0, 0, 0],
            ]
        }
    )
    resultado = importacion.aplicar(contenido)
    hoja = resultado.hoja("Metas")
    assert hoja.fila_encabezado == 3
    assert hoja.columnas_ignoradas == ["Observaciones internas (M)"]
    assert [f.numero for f in hoja.nuevas] == [4, 7]
    meta = Meta.objects.get(clave="M-1")
    assert meta.dependencia.siglas == "DIF"
    assert meta.tipo_accion.nombre == "Capacitación"
    assert list(meta.recomendaciones.values_list("clave", flat=True)) == ["R1"]
    assert _programado(meta) == {1: 10, 2: 5}
    assert _programado(Meta.objects.get(clave="M-2")) == {1: 1200}


def test_catalog_values_match_ignoring_case_accents_and_the_word_violencia():
    contenido = libro(
        Recomendaciones=[
            ENCABEZADOS["Recomendaciones"],
            [
                "R7",
                " Texto ",
                "de coordinacion",
                "feminicida; Violencia familiar, DOCENTE",
                "acceso a la justicia;Participación",
                "2022",
                None,
            ],  # fmt: skip
            ["R8", "Otro", "PERMANENTE", "Femicida", "igualdad", None, 2024],
        ]
    )
    importacion.aplicar(contenido)
    r7 = Recomendacion.objects.get(clave="R7")
    assert r7.texto == "Texto"
    assert r7.tipo == Recomendacion.Tipo.COORDINACION
    assert sorted(m.nombre_corto for m in r7.modalidades.all()) == [
        "Docente", "Familiar", "Feminicida",
    ]  # fmt: skip
    assert sorted(e.nombre_corto for e in r7.ejes.all()) == ["Justicia", "Participación"]
    assert (r7.vigente_desde, r7.vigente_hasta) == (2022, None)
    r8 = Recomendacion.objects.get(clave="R8")
    assert [m.nombre_corto for m in r8.modalidades.all()] == ["Feminicida"]
    assert r8.vigente_hasta == 2024


def test_a_sheet_may_refer_to_rows_another_sheet_creates_and_ejercicios_are_created():
    contenido = libro(
        Recomendaciones=[ENCABEZADOS["Recomendaciones"], ["R50", "Nueva", "Puntual"]],
        Dependencias=[ENCABEZADOS["Dependencias"], ["IMM", "Instituto Municipal de las Mujeres"]],
        Metas=[META, [2031, "imm", "M-9", "Meta nueva", None, None, None, "r50", 1, 2, 3, 4]],
    )
    vista = importacion.previsualizar(contenido)
    assert vista.valido
    assert vista.ejercicios_nuevos == [2031]
    assert not Dependencia.objects.filter(siglas="IMM").exists()
    importacion.aplicar(contenido)
    meta = Meta.objects.get(clave="M-9")
    assert meta.ejercicio.periodos.count() == 4
    assert Ejercicio.objects.filter(anio=2031).exists()
    assert _programado(meta) == {1: 1, 2: 2, 3: 3, 4: 4}
    assert list(meta.recomendaciones.values_list("clave", flat=True)) == ["R50"]


def test_formulas_count_with_their_computed_values():
    DependenciaFactory(siglas="DIF")
    contenido = libro(Metas=[META, [2022, "DIF", "M-1", "Meta", None, None, None, None,
                                    "=2*5", "=I2+1", 0, 0]])  # fmt: skip
    contenido = con_valores_calculados(contenido, {"I2": 10, "J2": 11})
    importacion.aplicar(contenido)
    assert _programado(Meta.objects.get(clave="M-1")) == {1: 10, 2: 11}


def test_importing_twice_changes_nothing_the_second_time_and_updates_go_by_clave():
    DependenciaFactory(siglas="DIF", nombre="Viejo nombre", titular="")
    contenido = libro(
        Dependencias=[["SIGLAS", "NOMBRE", "TITULAR"], ["DIF", "DIF Municipal", "Ana"]]
    )
    primera = importacion.aplicar(contenido)
    assert [f.cambios for f in primera.hoja("Dependencias").cambiadas] == [["Nombre", "Titular"]]
    segunda = importacion.aplicar(contenido)
    assert len(segunda.hoja("Dependencias").sin_cambio) == 1
    assert not segunda.hay_cambios
    assert Dependencia.objects.get(siglas="DIF").nombre == "DIF Municipal"


def test_a_missing_optional_column_leaves_that_field_alone():
    DependenciaFactory(siglas="DIF", nombre="Nombre", titular="Titular actual")
    importacion.aplicar(libro(Dependencias=[["Siglas", "Nombre"], ["DIF", "Nombre"]]))
    assert Dependencia.objects.get(siglas="DIF").titular == "Titular actual"


def test_a_wrong_dimension_tag_does_not_hide_rows_or_columns():
    DependenciaFactory(siglas="DIF")
    contenido = libro(Metas=[META, [2022, "DIF", "M-1", "Meta", "", "", "", "", 1, 2, 3, 4]])
    entrada = zipfile.ZipFile(io.BytesIO(contenido))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for item in entrada.infolist():
            datos = entrada.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                datos = re.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:B1"/>', datos)
            z.writestr(item, datos)
    importacion.aplicar(salida.getvalue())
    assert _programado(Meta.objects.get(clave="M-1")) == {1: 1, 2: 2, 3: 3, 4: 4}


def test_quarter_headers_may_be_written_as_words():
    DependenciaFactory(siglas="DIF")
    encabezados = [*META[:8], "1er trimestre", "2do Trimestre", "Trimestre 3", "PROGRAMADO T4"]
    importacion.aplicar(
        libro(Metas=[encabezados, [2022, "DIF", "M-1", "Meta", *[""] * 4, 1, 2, 3, 4]])
    )
    assert _programado(Meta.objects.get(clave="M-1")) == {1: 1, 2: 2, 3: 3, 4: 4}


def test_an_existing_meta_is_updated_field_by_field():
    dif, sspm = DependenciaFactory(siglas="DIF"), DependenciaFactory(siglas="SSPM")
    r1, r2 = RecomendacionFactory(clave="R1"), RecomendacionFactory(clave="R2")
    meta = MetaFactory(dependencia=dif, clave="M-1", recomendaciones=[r1], programado={1: 4, 2: 2})
    otra = MetaFactory(dependencia=dif, clave="M-2", recomendaciones=[r1], programado={1: 1})
    fila_otra = [2022, "DIF", "M-2", otra.descripcion, otra.linea_accion,
                 otra.tipo_accion.nombre, otra.unidad_medida, "R1", 1, 0, 0, 0]  # fmt: skip
    resultado = importacion.aplicar(
        libro(
            Metas=[
                META,
                [
                    2022,
                    "SSPM",
                    "M-1",
                    "Nueva descripción",
                    meta.linea_accion,
                    "",
                    meta.unidad_medida,
                    "R2",
                    4,
                    0,
                    7,
                    None,
                ],
                fila_otra,
            ]
        )  # fmt: skip
    )
    assert resultado.hoja("Metas").cambiadas[0].cambios == [
        "Dependencia", "Meta", "Tipo de acción", "Recomendaciones", "T2", "T3",
    ]  # fmt: skip
    meta.refresh_from_db()
    assert (meta.dependencia, meta.descripcion, meta.tipo_accion) == (
        sspm,
        "Nueva descripción",
        None,
    )
    assert list(meta.recomendaciones.all()) == [r2]
    assert _programado(meta) == {1: 4, 2: 0, 3: 7}
    assert list(otra.recomendaciones.all()) == [r1]
    assert _programado(otra) == {1: 1}
