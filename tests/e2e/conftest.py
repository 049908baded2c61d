"""Browser tests: Debian's Chromium, and no request may leave the live server."""

import pytest

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
    """A new logged-out browser context whose pages only reach the live server."""
    contextos = []

    def _abrir():
        contexto = browser.new_context(locale="es-MX")
        contexto.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort(),
        )
        contextos.append(contexto)
        pagina = contexto.new_page()
        pagina.set_default_timeout(10_000)
        return pagina

    yield _abrir
    for contexto in contextos:
        contexto.close()
