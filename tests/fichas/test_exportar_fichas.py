"""The fichas export: every field, filtered like the review queue, for analistas and directivos."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fichas.exporters import libro_fichas
from fichas.models import FichaTecnica
from tests.factories import FichaFactory, MetaFactory, periodo

pytestmark = pytest.mark.django_db

URL = reverse("fichas:exportar")


@pytest.fixture
def fichas(dependencia_a, dependencia_b):
    meta = MetaFactory(dependencia=dependencia_a, clave="M-A", programado={1: 8})
    FichaFactory(
        meta=meta,
        estado="aprobada",
        cantidad_alcanzada=7,
        mujeres_18_29=4,
        actividades="=SUMA(1,2) no es fórmula",
    )
    FichaFactory(meta=MetaFactory(dependencia=dependencia_b, clave="M-B"), periodo=periodo(2022, 1))


def _hoja(respuesta):
    ws = load_workbook(io.BytesIO(respuesta.content))["Fichas"]
    filas = list(ws.iter_rows(values_only=True))
    return [dict(zip(filas[0], fila, strict=True)) for fila in filas[1:]]


def test_it_exports_every_field_of_the_filtered_fichas(client, analista, fichas, dependencia_a):
    client.force_login(analista)
    respuesta = client.get(URL, {"dependencia": dependencia_a.pk, "descargar": "1"})
    assert respuesta.status_code == 200
    filas = _hoja(respuesta)
    assert len(filas) == 1
    fila = filas[0]
    assert fila["Clave de la meta"] == "M-A"
    assert fila["Dependencia"] == "DIF"
    assert fila["Periodo"] == "T1"
    assert fila["Estado"] == "Aprobada"
    assert fila["Programado en el periodo"] == 8
    assert fila["Cantidad alcanzada en el periodo"] == 7
    assert fila["Mujeres, 18 a 29 años"] == 4
    assert fila["Total de atenciones"] == 4
    assert fila["Actividades realizadas"] == "=SUMA(1,2) no es fórmula"
    assert fila["Entrega"] in ("A tiempo", "Tardía")


def test_without_download_it_shows_the_filters_and_the_count(client, directivo, fichas):
    client.force_login(directivo)
    respuesta = client.get(URL, {"estado": "aprobada"})
    assert respuesta.status_code == 200
    assert "1 ficha" in respuesta.content.decode()
    assert len(_hoja(client.get(URL, {"descargar": "1"}))) == 2


def test_the_workbook_is_built_in_one_query_whatever_the_number_of_fichas(
    fichas, django_assert_num_queries
):
    FichaFactory(meta=MetaFactory(), periodo=periodo(2022, 2))
    # 1: the fichas joined with meta, dependencia, tipo de acción, periodo, ejercicio and
    #    users, annotated with the programmed quantity and the count of evidence.
    with django_assert_num_queries(1):
        libro = libro_fichas(FichaTecnica.objects.all())
    assert libro["Fichas"].max_row == 4
