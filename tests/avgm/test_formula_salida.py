"""A value stored before the rule, starting like a formula, stays text in every file written.

Internal CSVs prefix it with «'»; every workbook writes it as a string cell; the open data's
CSV keeps it exact (programs read it; publishing refuses while such a name exists).
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from avgm.plataforma import bitacora
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.salidas.datos_abiertos import Recurso, _campo
from informes.salidas.datos_formatos import a_csv, a_xlsx
from informes.salidas.excel import generar_excel
from tests.factories import DependenciaFactory, FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

HIPERVINCULO = '=HYPERLINK("http://x","y")'


@pytest.fixture
def dependencia(db):
    """Saved through the ORM, which skips validation: what a row from before the rule is."""
    ejercicio(2022)
    dependencia = DependenciaFactory(siglas="+DX", nombre=HIPERVINCULO)
    meta = MetaFactory(dependencia=dependencia, programado={1: 2}, descripcion="@SUM(1,2)")
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="enviada", actividades="-1+1")
    return dependencia


def _celdas(contenido: bytes, *valores: str) -> list:
    """Every cell of the workbook holding one of `valores` (each must appear)."""
    libro = load_workbook(io.BytesIO(contenido))
    celdas = [c for h in libro.worksheets for f in h.iter_rows() for c in f if c.value in valores]
    assert {c.value for c in celdas} == set(valores)
    return celdas


def _leer(respuesta) -> bytes:
    return b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content


def test_the_bitacora_csv_prefixes_it_so_a_spreadsheet_shows_text(client, analista):
    for descripcion in (HIPERVINCULO, " =1+1", "\t@SUM(A1)"):
        bitacora.registrar(bitacora.Tipo.ROLES, usuario=None, descripcion=descripcion)
    client.force_login(analista)
    contenido = _leer(client.get(reverse("bitacora_csv"))).decode("utf-8").lstrip("\ufeff")
    descripciones = {fila[3] for fila in csv.reader(io.StringIO(contenido))}
    assert {"'" + HIPERVINCULO, "' =1+1", "'\t@SUM(A1)"} <= descripciones


@pytest.mark.parametrize(
    ("url", "valores"),
    [
        (reverse("fichas:exportar") + "?descargar=1", (HIPERVINCULO, "+DX", "@SUM(1,2)", "-1+1")),
        (reverse("dependencias:exportar"), (HIPERVINCULO, "+DX", "@SUM(1,2)")),
    ],
)
def test_internal_workbooks_write_it_as_a_string_never_a_formula(
    client, analista, dependencia, url, valores
):
    client.force_login(analista)
    for celda in _celdas(_leer(client.get(url)), *valores):
        assert celda.data_type == "s", celda.value


def test_the_report_workbook_writes_it_as_a_string(dependencia):
    corte = Corte.buscar(2022, "T2")
    for celda in _celdas(generar_excel(corte, calcular(corte), {}), HIPERVINCULO, "+DX"):
        assert celda.data_type == "s", celda.value


def test_open_data_keeps_it_exact_in_the_csv_and_a_string_in_the_xlsx():
    recurso = Recurso(
        "prueba", "Prueba", "Prueba", [_campo("nombre", "string", "Nombre")],
        [{"nombre": HIPERVINCULO}, {"nombre": "-3"}],
    )  # fmt: skip
    filas = list(csv.reader(io.StringIO(a_csv(recurso).decode("utf-8"))))
    assert filas == [["nombre"], [HIPERVINCULO], ["-3"]]
    for celda in _celdas(a_xlsx(recurso), HIPERVINCULO, "-3"):
        assert celda.data_type == "s", celda.value
