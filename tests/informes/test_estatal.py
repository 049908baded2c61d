"""The state corte: every municipio side by side, read only from its published versions.

Two municipios: Juárez (the principal) published its corte 2022 T2; Chihuahua has approved
fichas for the same cut but published nothing, so none of its numbers may appear.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from avgm.models import EvaluacionGIM, Municipio, ValoracionGIM
from avgm.numeros import entero, porcentaje_de_fraccion
from avgm.plataforma import roles
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular_corte
from informes.estatal.corte import corte_estatal, titulares
from informes.models import InformePublicado
from informes.publicacion import publicar
from tests import pdfs
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
    periodo,
)
from tests.publico.test_publico_vistas import escenario

pytestmark = pytest.mark.django_db

Valor = ValoracionGIM.Valor


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path, publicar_sin_pdf):
    """What these tests read is the version's figures, not its PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    from django.core.cache import cache

    cache.clear()


def publicar_juarez(analista, errata: str = "") -> InformePublicado:
    m = municipio_principal()
    corte = Corte.de(ejercicio(2022, m), periodo(2022, 2, m))
    return publicar(corte, usuario=analista, errata=errata)


def borrador_chihuahua() -> Municipio:
    """Chihuahua's seguimiento of 2022: three recomendaciones programadas, two impactadas by
    approved fichas; nothing published."""
    chihuahua = otro_municipio()
    dependencia = DependenciaFactory(municipio=chihuahua, siglas="IMMCH")
    for n, cantidad in ((11, 40), (12, 25), (13, 0)):
        meta = MetaFactory(
            ejercicio=ejercicio(2022, chihuahua),
            dependencia=dependencia,
            recomendaciones=[RecomendacionFactory(clave=f"R-0{n}")],
            programado={1: 50},
        )
        if cantidad:
            FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=cantidad)
    return chihuahua


def evaluacion(municipio, fecha, valores: dict) -> EvaluacionGIM:
    e = EvaluacionGIM.objects.create(
        municipio=municipio, fecha=fecha, referencia=f"Informe GIM {municipio.clave} {fecha}"
    )
    for rec, valor in valores.items():
        ValoracionGIM.objects.create(evaluacion=e, recomendacion=rec, valoracion=valor)
    return e


@pytest.fixture
def estado(dependencia_a, enlace_a, analista):
    datos = escenario(dependencia_a, enlace_a)  # R-001 impactada, R-002 without a meta
    datos["juarez"] = municipio_principal()
    datos["v1"] = publicar_juarez(analista)
    datos["chihuahua"] = borrador_chihuahua()
    return datos


def fila_html(html: str, nombre: str) -> str:
    coincide = re.search(rf'<th scope="row">{re.escape(nombre)}</th>(.*?)</tr>', html, re.S)
    assert coincide, nombre
    return coincide[1]


def test_each_municipio_shows_its_latest_published_figures_as_frozen(estado, analista):
    v2 = publicar_juarez(analista, errata="Se corrigió la narrativa.")
    corte = corte_estatal(2022, 2)

    juarez, chihuahua = corte.municipios
    assert juarez.municipio == estado["juarez"] and juarez.informe == v2
    f = v2.figuras
    assert juarez.cifras == titulares(f)
    assert juarez.cifras["programadas"] == f["recomendaciones"]["programadas"] == 1
    assert juarez.cifras["impactadas"] == f["recomendaciones"]["impactadas"] == 1
    assert juarez.cifras["oportunidad"] == f["oportunidad"]["fraccion"]
    assert juarez.cifras["aprobacion_primera"] == f["aprobacion_a_la_primera"]["fraccion"]
    assert chihuahua.municipio == estado["chihuahua"]
    assert chihuahua.informe is None and chihuahua.cifras is None


