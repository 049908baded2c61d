"""axe-core in a browser page, shared by the accessibility walks: a page that lets axe in,
a sign-in without typing, and the check itself at each width (serious or critical axe
violations, boxes that scroll sideways unnamed or unfocusable, tables that scroll on a phone,
a page wider than the screen)."""

import contextlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PANTALLAS = {"escritorio": (1280, 800), "telefono": (390, 844)}
GRAVES = {"serious", "critical"}


@pytest.fixture
def abrir(abrir):
    """The suite's `abrir` (tests/e2e/conftest.py) with the page's CSP bypassed so axe can be
    injected (the CSP itself is tested in tests/avgm/test_seguridad_encabezados.py), dialogs
    accepted and 15 s per step: `abrir(ancho, alto)`."""
    return lambda ancho, alto: abrir(
        ancho=ancho, alto=alto, sin_csp=True, dialogos=True, espera=15_000
    )


def entrar(pagina, live_server, usuario) -> None:
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


# Boxes that scroll sideways (their content is wider than they are): each must take the
# keyboard focus and have a name, so a keyboard user can scroll it and knows what it holds.
DESPLAZABLES = """() => [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1
        && e.offsetParent !== null;
}).filter(e => !(e.getAttribute('tabindex') === '0' && e.getAttribute('role') === 'region'
    && (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))))
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
      + ' > ' + (e.querySelector('caption, th') || e).textContent.trim().slice(0, 40))"""


# The innermost elements that reach past the screen's right edge, outside any box that
# scrolls or clips them: what widens the page.
MAS_ANCHOS = """() => {
    const fuera = x => x.getBoundingClientRect().right > innerWidth + 1;
    const encerrado = x => { for (let p = x.parentElement; p && p !== document.body;
        p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false; };
    return [...document.querySelectorAll('body *')]
        .filter(e => fuera(e) && ![...e.children].some(fuera) && !encerrado(e)).slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + [...e.classList].map(c => '.' + c).join('')
            + ' «' + e.textContent.trim().slice(0, 40) + '»');
}"""


def violaciones(pagina) -> list[str]:
    if not pagina.evaluate("typeof axe !== 'undefined'"):  # once per loaded document
        pagina.add_script_tag(path=str(AXE))
    resultado = pagina.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    assert resultado["passes"] > 0, "axe ran no rule"
    ancho = pagina.viewport_size["width"]
    encontradas = [
        f"{ancho} px {pagina.url} [{v['impact']}] {v['id']}: {v['help']} → "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in resultado["violations"]
        if v["impact"] in GRAVES
    ]
    encontradas += [
        f"{ancho} px {pagina.url} caja desplazable sin foco o sin nombre: {caja}"
        for caja in pagina.evaluate(DESPLAZABLES)
    ]
    # On a phone no table scrolls sideways in its box either: each row is a card.
    if ancho < 768:
        encontradas += [
            f"{ancho} px {pagina.url} tabla que se desplaza de lado: {tabla}"
            for tabla in pagina.evaluate(
                "() => [...document.querySelectorAll('.table-responsive')]"
                ".filter(e => e.scrollWidth > e.clientWidth + 1)"
                ".map(e => (e.querySelector('caption, th') || e).textContent.trim().slice(0, 40))"
            )
        ]
    # Nothing scrolls the page sideways: not the menu with every entry of the role, not a table.
    if (total := pagina.evaluate("document.scrollingElement.scrollWidth")) > ancho:
        culpables = "; ".join(pagina.evaluate(MAS_ANCHOS))
        encontradas.append(
            f"{ancho} px {pagina.url} se desborda: {total} px de ancho ({culpables})"
        )
    return encontradas


# Once tablas.js marked (focusable, named) the boxes that scroll, 150 ms after a resize.
MARCAS_AL_DIA = """() => [...document.querySelectorAll('.table-responsive')].every(
    c => (c.scrollWidth > c.clientWidth + 1) === (c.getAttribute('tabindex') === '0'))"""


def a_ancho(pagina, ancho: int, alto: int) -> None:
    """A resized page shows what a load at that width shows: its layout is CSS and tablas.js
    (above); should the marks never come, `violaciones` names the box."""
    if pagina.viewport_size["width"] != ancho:
        pagina.set_viewport_size({"width": ancho, "height": alto})
        with contextlib.suppress(PlaywrightTimeoutError):
            pagina.wait_for_function(MARCAS_AL_DIA, timeout=3_000)


def en_cada_ancho(pagina, visitas: list, foto: str | None = None, fotos_en=(390,)) -> list[str]:
    """The page's violations at each width of PANTALLAS, as loaded first, then resized; each
    check's address is added to `visitas`. With `foto` (a path without its end), a full-page
    screenshot `{foto}-{ancho}.png` at each width in `fotos_en`."""
    halladas, actual = [], pagina.viewport_size["width"]
    for ancho, alto in sorted(PANTALLAS.values(), key=lambda p: p[0] != actual):
        a_ancho(pagina, ancho, alto)
        halladas += violaciones(pagina)
        visitas.append(pagina.url)
        if foto and ancho in fotos_en:
            pagina.screenshot(path=f"{foto}-{ancho}.png", full_page=True)
    return halladas
