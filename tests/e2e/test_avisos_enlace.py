"""What the enlace is told, seen in a real browser at desktop and phone width: the reopened
ficha's reason on top, the home's periodos and the planning banner. Screenshots go to
/tmp/avisos-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planeacion import workflow as planeacion
from tests.factories import FichaFactory, MetaFactory, ficha_reabierta, periodo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PANTALLAS = {"1280": (1280, 800), "390": (390, 844)}
MOTIVO = "La cantidad no coincide con la lista de asistencia: revise los 40 asistentes del taller."


@pytest.fixture
def escenario(dependencia_a, enlace_a, analista, meta_a):
    """A ficha returned, answered, approved and reopened; other metas in T1 and T2; the
    planning of the next year open."""
    ficha = FichaFactory(meta=meta_a, creada_por=enlace_a, actividades="Taller.", lugar="Centro")
    ficha = ficha_reabierta(
        ficha, enlace_a, analista, observacion="Adjunte la lista firmada.",
        respuesta="Se adjuntó la lista.", motivo=MOTIVO,
    )  # fmt: skip
    for n in (2, 3, 4):
        otra = MetaFactory(dependencia=dependencia_a, clave=f"DIF-0{n}", programado={1: 2, 2: 3})
        FichaFactory(meta=otra, periodo=periodo(2022, 2), estado="enviada")
    planeacion.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(30), usuario=analista
    )
    return ficha


@pytest.mark.parametrize("pantalla", PANTALLAS)
def test_the_reopened_ficha_says_why_on_top(
    pagina_de, live_server, escenario, enlace_a, analista, pantalla
):
    ancho, alto = PANTALLAS[pantalla]
    for persona, usuario in (("enlace", enlace_a), ("analista", analista)):
        pagina = pagina_de(usuario, ancho, alto)
        pagina.goto(f"{live_server.url}/fichas/{escenario.pk}/")
        aviso = pagina.locator("#reapertura")
        expect(aviso).to_contain_text(MOTIVO)
        expect(aviso).to_be_in_viewport()  # seen without scrolling
        titulo = pagina.get_by_role("heading", level=1).bounding_box()
        meta = pagina.get_by_role("heading", name="Meta DIF-01").bounding_box()
        assert titulo["y"] < aviso.bounding_box()["y"] < meta["y"]
        expect(pagina.locator("#observaciones")).to_have_count(0)  # nothing old to attend
        assert pagina.evaluate("document.scrollingElement.scrollWidth") <= ancho
        pagina.screenshot(path=f"/tmp/avisos-ficha-reabierta-{persona}-{pantalla}.png")


@pytest.mark.parametrize("pantalla", PANTALLAS)
def test_the_enlace_home_shows_periodos_and_the_planning(
    pagina_de, live_server, escenario, enlace_a, pantalla
):
    ancho, alto = PANTALLAS[pantalla]
    pagina = pagina_de(enlace_a, ancho, alto)
    pagina.goto(f"{live_server.url}/")
    expect(pagina.get_by_text("Planeación 2023 abierta")).to_be_visible()
    conteos = pagina.locator("#conteos-periodos")
    expect(conteos).to_contain_text("T1 2022")
    expect(conteos).to_contain_text("T2 2022")
    assert pagina.evaluate("document.scrollingElement.scrollWidth") <= ancho
    pagina.screenshot(path=f"/tmp/avisos-inicio-enlace-{pantalla}.png", full_page=True)
    pagina.get_by_role("link", name="T1 2022").click()
    expect(pagina.get_by_role("link", name="T1 2022")).to_have_attribute("aria-current", "page")
    pagina.get_by_role("link", name="Ir a la planeación de DIF").click()
    expect(pagina.locator("#por-hacer")).to_be_in_viewport()
    pagina.screenshot(path=f"/tmp/avisos-planeacion-dependencia-{pantalla}.png")
