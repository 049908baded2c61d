"""WCAG 2.1 AA with axe-core: every main page of every role, the login and the error pages,
at desktop and phone width, with no serious or critical violation."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse

from avgm import views
from tests.factories import PASSWORD, FichaFactory, periodo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PANTALLAS = {"escritorio": (1280, 800), "telefono": (390, 844)}
GRAVES = {"serious", "critical"}


@pytest.fixture
def abrir(browser, live_server):
    """Like the suite's `abrir`, with the page's CSP bypassed so axe can be injected (the CSP
    itself is tested in tests/avgm/test_seguridad_encabezados.py); only the live server is reached."""
    contextos = []

    def _abrir(ancho, alto):
        contexto = browser.new_context(
            locale="es-MX", bypass_csp=True, viewport={"width": ancho, "height": alto}
        )
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


def _entrar(pagina, live_server, usuario) -> None:
    """Log in without typing (the login page is checked on its own)."""
    cliente = Client()
    cliente.force_login(usuario)
    pagina.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cliente.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _violaciones(pagina) -> list[str]:
    pagina.add_script_tag(path=str(AXE))
    resultado = pagina.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    assert resultado["passes"] > 0, "axe ran no rule"
    resultado = resultado["violations"]
    return [
        f"{pagina.url} [{v['impact']}] {v['id']}: {v['help']} → "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in resultado
        if v["impact"] in GRAVES
    ]


def _revisar(pagina, url, encontradas, live_server, estado=None) -> None:
    respuesta = pagina.goto(f"{live_server.url}{url}")
    if estado is not None:
        assert respuesta.status == estado, url
    encontradas.extend(_violaciones(pagina))
    # Nothing scrolls sideways: not the menu with every entry of the role, not a wide table.
    ancho = pagina.evaluate("document.scrollingElement.scrollWidth")
    if ancho > pagina.viewport_size["width"]:
        encontradas.append(f"{pagina.url} se desborda: {ancho} px de ancho")


def _pagina_de_error(pagina, live_server, html: str, encontradas) -> None:
    """An error page that no URL of the running portal produces on demand (400, 500): its
    HTML, loaded at the portal's address so its styles load as they would."""
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.set_content(html)
    encontradas.extend(_violaciones(pagina))


def _solicitud_anonima():
    solicitud = RequestFactory().get("/")
    solicitud.user = AnonymousUser()
    solicitud.session = SessionStore()
    solicitud._messages = FallbackStorage(solicitud)
    return solicitud


@pytest.mark.parametrize("pantalla", PANTALLAS)
def test_every_main_page_has_no_serious_accessibility_violation(
    abrir, live_server, pantalla, enlace_a, analista, directivo, meta_a, ficha_a, media_tmp
):
    assert AXE.exists(), "make install (npm ci) installs axe-core"
    enviada = FichaFactory(
        meta=meta_a, periodo=periodo(2022, 2), estado="enviada", cantidad_alcanzada=5,
        actividades="Taller.", lugar="Centro",
    )  # fmt: skip
    ancho, alto = PANTALLAS[pantalla]
    encontradas: list[str] = []

    anonima = abrir(ancho, alto)
    _revisar(anonima, reverse("login"), encontradas, live_server, 200)
    _revisar(anonima, "/no-existe/", encontradas, live_server, 404)
    # Five wrong passwords: the lockout page (429).
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anonima.goto(f"{live_server.url}{reverse('login')}")
        anonima.get_by_label("Nombre de usuario").fill("enlace_b_no_existe")
        anonima.get_by_label("Contraseña").fill(PASSWORD + "x")
        anonima.get_by_role("button", name="Iniciar sesión").click()
    assert "Acceso bloqueado temporalmente" in anonima.content()
    encontradas.extend(_violaciones(anonima))
    _pagina_de_error(
        anonima, live_server, views.error_400(_solicitud_anonima()).content.decode(), encontradas
    )
    _pagina_de_error(
        anonima,
        live_server,
        views.error_500(RequestFactory().get("/")).content.decode(),
        encontradas,
    )

    enlace = abrir(ancho, alto)
    _entrar(enlace, live_server, enlace_a)
    _revisar(enlace, reverse("inicio"), encontradas, live_server, 200)
    _revisar(enlace, reverse("fichas:ficha", args=[ficha_a.pk]), encontradas, live_server, 200)
    _revisar(enlace, reverse("informes:lista"), encontradas, live_server, 403)

    revisora = abrir(ancho, alto)
    _entrar(revisora, live_server, analista)
    for url in [
        reverse("inicio"),
        reverse("fichas:cola"),
        reverse("fichas:ficha", args=[enviada.pk]),
        reverse("fichas:periodos"),
        reverse("dependencias:importar"),
        reverse("bitacora"),
    ]:
        _revisar(revisora, url, encontradas, live_server, 200)

    directora = abrir(ancho, alto)
    _entrar(directora, live_server, directivo)
    _revisar(directora, reverse("informes:tablero"), encontradas, live_server, 200)
    _revisar(directora, reverse("informes:lista"), encontradas, live_server, 200)
    _revisar(directora, reverse("informes:corte", args=[2022, "T2"]), encontradas, live_server, 200)

    print("\n".join(encontradas))
    assert not encontradas, "\n".join(encontradas)
