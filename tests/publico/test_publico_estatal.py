"""The micrositio's state page: every municipio's published figures of a cut, open to anyone,
only what each municipio's own public pages print."""

import csv
import io
import re

import pytest
from django.urls import reverse

from avgm.numeros import entero, porcentaje_de_fraccion
from tests.informes import test_estatal as escenario

archivos, estado, fila_html = escenario.archivos, escenario.estado, escenario.fila_html

pytestmark = pytest.mark.django_db


def test_the_state_page_is_open_and_shows_published_figures_only(client, estado):
    for url in (reverse("publico:estado"), reverse("publico:estado_corte", args=[2022, "T2"])):
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        html = respuesta.content.decode()
        f = estado["v1"].figuras
        juarez = fila_html(html, estado["juarez"].nombre)
        for valor in (
            entero(f["recomendaciones"]["programadas"]),
            entero(f["recomendaciones"]["impactadas"]),
            porcentaje_de_fraccion(f["recomendaciones"]["avance"]),
            porcentaje_de_fraccion(f["oportunidad"]["fraccion"]),
        ):
            assert f">{valor}</td>" in juarez
        chihuahua = fila_html(html, "Chihuahua")
        assert "Sin informe publicado" in chihuahua
        assert not re.search(r">[^<]*\d", chihuahua)
        assert "R-011" not in html  # Chihuahua's draft universe


def test_the_public_page_leaves_out_what_no_public_page_prints(client, estado, enlace_a):
    html = client.get(reverse("publico:estado_corte", args=[2022, "T2"])).content.decode()
    assert "Aprobación a la primera" not in html
    assert "GIM" not in html
    # No person: neither the enlace who reported nor the ficha's texts.
    assert enlace_a.username not in html
    assert estado["ficha"].actividades not in html


def test_the_csv_has_a_row_per_municipio(client, estado):
    respuesta = client.get(reverse("publico:estado_csv", args=[2022, "T2"]))
    assert respuesta.status_code == 200
    filas = list(csv.DictReader(io.StringIO(respuesta.content.decode())))
    f = estado["v1"].figuras
    juarez, chihuahua = filas
    assert juarez["municipio"] == estado["juarez"].nombre
    assert juarez["version"] == "1"
    assert int(juarez["programadas"]) == f["recomendaciones"]["programadas"]
    assert float(juarez["avance"]) == f["recomendaciones"]["avance"]
    assert chihuahua["municipio"] == "Chihuahua"
    assert chihuahua["publicado"] == "sin informe publicado" and chihuahua["programadas"] == ""
    assert "aprobacion_primera" not in juarez


def test_a_cut_nobody_published_is_not_found(client, estado):
    assert client.get(reverse("publico:estado_corte", args=[2022, "T3"])).status_code == 404
    assert client.get(reverse("publico:estado_corte", args=[2022, "X"])).status_code == 404


def test_the_micrositio_links_the_state_page_with_several_municipios(client, estado):
    html = client.get(reverse("publico:inicio")).content.decode()
    assert f'href="{reverse("publico:estado")}"' in html
