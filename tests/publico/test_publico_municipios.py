"""Each municipio has its own micrositio: its versions, institution, verification and open
data under /publico/m/<clave>/; the bare /publico/ lists them. With one municipio nothing
changes: the bare addresses are its micrositio."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from informes import publicacion
from informes.cifras.figures import Corte
from informes.models import InformePublicado
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    institucion,
    municipio_principal,
    otro_municipio,
    periodo,
)
from tests.publico import test_publico_vistas as escenario

# The micrositio's tests' media and cache settings.
archivos, cache_limpia = escenario.archivos, escenario.cache_limpia

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pdf_sin_render(monkeypatch):
    """Publishing without seconds of PDF rendering: each version's file is still its own
    (its SHA-256 names the municipio and version), everything else is the real publication."""

    def generar_pdf(corte, figuras, narrativa, *, publicado):
        clave = corte.ejercicio.municipio.clave
        return f"%PDF-1.4 informe de {clave} v{publicado.version}".encode(), 1

    monkeypatch.setattr(publicacion, "generar_pdf", generar_pdf)


def publicar_en(municipio, siglas: str, usuario) -> InformePublicado:
    """One approved ficha of a dependencia `siglas` of `municipio`, and its corte T2 published."""
    anual = ejercicio(2022, municipio)
    rec = RecomendacionFactory(clave=f"R-{siglas}")
    meta = MetaFactory(
        ejercicio=anual,
        dependencia=DependenciaFactory(municipio=municipio, siglas=siglas),
        recomendaciones=[rec],
        programado={1: 3, 2: 3},
    )
    FichaFactory(meta=meta, periodo=periodo(2022, 1, municipio), estado="aprobada",
                 cantidad_alcanzada=3)  # fmt: skip
    corte = Corte.de(anual, periodo(2022, 2, municipio))
    return publicacion.publicar(corte, usuario=usuario)


@pytest.fixture
def dos(analista) -> dict:
    """Juárez (the principal municipio) and Chihuahua, each with one published version."""
    a, b = municipio_principal(), otro_municipio()
    institucion(de=a, nombre="Instituto Municipal de las Mujeres de Juárez",
                correo="datos@imm.juarez.gob.mx")  # fmt: skip
    institucion(de=b, correo="datos@imm.chihuahua.gob.mx")
    return {"a": a, "b": b, "va": publicar_en(a, "DIF", analista),
            "vb": publicar_en(b, "SSPM", analista)}  # fmt: skip


def en(municipio, nombre: str, *args, **kwargs) -> str:
    args = [municipio.clave, *args]
    if kwargs:
        return reverse(f"publico:m:{nombre}", kwargs={"municipio": municipio.clave, **kwargs})
    return reverse(f"publico:m:{nombre}", args=args)


def test_the_bare_address_lists_every_municipio_with_its_latest_cut(client, dos):
    a, b = dos["a"], dos["b"]
    pagina = client.get(reverse("publico:inicio")).text
    for municipio in (a, b):
        assert municipio.nombre in pagina
        assert municipio.institucion.nombre in pagina
        assert f'href="{en(municipio, "inicio")}"' in pagina
        assert f'href="{en(municipio, "corte", 2022, "T2")}"' in pagina
    assert dos["va"].etiqueta in pagina


def test_each_micrositio_shows_only_its_own_versions_institution_and_data(client, dos):
    for propio, ajeno, siglas, otras in (("a", "b", "DIF", "SSPM"), ("b", "a", "SSPM", "DIF")):
        m, otro = dos[propio], dos[ajeno]
        mio, suyo = dos[f"v{propio}"], dos[f"v{ajeno}"]
        inicio = client.get(en(m, "inicio")).text
        assert m.institucion.nombre in inicio and otro.institucion.nombre not in inicio
        archivo = client.get(en(m, "archivo")).text
        assert mio.sha256 in archivo and suyo.sha256 not in archivo
        assert siglas in client.get(en(m, "dependencias")).text
        assert otras not in client.get(en(m, "dependencias")).text
        datos = client.get(en(m, "archivo_datos", corte="2022-t2", version=1,
                              archivo="respuesta-por-dependencia-2022-t2-v1.csv"))  # fmt: skip
        contenido = datos.content.decode()
        assert siglas in contenido and otras not in contenido
        dcat = json.loads(client.get(en(m, "catalogo_dcat")).content)
        assert dcat["publisher"]["name"] == m.institucion.nombre
        assert dcat["contactPoint"]["hasEmail"] == f"mailto:{m.institucion.correo_de_contacto}"
        descargas = [d["downloadURL"] for c in dcat["dataset"] for d in c["distribution"]]
        assert descargas and all(f"/publico/m/{m.clave}/" in u for u in descargas)
        assert len(dcat["dataset"]) == 1
        usa = json.loads(client.get(en(m, "catalogo")).content)
        assert usa["dataset"][0]["publisher"]["name"] == m.institucion.nombre


def test_another_municipios_version_under_a_prefix_is_not_found(client, dos):
    a, vb = dos["a"], dos["vb"]
    assert client.get(en(a, "pdf", vb.pk)).status_code == 404
    assert client.get(en(a, "xlsx", vb.pk)).status_code == 404
    assert client.get(en(a, "recomendacion", "R-SSPM")).status_code == 404
    assert client.get(en(a, "dependencia", "SSPM")).status_code == 404
    assert client.get(en(dos["b"], "pdf", vb.pk)).status_code == 200
    assert client.get(reverse("publico:m:inicio", args=["nadie"])).status_code == 404


def test_with_several_a_bare_municipio_page_redirects_to_the_first_municipios(client, dos):
    """Its PDFs, published while it was the only one, printed the bare addresses."""
    a, va = dos["a"], dos["va"]
    datos = {"corte": "2022-t2", "version": 1,
             "archivo": "respuesta-por-dependencia-2022-t2-v1.csv"}  # fmt: skip
    for nombre, args, kwargs in (
        ("archivo", [], {}),
        ("corte", [2022, "T2"], {}),
        ("recomendaciones", [], {}),
        ("recomendacion", ["R-DIF"], {}),
        ("dependencias", [], {}),
        ("dependencia", ["DIF"], {}),
        ("serie", [], {}),
        ("pdf", [va.pk], {}),
        ("xlsx", [va.pk], {}),
        ("datos", [], {}),
        ("catalogo_dcat", [], {}),
        ("archivo_datos", [], datos),
    ):
        bare = reverse(f"publico:{nombre}", args=args or None, kwargs=kwargs or None)
        respuesta = client.get(bare)
        assert respuesta.status_code == 302, bare
        assert respuesta["Location"] == en(a, nombre, *args, **kwargs), bare
    assert client.get(reverse("publico:archivo"), follow=True).status_code == 200
    # The query string goes along; the list of municipios and verificar stay where they are.
    assert client.get(reverse("publico:serie") + "?x=1")["Location"].endswith("/serie/?x=1")
    assert client.get(reverse("publico:inicio")).status_code == 200
    assert client.get(reverse("publico:verificar")).status_code == 200


def test_verificar_finds_every_municipios_version_and_says_whose(client, dos):
    for clave, otro in (("a", "b"), ("b", "a")):
        version = dos[f"v{clave}"]
        municipio = dos[clave]
        for url in (reverse("publico:verificar"), en(dos[otro], "verificar")):
            pagina = client.get(url, {"sha256": version.sha256}).text
            assert "Auténtico" in pagina, url
            assert municipio.institucion.nombre in pagina
            assert f'href="{en(municipio, "archivo")}"' in pagina


def test_each_municipios_pages_have_their_own_etag_and_cache_entry(client, dos, analista):
    a, b = dos["a"], dos["b"]
    etag_a = client.get(en(a, "archivo"))["ETag"]
    etag_b = client.get(en(b, "archivo"))["ETag"]
    assert etag_a != etag_b
    # A new version of B changes B's pages, never A's cached one.
    t3 = publicacion.publicar(Corte.de(ejercicio(2022, b), periodo(2022, 3, b)), usuario=analista)
    assert client.get(en(a, "archivo"))["ETag"] == etag_a
    assert t3.sha256 not in client.get(en(a, "archivo")).text
    nueva = client.get(en(b, "archivo"))
    assert nueva["ETag"] != etag_b and t3.sha256 in nueva.text


def test_a_demo_municipio_says_so_on_every_page(client, dos):
    b = dos["b"]
    b.demostracion = True
    b.save()
    for nombre in ("inicio", "archivo", "serie", "datos", "verificar", "dependencias"):
        assert "Municipio de demostración: datos inventados" in client.get(en(b, nombre)).text
    assert "Municipio de demostración" not in client.get(en(dos["a"], "archivo")).text


def test_with_one_municipio_the_bare_addresses_are_its_micrositio(client, analista):
    version = publicar_en(municipio_principal(), "DIF", analista)
    inicio = client.get(reverse("publico:inicio"))
    assert inicio.status_code == 200 and "Todos los municipios" not in inicio.text
    assert "Último corte publicado" not in inicio.text  # not the list
    for url in (
        reverse("publico:archivo"),
        reverse("publico:corte", args=[2022, "T2"]),
        reverse("publico:pdf", args=[version.pk]),
        reverse("publico:datos"),
        reverse("publico:catalogo_dcat"),
    ):
        assert client.get(url).status_code == 200, url
    # Its pages link within the bare addresses, as they always did.
    assert f'href="{reverse("publico:archivo")}"' in inicio.text
    assert "/publico/m/" not in inicio.text


def test_the_list_reads_the_same_few_queries_however_many_municipios_publish(
    client, dos, analista, django_assert_max_num_queries
):
    def consultas_de_la_lista() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as capturadas:
            assert client.get(reverse("publico:inicio")).status_code == 200
        return len(capturadas)

    con_dos = consultas_de_la_lista()
    tercero = otro_municipio("Delicias", "delicias")
    publicar_en(tercero, "DMD", analista)
    publicacion.publicar(
        Corte.de(ejercicio(2022, tercero), periodo(2022, 3, tercero)), usuario=analista
    )
    pagina = client.get(reverse("publico:inicio")).text
    assert "Delicias" in pagina
    with django_assert_max_num_queries(con_dos):
        cache.clear()
        assert client.get(reverse("publico:inicio")).status_code == 200
