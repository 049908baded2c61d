"""The progress page of a draft PDF in a real browser, with the worker not running: it says
it waits, and when the render is done it says so in its live region, shows the button and
downloads the file, without reloading (a reload makes a screen reader start over). Without
JavaScript it refreshes itself and ends on the same button."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from informes.models import Render
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo
from tests.trabajador import trabajador

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a real PDF render by the db_worker
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PDF = reverse("informes:corte_pdf", args=[2022, "T2"])
ESPERA = "Generando el PDF del borrador Ene–Jun 2022…"
LISTO = "El PDF del borrador Ene–Jun 2022 está listo"


@pytest.fixture(autouse=True)
def cola_sin_worker(settings, tmp_path):
    """The real queue, and nobody working it until the test runs the worker itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-1")], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)


@pytest.fixture
def navegador(browser, live_server, directivo):
    """A directivo's browser (the portal's own CSP enforced unless `bypass_csp`)."""
    contextos = []

    def _abrir(**opciones):
        contexto = browser.new_context(locale="es-MX", accept_downloads=True, **opciones)
        contexto.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort(),
        )
        cliente = Client()
        cliente.force_login(directivo)
        nombre = settings.SESSION_COOKIE_NAME
        contexto.add_cookies(
            [{"name": nombre, "value": cliente.cookies[nombre].value, "url": live_server.url}]
        )
        contextos.append(contexto)
        pagina = contexto.new_page()
        pagina.set_default_timeout(20_000)
        return pagina

    yield _abrir
    for contexto in contextos:
        contexto.close()


def test_the_page_announces_the_ready_pdf_and_downloads_it_without_reloading(
    navegador, live_server
):
    pagina = navegador()
    pagina.goto(f"{live_server.url}{PDF}")
    render = Render.objects.get()
    assert pagina.url == f"{live_server.url}{reverse('informes:render', args=[render.pk])}"
    expect(pagina.get_by_role("heading", level=1)).to_have_text(ESPERA)
    aviso = pagina.get_by_role("status")
    expect(aviso).to_contain_text("En espera")
    expect(pagina.get_by_role("alert")).to_contain_text("no está funcionando")
    expect(pagina.get_by_role("link", name="Abrir el PDF")).to_be_hidden()
    expect(pagina.get_by_role("button", name="Reintentar")).to_be_hidden()
    pagina.screenshot(path="/tmp/a11y-progreso-espera.png", full_page=True)
    pagina.evaluate("window.sinRecargar = true")  # gone if the page reloads

    with pagina.expect_download() as descarga:
        trabajador()
    expect(pagina.get_by_role("heading", level=1)).to_have_text(LISTO)
    expect(aviso).to_contain_text("La descarga empieza sola")
    expect(pagina.get_by_role("link", name="Abrir el PDF")).to_be_visible()
    expect(pagina.get_by_role("alert")).to_have_count(0)  # the worker came back
    assert pagina.evaluate("window.sinRecargar") is True
    assert descarga.value.suggested_filename == "informe-corte-2022-T2-borrador.pdf"
    assert Path(descarga.value.path()).read_bytes().startswith(b"%PDF")
    pagina.screenshot(path="/tmp/a11y-progreso-listo.png", full_page=True)


def test_the_waiting_page_has_no_refresh_for_axe_to_find(navegador, live_server):
    pagina = navegador(bypass_csp=True, viewport={"width": 390, "height": 844})
    pagina.goto(f"{live_server.url}{PDF}")
    expect(pagina.get_by_role("heading", level=1)).to_have_text(ESPERA)
    pagina.screenshot(path="/tmp/a11y-progreso-espera-390.png", full_page=True)
    pagina.add_script_tag(path=str(AXE))
    violaciones = pagina.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))"
        ".violations.map(v => `${v.impact} ${v.id}`)"
    )
    assert not any(v.startswith(("serious", "critical")) for v in violaciones), violaciones
    assert not any("meta-refresh" in v for v in violaciones)


def test_without_javascript_the_page_refreshes_itself_until_the_pdf_is_ready(
    navegador, live_server
):
    pagina = navegador(java_script_enabled=False)
    pagina.goto(f"{live_server.url}{PDF}")
    expect(pagina.get_by_role("heading", level=1)).to_have_text(ESPERA)
    expect(pagina.get_by_role("link", name="Abrir el PDF")).to_be_hidden()

    trabajador()
    expect(pagina.get_by_role("heading", level=1)).to_have_text(LISTO)  # refreshed by itself
    expect(pagina.get_by_role("link", name="Abrir el PDF")).to_be_visible()
    enlace = pagina.get_by_role("link", name="Abrir el PDF").get_attribute("href")
    archivo = pagina.request.get(f"{live_server.url}{enlace}")
    assert archivo.ok and archivo.body().startswith(b"%PDF")