def test_a_municipio_without_publication_shows_no_draft_number(client, estado, analista):
    chihuahua = estado["chihuahua"]
    borrador = calcular_corte(ejercicio(2022, chihuahua), periodo(2022, 2, chihuahua))
    assert borrador["recomendaciones"]["impactadas"] == 2  # its live figures exist

    client.force_login(analista)
    html = client.get(reverse("informes:estatal_corte", args=[2022, "T2"])).content.decode()

    f = estado["v1"].figuras
    juarez = fila_html(html, estado["juarez"].nombre)
    for valor in (
        entero(f["recomendaciones"]["programadas"]),
        entero(f["recomendaciones"]["impactadas"]),
        porcentaje_de_fraccion(f["recomendaciones"]["avance"]),
        porcentaje_de_fraccion(f["oportunidad"]["fraccion"]),
        porcentaje_de_fraccion(f["aprobacion_a_la_primera"]["fraccion"]),
    ):
        assert f">{valor}</td>" in juarez
    otro = fila_html(html, chihuahua.nombre)
    assert "Sin informe publicado" in otro
    assert not re.search(r">[^<]*\d", otro)  # no number in any cell
    assert porcentaje_de_fraccion(borrador["recomendaciones"]["avance"]) not in html
    # Its recomendaciones are in no published universe: they are not in the coverage either.
    assert "R-011" not in html
    assert "<caption>Cifras publicadas por municipio, corte Ene–Jun 2022</caption>" in html


def test_coverage_counts_municipios_from_their_published_recomendaciones(estado, analista):
    chihuahua = estado["chihuahua"]
    corte_juarez = estado["v1"]
    # Chihuahua publishes the same cut too (its frozen figures, written as a version).
    InformePublicado.objects.create(
        ejercicio=ejercicio(2022, chihuahua),
        hasta=periodo(2022, 2, chihuahua),
        version=1,
        figuras={**corte_juarez.figuras},
        pdf="informes/chihuahua.pdf",
        sha256="0" * 64,
        publicado_por=analista,
        publicado_en=timezone.now(),
    )
    filas = {r.clave: r for r in corte_estatal(2022, 2).recomendaciones}

    assert (filas["R-001"].universo, filas["R-001"].atienden, filas["R-001"].impactada) == (2, 2, 2)
    assert (filas["R-002"].universo, filas["R-002"].atienden, filas["R-002"].impactada) == (2, 0, 0)
    # The least attended across the state first.
    assert [r.clave for r in corte_estatal(2022, 2).recomendaciones] == ["R-002", "R-001"]


def test_each_municipio_publishes_its_files_in_its_own_folder(estado, analista):
    chihuahua = estado["chihuahua"]
    suyo = publicar(
        Corte.de(ejercicio(2022, chihuahua), periodo(2022, 2, chihuahua)), usuario=analista
    )
    nombres = [estado["v1"].pdf.name, suyo.pdf.name, suyo.xlsx.name]
    assert nombres == [
        f"informes/{estado['juarez'].clave}/2022/corte-2022-T2-v1.pdf",
        "informes/chihuahua/2022/corte-2022-T2-v1.pdf",
        "informes/chihuahua/2022/corte-2022-T2-v1.xlsx",
    ]


def test_gim_valoracion_per_municipio_up_to_the_end_of_the_cut(estado):
    juarez, chihuahua, r001 = estado["juarez"], estado["chihuahua"], estado["rec"]
    evaluacion(juarez, datetime.date(2022, 5, 10), {r001: Valor.CUMPLIDA})
    evaluacion(juarez, datetime.date(2022, 9, 1), {r001: Valor.NO_CUMPLIDA})  # after the cut
    evaluacion(chihuahua, datetime.date(2022, 6, 30), {r001: Valor.EN_PROCESO})

    r = next(r for r in corte_estatal(2022, 2).recomendaciones if r.clave == "R-001")
    de_juarez, de_chihuahua = r.celdas
    assert de_juarez.valoracion == Valor.CUMPLIDA
    assert de_juarez.seguimiento == "impactada"
    assert de_chihuahua.valoracion == Valor.EN_PROCESO
    assert de_chihuahua.seguimiento is None  # nothing published: no seguimiento shown
    assert de_chihuahua.seguimiento_nombre == "Sin informe publicado"


def _publicadas(n: int, analista, figuras: dict) -> None:
    for i in range(n):
        m = otro_municipio(f"Municipio {i}", f"municipio-{i}")
        InformePublicado.objects.create(
            ejercicio=ejercicio(2022, m), hasta=periodo(2022, 2, m), version=1, figuras=figuras,
            pdf=f"informes/{i}.pdf", sha256="0" * 64, publicado_por=analista,
            publicado_en=timezone.now(),
        )  # fmt: skip
        evaluacion(m, datetime.date(2022, 6, 1), {})


