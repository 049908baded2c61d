"""The ficha page on a phone (390 px): no sideways scrolling, evidence before «Enviar al IMM»."""

import os
import tempfile

import pytest
from playwright.sync_api import Page, expect

from fichas import workflow
from fichas.models import CodigoObservacion, Evidencia
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TELEFONO = {"width": 390, "height": 844}
ESCRITORIO = {"width": 1280, "height": 900}
# Screenshots for a person to look at (not compared by the test).
CAPTURAS = os.environ.get("AVGM_CAPTURAS", tempfile.gettempdir())


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()
    pagina.wait_for_url(lambda url: "/login/" not in url)


def _sin_desborde(pagina: Page, ancho: int) -> None:
    assert pagina.evaluate("document.scrollingElement.scrollWidth") <= ancho


@pytest.fixture
def observada(ficha_a, enlace_a, analista):
    """A returned ficha with an observación and an evidence with a long file-like name."""
    Evidencia.objects.create(
        ficha=ficha_a,
        url="https://juarez.gob.mx/transparencia/evidencias/2022/T1/lista-de-asistencia-taller.pdf",
        medio_verificacion="Lista de asistencia",
        subida_por=enlace_a,
    )
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    return workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[
            {
                "codigo": CodigoObservacion.objects.first(),
                "texto": "Anote la colonia o sector, no un domicilio.",
                "campos": ["lugar", "mujeres_18_29"],
            }
        ],
    )


def test_the_enlaces_ficha_fits_a_phone_with_evidence_before_sending(abrir, live_server, observada):
    pagina = abrir()
    _entrar(pagina, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{observada.pk}/")
    pagina.screenshot(path=f"{CAPTURAS}/h9-ficha-enlace-escritorio.png", full_page=True)
    pagina.set_viewport_size(TELEFONO)
    expect(pagina.get_by_role("button", name="Enviar al IMM")).to_be_visible()
    pagina.screenshot(path=f"{CAPTURAS}/h9-ficha-enlace-telefono.png", full_page=True)
    _sin_desborde(pagina, TELEFONO["width"])
    evidencias = pagina.locator("#evidencias").bounding_box()
    enviar = pagina.get_by_role("button", name="Enviar al IMM").bounding_box()
    assert evidencias["y"] + evidencias["height"] <= enviar["y"]


def test_the_analistas_review_page_fits_a_phone(abrir, live_server, ficha_a, enlace_a, analista):
    enviada = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    pagina = abrir()
    _entrar(pagina, live_server, "analista")
    pagina.goto(f"{live_server.url}/fichas/{enviada.pk}/")
    pagina.get_by_text("Señalar campos de la ficha").click()
    pagina.screenshot(path=f"{CAPTURAS}/h9-ficha-analista-escritorio.png", full_page=True)
    pagina.set_viewport_size(TELEFONO)
    expect(pagina.get_by_role("button", name="Devolver al enlace")).to_be_visible()
    pagina.screenshot(path=f"{CAPTURAS}/h9-ficha-analista-telefono.png", full_page=True)
    _sin_desborde(pagina, TELEFONO["width"])
