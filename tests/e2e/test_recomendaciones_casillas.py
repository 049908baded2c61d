"""Choosing among 122 recomendaciones in a real browser: search, check, remove a chip, save;
without JavaScript the same boxes post. Screenshots go to /tmp/avisos-*.png."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from avgm.models import Recomendacion
from planeacion import workflow
from planeacion.models import PropuestaMeta
from tests.factories import RecomendacionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TIPOS = list(Recomendacion.Tipo)


@pytest.fixture
def ronda(analista, dependencia_a, enlace_a):
    """Planning 2023 open, with the declaratoria's 122 recomendaciones in force."""
    for n in range(1, 123):
        RecomendacionFactory(
            clave=f"R-{n:03d}",
            tipo=TIPOS[n % 3],
            texto=f"Recomendación número {n} sobre la atención de la violencia contra las mujeres.",
        )
    return workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate().replace(year=2099), usuario=analista
    )


def _claves(propuesta) -> set[str]:
    return set(propuesta.recomendaciones.values_list("clave", flat=True))


def test_search_check_two_remove_a_chip_and_save_exactly_those(
    pagina_de, live_server, ronda, dependencia_a, enlace_a
):
    pagina = pagina_de(enlace_a, 1280, 900)
    pagina.goto(f"{live_server.url}/planeacion/2023/dependencias/{dependencia_a.pk}/nueva/")
    pagina.locator("#id_descripcion").fill("Campaña de prevención en secundarias")
    buscar = pagina.get_by_label("Buscar por clave, texto o modalidad")
    cuenta = pagina.locator("[data-cuenta]")

    buscar.fill("R-045")
    expect(cuenta).to_have_text("1 opción coincide")
    expect(pagina.locator(".casillas-lista .form-check:visible")).to_have_count(1)
    pagina.get_by_role("checkbox", name=re.compile("^R-045 ")).check()
    expect(cuenta).to_have_text("1 seleccionada")

    # Keyboard only: type, Tab to the first match, Space checks it; Enter never submits.
    buscar.fill("")
    buscar.type("número 23 ")
    buscar.press("Enter")
    buscar.press("Tab")
    expect(pagina.get_by_role("checkbox", name=re.compile("^R-023 "))).to_be_focused()
    pagina.keyboard.press("Space")
    expect(cuenta).to_have_text("2 seleccionadas")
    buscar.fill("R-100")
    pagina.get_by_role("checkbox", name=re.compile("^R-100 ")).check()
    expect(cuenta).to_have_text("3 seleccionadas")
    buscar.fill("")
    chips = pagina.locator("[data-chips] button")
    expect(chips).to_have_text([re.compile("^R-023"), re.compile("^R-045"), re.compile("^R-100")])
    # The chips stay in sight above the list: on the screen without scrolling the page.
    assert chips.first.bounding_box()["y"] < buscar.bounding_box()["y"]
    pagina.screenshot(path="/tmp/avisos-casillas-1280.png", full_page=False)

    pagina.get_by_role("button", name="R-100: quitar de la selección").click()
    expect(cuenta).to_have_text("2 seleccionadas")
    expect(pagina.get_by_role("checkbox", name=re.compile("^R-100 "))).not_to_be_checked()
    expect(chips.last).to_be_focused()  # focus stays among the chips
    assert PropuestaMeta.objects.count() == 0  # nothing posted by the search or the chips

    pagina.get_by_label("Programado T1").fill("6")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text("Propuesta guardada como borrador.")).to_be_visible()
    assert _claves(PropuestaMeta.objects.get()) == {"R-023", "R-045"}


def test_on_a_phone_the_picker_fits_and_shows_the_chosen_ones(
    pagina_de, live_server, ronda, dependencia_a, enlace_a
):
    pagina = pagina_de(enlace_a, 390, 844)
    pagina.goto(f"{live_server.url}/planeacion/2023/dependencias/{dependencia_a.pk}/nueva/")
    buscar = pagina.get_by_label("Buscar por clave, texto o modalidad")
    for clave in ("R-007", "R-045"):
        buscar.fill(clave)
        pagina.get_by_role("checkbox", name=re.compile(f"^{clave} ")).check()
    buscar.fill("violencia")
    buscar.scroll_into_view_if_needed()
    pagina.screenshot(path="/tmp/avisos-casillas-390.png", full_page=False)
    assert pagina.evaluate("document.scrollingElement.scrollWidth") <= 390
    expect(pagina.locator("[data-chips] button")).to_have_count(2)


def test_without_javascript_the_grouped_checkboxes_post(
    pagina_de, live_server, ronda, dependencia_a, enlace_a
):
    pagina = pagina_de(enlace_a, js=False)
    pagina.goto(f"{live_server.url}/planeacion/2023/dependencias/{dependencia_a.pk}/nueva/")
    expect(pagina.get_by_label("Buscar por clave, texto o modalidad")).to_be_hidden()
    expect(pagina.locator(".casillas-lista fieldset legend")).to_have_count(3)
    pagina.locator("#id_descripcion").fill("Talleres")
    pagina.get_by_role("checkbox", name=re.compile("^R-002 ")).check()
    pagina.get_by_role("checkbox", name=re.compile("^R-121 ")).check()
    pagina.get_by_label("Programado T2").fill("4")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text("Propuesta guardada como borrador.")).to_be_visible()
    assert _claves(PropuestaMeta.objects.get()) == {"R-002", "R-121"}
