"""The DCAT catalog parses as RDF offline and carries what harvesters require of it."""

import json
import socket

import pytest
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef

from tests.publico import test_publico_vistas as escenario

# The published scenario of the micrositio's tests, shared as fixtures.
archivos, cache_limpia, datos = escenario.archivos, escenario.cache_limpia, escenario.datos

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still builds a ConjunctiveGraph inside.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
IANA = "https://www.iana.org/assignments/media-types/"
PREFIJOS = {"dcat": DCAT, "dct": DCTERMS, "vcard": VCARD}
PROPIEDADES_DEL_CONJUNTO = [
    "dct:identifier", "dct:title", "dct:description", "dct:issued", "dct:modified",
    "dcat:keyword", "dct:license", "dct:publisher", "dcat:contactPoint", "dcat:distribution",
]  # fmt: skip
PROPIEDADES_DE_LA_DISTRIBUCION = [
    "dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:format",
]  # fmt: skip


def _sin_red(*args, **kwargs):
    raise AssertionError("el catálogo pidió algo a la red al leerse")


@pytest.fixture
def grafo(client, datos, analista, monkeypatch):
    """v1 and its correction v2 published; the catalog as served, parsed without network."""
    escenario.publicar_corte(analista, errata="Corrección de prueba.")
    respuesta = client.get(reverse("publico:catalogo_dcat"))
    assert respuesta["Content-Type"] == "application/ld+json"
    documento = json.loads(respuesta.content)
    assert isinstance(documento["@context"], dict)  # inline: nothing to fetch
    with monkeypatch.context() as sin_red:
        sin_red.setattr(socket.socket, "connect", _sin_red)
        return Graph().parse(data=respuesta.content, format="json-ld")


def _consulta(grafo: Graph, texto: str) -> list:
    return list(grafo.query(texto, initNs=PREFIJOS))


def _faltantes(grafo: Graph, clase: str, propiedades: list[str]) -> list:
    return [
        (str(fila[0]), propiedad)
        for propiedad in propiedades
        for fila in _consulta(
            grafo, f"SELECT ?x WHERE {{ ?x a {clase} FILTER NOT EXISTS {{ ?x {propiedad} ?v }} }}"
        )
    ]


def test_the_catalog_names_its_publisher_and_a_contact_mailbox(grafo):
    filas = _consulta(
        grafo,
        "SELECT ?nombre ?correo WHERE { ?c a dcat:Catalog ; dct:publisher ?p ; "
        "dcat:contactPoint ?k . ?p <http://xmlns.com/foaf/0.1/name> ?nombre . "
        "?k vcard:hasEmail ?correo FILTER(isIRI(?correo)) }",
    )
    assert [(str(n), str(c)) for n, c in filas] == [
        ("Instituto Municipal de las Mujeres", "mailto:avgm@imm.juarez.gob.mx")
    ]


def test_every_dataset_and_distribution_has_each_property_harvesters_need(grafo, client):
    conjuntos = _consulta(grafo, "SELECT ?d WHERE { ?c a dcat:Catalog ; dcat:dataset ?d }")
    assert len(conjuntos) == 2
    assert _faltantes(grafo, "dcat:Dataset", PROPIEDADES_DEL_CONJUNTO) == []
    assert _faltantes(grafo, "dcat:Distribution", PROPIEDADES_DE_LA_DISTRIBUCION) == []
    for (emitido,) in _consulta(grafo, "SELECT ?e WHERE { ?d a dcat:Dataset ; dct:issued ?e }"):
        assert emitido.datatype == XSD_DATETIME
    for (licencia,) in _consulta(grafo, "SELECT ?l WHERE { ?d a dcat:Dataset ; dct:license ?l }"):
        assert licencia == URIRef("https://creativecommons.org/licenses/by/4.0/")
    distribuciones = _consulta(
        grafo,
        "SELECT ?acceso ?descarga ?tipo ?formato WHERE { ?x a dcat:Distribution ; "
        "dcat:accessURL ?acceso ; dcat:downloadURL ?descarga ; dcat:mediaType ?tipo ; "
        "dct:format ?formato }",
    )
    assert len(distribuciones) == 2 * (2 + 4 * 3)  # PDF, data package, 4 datasets × 3 formats
    for acceso, descarga, tipo, formato in distribuciones:
        assert all(isinstance(v, URIRef) for v in (acceso, descarga, tipo, formato))
        assert str(tipo).startswith(IANA)
        if str(descarga).endswith(".csv"):
            assert str(tipo) == IANA + "text/csv" and str(formato).endswith("/CSV")
        ruta = str(descarga).removeprefix("http://testserver")
        assert client.get(ruta).status_code == 200, ruta


def test_a_correction_replaces_the_version_before(grafo):
    filas = _consulta(
        grafo,
        "SELECT ?nueva ?vieja WHERE { ?nueva dct:replaces ?vieja . ?vieja dct:isReplacedBy "
        "?nueva . ?nueva dct:identifier ?n . ?vieja dct:identifier ?v }",
    )
    assert [(str(n).split("#")[1], str(v).split("#")[1]) for n, v in filas] == [
        ("avgm-informe-de-corte-2022-t2-v2", "avgm-informe-de-corte-2022-t2-v1")
    ]