@pytest.mark.parametrize("otros", [1, 3])
def test_queries_do_not_grow_with_municipios(
    client, estado, analista, otros, django_assert_max_num_queries
):
    _publicadas(otros, analista, estado["v1"].figuras)
    assert Municipio.objects.count() == otros + 2  # Juárez, Chihuahua and the others
    client.force_login(analista)
    url = reverse("informes:estatal_corte", args=[2022, "T2"])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(5):
        corte_estatal(2022, 2)


def test_who_reads_the_state_corte(client, estado, enlace_a, directivo):
    url = reverse("informes:estatal_corte", args=[2022, "T2"])
    assert client.get(url).status_code == 302  # anonymous: to the login
    assert "/login/" in client.get(url)["Location"]
    client.force_login(enlace_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("informes:estatal")).status_code == 403
    for lector in (directivo, UserFactory(username="coordinacion", rol=roles.COORDINACION)):
        client.force_login(lector)
        assert client.get(url).status_code == 200
        assert client.get(reverse("informes:estatal")).status_code == 200
    assert client.get(reverse("informes:estatal_corte", args=[2022, "T7"])).status_code == 404


def _enlaza_el_corte_estatal(client, usuario, url) -> bool:
    client.force_login(usuario)
    return f'href="{reverse("informes:estatal")}"' in client.get(url).content.decode()


def test_index_lists_published_cuts_and_pages_link_them_with_several_municipios(
    client, estado, analista
):
    coordinacion = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    client.force_login(analista)
    html = client.get(reverse("informes:estatal")).content.decode()
    assert reverse("informes:estatal_corte", args=[2022, "T2"]) in html
    assert _enlaza_el_corte_estatal(client, analista, reverse("informes:lista"))
    assert _enlaza_el_corte_estatal(client, coordinacion, reverse("informes:tablero"))  # the nav


def test_no_link_to_the_state_corte_with_one_municipio(client, dependencia_a, enlace_a, analista):
    escenario(dependencia_a, enlace_a)
    coordinacion = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    assert not _enlaza_el_corte_estatal(client, analista, reverse("informes:lista"))
    assert not _enlaza_el_corte_estatal(client, coordinacion, reverse("informes:tablero"))


def test_demo_municipios_are_labelled(client, estado, analista):
    Municipio.objects.filter(pk=estado["chihuahua"].pk).update(demostracion=True)
    client.force_login(analista)
    html = client.get(reverse("informes:estatal_corte", args=[2022, "T2"])).content.decode()
    assert "Chihuahua (demostración)" in html
    # A name that already says so is not labelled twice.
    Municipio.objects.filter(pk=estado["chihuahua"].pk).update(nombre="Municipio de demostración")
    html = client.get(reverse("informes:estatal_corte", args=[2022, "T2"])).content.decode()
    assert "Municipio de demostración</th>" in html
    assert "Municipio de demostración (demostración)" not in html


def test_excel_lists_every_municipio_with_its_published_figures(client, estado, analista):
    client.force_login(analista)
    respuesta = client.get(reverse("informes:estatal_xlsx", args=[2022, "T2"]))
    assert respuesta.status_code == 200
    libro = load_workbook(io.BytesIO(respuesta.content))
    filas = list(libro["Municipios"].iter_rows(min_row=4, values_only=True))
    f = estado["v1"].figuras
    juarez = next(r for r in filas if r[0] == estado["juarez"].nombre)
    assert juarez[2:5] == (
        f["recomendaciones"]["programadas"],
        f["recomendaciones"]["impactadas"],
        f["recomendaciones"]["avance"],
    )
    chihuahua = next(r for r in filas if r[0] == "Chihuahua")
    assert chihuahua[1] == "Sin informe publicado" and chihuahua[2:] == (None,) * 6
    claves = [r[0] for r in libro["Recomendaciones"].iter_rows(min_row=4, values_only=True)]
    assert claves == ["R-002", "R-001"]


@pytest.mark.slow
def test_pdf_names_every_municipio(client, estado, analista):
    client.force_login(analista)
    respuesta = client.get(reverse("informes:estatal_pdf", args=[2022, "T2"]))
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    texto = " ".join(pdfs.textos(b"".join(respuesta.streaming_content)))
    assert estado["juarez"].nombre in texto
    assert "Chihuahua" in texto and "Sin informe publicado" in texto
