"""On a phone (390×844) the enlace's home shows each meta's state, deadline and action without
sideways scrolling, and the error pages fit too. Screenshots go to /tmp/h10-*.png."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from avgm import views
from tests.factories import PASSWORD, FichaFactory, MetaFactory, periodo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TELEFONO = {"width": 390, "height": 844}
DESBORDE = "document.scrollingElement.scrollWidth"


def _entrar(pagina, live_server, usuario) -> None:
    cliente = Client()
    cliente.force_login(usuario)
    nombre = settings.SESSION_COOKIE_NAME
    pagina.context.add_cookies(
        [{"name": nombre, "value": cliente.cookies[nombre].value, "url": live_server.url}]
    )


def test_the_enlace_home_fits_a_phone(abrir, live_server, enlace_a, dependencia_a, meta_a):
    larga = MetaFactory(
        dependencia=dependencia_a, clave="DIF-02-CAPACITACION-PERMANENTE", programado={1: 12500},
        descripcion="Capacitar al personal de primer contacto en atención a mujeres en situación "
        "de violencia, con énfasis en la canalización oportuna y el seguimiento de cada caso.",
    )  # fmt: skip
    con_historia = MetaFactory(dependencia=dependencia_a, clave="DIF-03", programado={1: 3, 2: 3})
    FichaFactory(meta=con_historia, periodo=periodo(2022, 1), estado="aprobada")
    FichaFactory(meta=larga, estado="observada", creada_por=enlace_a)
    pagina = abrir()
    pagina.set_viewport_size(TELEFONO)
    _entrar(pagina, live_server, enlace_a)
    pagina.goto(f"{live_server.url}/?periodo={periodo(2022, 1).pk}")  # the three metas' T1
    pagina.screenshot(path="/tmp/h10-inicio-enlace-390.png", full_page=True)

    assert pagina.evaluate(DESBORDE) <= TELEFONO["width"]
    filas = pagina.locator("table.tabla-apilada tbody tr")
    assert filas.count() == 3
    for i in range(filas.count()):
        fila = filas.nth(i)
        for celda in ["Estado", "Entrega"]:
            caja = fila.locator(f'td[data-label="{celda}"]').bounding_box()
            assert caja and caja["x"] >= 0 and caja["x"] + caja["width"] <= TELEFONO["width"]
        boton = (
            fila.locator("td.celda-accion")
            .get_by_role("button")
            .or_(fila.locator("td.celda-accion").get_by_role("link"))
        )
        caja = boton.first.bounding_box()
        assert caja and caja["x"] + caja["width"] <= TELEFONO["width"], fila.inner_text()
    # The column names travel with the values once the header row is out of sight.
    antes = pagina.evaluate(
        "getComputedStyle(document.querySelector('td[data-label=\"Estado\"]'), '::before').content"
    )
    assert antes == '"Estado: "'


def _anonima():
    solicitud = RequestFactory().get("/")
    solicitud.user = AnonymousUser()
    solicitud.session = SessionStore()
    solicitud._messages = FallbackStorage(solicitud)
    return solicitud


@pytest.mark.parametrize("ancho", [1280, 390])
def test_every_error_page_fits_the_screen(abrir, live_server, enlace_a, ancho):
    pagina = abrir()
    pagina.set_viewport_size({"width": ancho, "height": 800})

    def foto(codigo):
        pagina.screenshot(path=f"/tmp/h10-error-{codigo}-{ancho}.png", full_page=True)
        assert pagina.evaluate(DESBORDE) <= ancho, codigo

    assert pagina.goto(f"{live_server.url}/no-existe/").status == 404
    foto(404)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        pagina.goto(f"{live_server.url}/cuentas/login/")
        pagina.get_by_label("Nombre de usuario").fill("enlace_a")
        pagina.get_by_label("Contraseña").fill(PASSWORD + "x")
        pagina.get_by_role("button", name="Iniciar sesión").click()
    assert "Acceso bloqueado temporalmente" in pagina.content()
    foto(429)
    # 400 and 500 come from no URL on demand: their HTML, at the portal's address.
    for codigo, html in [
        (400, views.error_400(_anonima()).content.decode()),
        (500, views.error_500(RequestFactory().get("/")).content.decode()),
    ]:
        pagina.goto(f"{live_server.url}/cuentas/login/")
        pagina.set_content(html)
        pagina.wait_for_load_state("load")
        foto(codigo)

    otra = abrir()
    otra.set_viewport_size({"width": ancho, "height": 800})
    _entrar(otra, live_server, enlace_a)
    assert otra.goto(f"{live_server.url}/informes/").status == 403
    otra.screenshot(path=f"/tmp/h10-error-403-{ancho}.png", full_page=True)
    assert otra.evaluate(DESBORDE) <= ancho
