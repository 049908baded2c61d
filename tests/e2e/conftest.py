"""Browser tests: Debian's Chromium, and no request may leave the live server."""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def abrir(browser, live_server):
    """A new logged-out browser context whose pages only reach the live server (Playwright's
    own 1280×720 viewport unless told otherwise). `sin_csp`: the page's CSP bypassed, so a
    test can inject a script (axe-core); `dialogos`: confirmation dialogs accepted; `espera`:
    milliseconds each step may take."""
    contextos = []

    def _abrir(*, ancho=1280, alto=720, js=True, sin_csp=False, dialogos=False, espera=10_000):
        contexto = browser.new_context(
            locale="es-MX",
            viewport={"width": ancho, "height": alto},
            java_script_enabled=js,
            bypass_csp=sin_csp,
        )
        contexto.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort(),
        )
        contextos.append(contexto)
        pagina = contexto.new_page()
        pagina.set_default_timeout(espera)
        if dialogos:
            pagina.on("dialog", lambda d: d.accept())
        return pagina

    yield _abrir
    # A request still in flight (an automatic save, the keep-alive) must end before the test's
    # database is emptied: the live server would otherwise write while SQLite is flushed
    # («database table is locked») and leave rows that break the next test.
    for contexto in contextos:
        for pagina in contexto.pages:
            # A page that never settles: closing it below cancels its requests.
            with contextlib.suppress(PlaywrightError):
                pagina.wait_for_load_state("networkidle", timeout=5_000)
        contexto.close()


@pytest.fixture
def pagina_de(abrir, live_server):
    """A page already logged in as `usuario` (no typing: the login page is tested on its own)
    at a viewport of `ancho`×`alto`, with or without JavaScript."""
    from django.conf import settings
    from django.test import Client

    def _pagina(usuario, ancho=1280, alto=800, js=True):
        pagina = abrir(ancho=ancho, alto=alto, js=js)
        cliente = Client()
        cliente.force_login(usuario)
        nombre = settings.SESSION_COOKIE_NAME
        pagina.context.add_cookies(
            [{"name": nombre, "value": cliente.cookies[nombre].value, "url": live_server.url}]
        )
        return pagina

    return _pagina
