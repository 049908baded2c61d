"""A made-up municipio (`Municipio.demostracion`) is labelled as such wherever its data show:
every portal page while one works in it, its report's draft and published PDF (cover and
running header), its workbooks, and the state corte that puts it beside real municipios. A
real municipio's pages and files say nothing of the sort."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from avgm.models import AVISO_DEMOSTRACION, Adscripcion
from avgm.plataforma import roles
from informes.cifras.corte import Corte
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

pytestmark = pytest.mark.django_db

CORTE = reverse("informes:corte", args=[2022, "T1"])
PDF = reverse("informes:corte_pdf", args=[2022, "T1"])
XLSX = reverse("informes:corte_xlsx", args=[2022, "T1"])


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    from django.core.cache import cache

    cache.clear()


def seguimiento(municipio) -> Corte:
    """One meta of `municipio` with an approved ficha in 2022 T1, and that corte."""
    meta = MetaFactory(
        ejercicio=ejercicio(2022, municipio),
        dependencia=DependenciaFactory(municipio=municipio, siglas="DIF"),
        recomendaciones=[RecomendacionFactory(clave=f"R-{municipio.pk}")],
        programado={1: 2},
    )
    FichaFactory(meta=meta, periodo=periodo(2022, 1, municipio), estado="aprobada",
                 cantidad_alcanzada=2)  # fmt: skip
    return Corte.de(meta.ejercicio, periodo(2022, 1, municipio))


@pytest.fixture
def real():
    municipio = municipio_principal()
    seguimiento(municipio)
    return municipio


@pytest.fixture
def inventado():
    municipio = otro_municipio("Villa Ficticia", "villa-ficticia")
    municipio.demostracion = True
    municipio.save()
    seguimiento(municipio)
    return municipio


def de(municipio, rol=roles.ANALISTA):
    usuario = UserFactory(rol=rol)
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


def descarga(respuesta) -> bytes:
    assert respuesta.status_code == 200
    return b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content


def resumen(contenido: bytes) -> list:
    hoja = load_workbook(io.BytesIO(contenido), read_only=True)["Resumen"]
    return [fila[0] for fila in hoja.iter_rows(max_row=3, max_col=1, values_only=True)]


def test_every_portal_page_says_so_while_one_works_in_a_made_up_municipio(client, real, inventado):
    for municipio, rotulado in ((inventado, True), (real, False)):
        client.force_login(de(municipio))
        for url in (reverse("inicio"), CORTE, reverse("informes:lista")):
            pagina = client.get(url)
            assert pagina.status_code == 200, url
            assert (AVISO_DEMOSTRACION in pagina.text) is rotulado, (municipio, url)


def test_the_draft_pdf_and_workbook_say_so_on_the_cover_and_every_page(client, real, inventado):
    client.force_login(de(inventado))
    paginas = pdfs.textos(descarga(client.get(PDF)))
    assert len(paginas) > 2
    assert all(AVISO_DEMOSTRACION in " ".join(p.split()) for p in paginas)  # cover + header
    assert resumen(descarga(client.get(XLSX)))[:2] == [AVISO_DEMOSTRACION, "Informe de corte"]

    client.force_login(de(real))
    paginas = pdfs.textos(descarga(client.get(PDF)))
    assert not [p for p in paginas if "demostración" in p]
    assert resumen(descarga(client.get(XLSX)))[0] == "Informe de corte"


def test_a_published_version_says_so_in_its_pdf_and_workbook(real, inventado, analista):
    for municipio, rotulado in ((inventado, True), (real, False)):
        publicado = publicar(Corte.buscar(2022, "T1", municipio=municipio), usuario=analista)
        paginas = pdfs.textos(publicado.pdf.read())
        plano = [" ".join(p.split()) for p in paginas]
        assert [AVISO_DEMOSTRACION in p for p in plano] == [rotulado] * len(plano)
        assert (resumen(publicado.xlsx.read())[0] == AVISO_DEMOSTRACION) is rotulado


def test_the_state_corte_says_which_municipio_is_made_up(client, real, inventado, analista):
    coordinacion = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    client.force_login(coordinacion)
    for municipio in (real, inventado):
        publicar(Corte.buscar(2022, "T1", municipio=municipio), usuario=analista)
    argumentos = [2022, "T1"]
    paginas = pdfs.textos(descarga(client.get(reverse("informes:estatal_pdf", args=argumentos))))
    assert all(AVISO_DEMOSTRACION in " ".join(p.split()) for p in paginas)
    assert "Villa Ficticia (demostración)" in paginas[0]
    libro = load_workbook(
        io.BytesIO(descarga(client.get(reverse("informes:estatal_xlsx", args=argumentos))))
    )
    for hoja in libro.worksheets:
        assert hoja["A2"].value == f"{AVISO_DEMOSTRACION} (Villa Ficticia)", hoja.title


def test_a_state_corte_of_real_municipios_says_nothing_of_the_sort(client, real, analista):
    chihuahua = otro_municipio()
    seguimiento(chihuahua)
    for municipio in (real, chihuahua):
        publicar(Corte.buscar(2022, "T1", municipio=municipio), usuario=analista)
    client.force_login(UserFactory(username="coordinacion", rol=roles.COORDINACION))
    argumentos = [2022, "T1"]
    pagina = client.get(reverse("informes:estatal_corte", args=argumentos)).text
    assert "demostración" not in pagina
    paginas = pdfs.textos(descarga(client.get(reverse("informes:estatal_pdf", args=argumentos))))
    assert not [p for p in paginas if "demostración" in p]
    libro = load_workbook(
        io.BytesIO(descarga(client.get(reverse("informes:estatal_xlsx", args=argumentos))))
    )
    assert all(hoja["A2"].value is None for hoja in libro.worksheets)
