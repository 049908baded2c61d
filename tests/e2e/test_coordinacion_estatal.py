"""The Coordinación estatal in a browser: the state corte with two municipios side by side, then
one municipio's report chosen with the selector in the nav; an analista of one municipio has
no selector."""

import pytest
from playwright.sync_api import expect

from avgm.models import Adscripcion
from avgm.plataforma import roles
from informes.cifras.corte import Corte
from informes.publicacion import publicar
from tests.factories import UserFactory, ejercicio, municipio_principal, periodo
from tests.informes.test_estatal import borrador_chihuahua
from tests.publico.test_publico_vistas import escenario

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORTE_ESTATAL = "/informes/estatal/2022/T2/"


@pytest.fixture
def dos_publicados(settings, tmp_path, publicar_sin_pdf, dependencia_a, enlace_a, analista):
    """Juárez and Chihuahua, each with its corte Ene–Jun 2022 published (the pages read the
    versions' figures, not their PDFs)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    escenario(dependencia_a, enlace_a)
    chihuahua = borrador_chihuahua()
    for m in (municipio_principal(), chihuahua):
        publicar(Corte.de(ejercicio(2022, m), periodo(2022, 2, m)), usuario=analista)
    return municipio_principal(), chihuahua


def test_the_coordinacion_reads_the_state_then_one_municipio(
    pagina_de, live_server, dos_publicados
):
    juarez, chihuahua = dos_publicados
    coordinacion = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    pagina = pagina_de(coordinacion)
    pagina.goto(f"{live_server.url}{CORTE_ESTATAL}")

    expect(pagina.get_by_role("heading", name="Corte estatal: Ene–Jun 2022")).to_be_visible()
    expect(pagina.get_by_text("2 de 2 municipios con informe publicado")).to_be_visible()
    for m in (juarez, chihuahua):
        expect(pagina.get_by_role("rowheader", name=m.nombre, exact=True)).to_be_visible()
    expect(pagina.get_by_text("Sin informe publicado")).to_have_count(0)

    pagina.get_by_role("combobox", name="Municipio").select_option(label=chihuahua.nombre)
    pagina.get_by_role("button", name="Ver", exact=True).click()
    expect(
        pagina.get_by_text(f"Ahora consulta el seguimiento de {chihuahua.nombre}.")
    ).to_be_visible()

    pagina.goto(f"{live_server.url}/informes/corte/2022/T2/")
    institucion = chihuahua.institucion
    contenido = pagina.locator("#contenido")
    expect(contenido.get_by_text(f"{institucion.nombre} · {institucion.municipio}")).to_be_visible()
    otra = juarez.institucion
    expect(contenido.get_by_text(f"{otra.nombre} · {otra.municipio}", exact=True)).to_have_count(0)


def test_an_analista_of_one_municipio_has_no_selector(pagina_de, live_server, dos_publicados):
    _juarez, chihuahua = dos_publicados
    analista = UserFactory(username="analista.chihuahua", rol=roles.ANALISTA)
    Adscripcion.objects.create(usuario=analista, municipio=chihuahua)
    pagina = pagina_de(analista)
    pagina.goto(f"{live_server.url}{CORTE_ESTATAL}")

    expect(pagina.get_by_role("heading", name="Corte estatal: Ene–Jun 2022")).to_be_visible()
    expect(pagina.get_by_role("combobox", name="Municipio")).to_have_count(0)
    pagina.goto(f"{live_server.url}/informes/corte/2022/T2/")
    expect(pagina.get_by_text(chihuahua.institucion.nombre).first).to_be_visible()
