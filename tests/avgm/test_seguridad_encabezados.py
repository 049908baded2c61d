"""Security headers, a CSP the pages live up to, and sessions with an end."""

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse

from avgm.plataforma import checks, middleware
from tests.factories import FichaFactory, MetaFactory, UserFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def fichas(meta_a):
    """A draft the enlace may send (with its confirmation) and one already sent (acuse)."""
    ejercicio(2022)
    borrador = FichaFactory(meta=meta_a, periodo=periodo(2022, 1))
    enviada = FichaFactory(
        meta=MetaFactory(dependencia=meta_a.dependencia, programado={1: 2}),
        estado="enviada",
        cantidad_alcanzada=1,
    )
    return borrador, enviada


def _directivas(respuesta) -> dict[str, str]:
    politica = respuesta["Content-Security-Policy"]
    return {parte.split()[0]: parte.strip() for parte in politica.split(";") if parte.strip()}


def _assert_encabezados(respuesta):
    assert respuesta["Cache-Control"] == "no-store"
    assert "camera=()" in respuesta["Permissions-Policy"]
    assert "microphone=()" in respuesta["Permissions-Policy"]
    assert "geolocation=()" in respuesta["Permissions-Policy"]
    directivas = _directivas(respuesta)
    assert "unsafe-inline" not in respuesta["Content-Security-Policy"]
    assert "unsafe-eval" not in respuesta["Content-Security-Policy"]
    assert directivas["script-src"] == "script-src 'self'"
    assert directivas["style-src"] == "style-src 'self'"
    assert directivas["frame-ancestors"] == "frame-ancestors 'none'"


def test_a_logged_in_page_is_never_stored_and_carries_every_header(client, analista):
    client.force_login(analista)
    respuesta = client.get(reverse("inicio"))
    assert respuesta.status_code == 200
    _assert_encabezados(respuesta)


def test_a_download_is_never_stored_and_carries_every_header(client, analista, fichas):
    client.force_login(analista)
    respuesta = client.get(reverse("fichas:exportar") + "?descargar=1")
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith("attachment")
    _assert_encabezados(respuesta)


def test_the_login_page_has_the_csp_and_permissions_policy(client):
    respuesta = client.get(reverse("login"))
    assert "unsafe-inline" not in respuesta["Content-Security-Policy"]
    assert "camera=()" in respuesta["Permissions-Policy"]


class _CodigoEnLinea(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, on*=, style=."""

    def __init__(self):
        super().__init__()
        self.hallazgos: list[str] = []

    def handle_starttag(self, tag, attrs):
        nombres = dict(attrs)
        if tag == "script" and not nombres.get("src"):
            self.hallazgos.append("<script> sin src")
        if tag == "style":
            self.hallazgos.append("<style>")
        for nombre, _valor in attrs:
            if nombre.startswith("on") or nombre == "style":
                self.hallazgos.append(f"<{tag} {nombre}=>")

    handle_startendtag = handle_starttag


def _codigo_en_linea(html: str) -> list[str]:
    lector = _CodigoEnLinea()
    lector.feed(html)
    return lector.hallazgos


def _paginas(fichas):
    borrador, enviada = fichas
    return {
        None: [reverse("login"), reverse("password_reset")],
        "enlace_a": [
            reverse("inicio"),
            reverse("fichas:ficha", args=[borrador.pk]),
            reverse("fichas:acuse", args=[enviada.pk]),
            reverse("password_change"),
        ],
        "analista": [
            reverse("inicio"),
            reverse("fichas:cola"),
            reverse("fichas:ficha", args=[enviada.pk]),
            reverse("fichas:periodos"),
            reverse("informes:lista"),
            reverse("informes:tablero"),
            reverse("informes:corte", args=[2022, "T2"]),
            reverse("informes:narrativa", args=[2022, "T2"]),
            reverse("dependencias:importar"),
        ],
        "admin": [
            reverse("admin:index"),
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_change", args=[1]),
            reverse("admin:auth_group_add"),
        ],
    }


def test_the_main_pages_carry_no_inline_script_handler_or_style(request, client, fichas):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    request.getfixturevalue("analista")
    vistas = 0
    for persona, urls in _paginas(fichas).items():
        client.logout()
        if persona:
            client.force_login(admin if persona == "admin" else request.getfixturevalue(persona))
        for url in urls:
            if "auth/user/1/" in url:
                url = reverse("admin:auth_user_change", args=[admin.pk])
            respuesta = client.get(url)
            assert respuesta.status_code == 200, url
            assert _codigo_en_linea(respuesta.content.decode()) == [], url
            vistas += 1
    assert vistas == 19


def test_the_enlace_confirmation_and_print_button_moved_to_the_static_script(
    client, enlace_a, fichas
):
    borrador, enviada = fichas
    client.force_login(enlace_a)
    ficha = client.get(reverse("fichas:ficha", args=[borrador.pk])).text
    assert 'data-confirmar="¿Guardar y enviar la ficha al IMM?' in ficha
    assert "js/portal.js" in ficha
    assert "data-imprimir" in client.get(reverse("fichas:acuse", args=[enviada.pk])).text
    script = (RAIZ / "static" / "js" / "portal.js").read_text()
    assert "data-confirmar" in script and "data-imprimir" in script and "Tooltip" in script


# --- Sessions ---


def _sesion_con(client, **marcas):
    sesion = client.session
    for clave, valor in marcas.items():
        sesion[clave] = valor
    sesion.save()


@pytest.fixture
def sesion_iniciada(client, enlace_a):
    client.force_login(enlace_a)
    assert client.get(reverse("inicio")).status_code == 200  # stamps the session
    return client


def test_a_session_idle_past_the_limit_ends_with_a_spanish_message(sesion_iniciada, settings):
    client = sesion_iniciada
    minutos = settings.AVGM_SESION_INACTIVIDAD_MINUTOS
    assert 30 <= minutos <= 60
    _sesion_con(client, **{middleware.ACTIVIDAD: time.time() - (minutos - 1) * 60})
    assert client.get(reverse("inicio")).status_code == 200

    _sesion_con(client, **{middleware.ACTIVIDAD: time.time() - (minutos + 1) * 60})
    respuesta = client.get(reverse("fichas:cola"))
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("login") + "?next=%2Ffichas%2Fcola%2F"
    pagina = client.get(respuesta["Location"]).text
    assert f"Su sesión terminó tras {minutos} minutos sin actividad." in pagina
    # Logged out for good, not only redirected once.
    assert client.get(reverse("inicio")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_twelve_hours_however_active(sesion_iniciada, settings):
    client = sesion_iniciada
    assert settings.AVGM_SESION_MAXIMA_HORAS == 12
    ahora = time.time()
    _sesion_con(client, **{middleware.INICIO: ahora - 11.9 * 3600, middleware.ACTIVIDAD: ahora})
    assert client.get(reverse("inicio")).status_code == 200

    _sesion_con(client, **{middleware.INICIO: ahora - 12.1 * 3600, middleware.ACTIVIDAD: ahora})
    respuesta = client.get(reverse("inicio"), follow=True)
    assert respuesta.redirect_chain[0][0].startswith(reverse("login"))
    assert "lleva más de 12 horas abierta" in respuesta.text
    assert "_auth_user_id" not in client.session


def test_logging_in_starts_the_session_clock(client, enlace_a):
    from tests.factories import PASSWORD

    antes = time.time()
    client.post(reverse("login"), {"username": "enlace_a", "password": PASSWORD})
    assert client.session[middleware.INICIO] >= antes
    assert client.session[middleware.ACTIVIDAD] >= antes


def test_passwords_need_twelve_characters(client, enlace_a):
    client.force_login(enlace_a)
    corta = "Xq7#pLm2vR9"  # 11 characters, otherwise strong
    respuesta = client.post(
        reverse("password_change"),
        {"old_password": "clave-de-prueba-2022", "new_password1": corta, "new_password2": corta},
    )
    assert respuesta.status_code == 200
    assert "al menos 12 caracteres" in respuesta.text


# --- The secret key ---


def _clave_de_ejemplo() -> str:
    for linea in (RAIZ / ".env.example").read_text().splitlines():
        if linea.startswith("SECRET_KEY="):
            return linea.removeprefix("SECRET_KEY=")
    raise AssertionError(".env.example has no SECRET_KEY line")


def test_the_check_knows_the_example_key_of_env_example():
    assert _clave_de_ejemplo() == checks.CLAVE_DE_EJEMPLO


@pytest.mark.parametrize(
    "clave", [_clave_de_ejemplo(), "k" * 49], ids=["clave-de-ejemplo", "clave-corta"]
)
def test_without_debug_the_example_or_a_short_key_is_a_system_check_error(settings, clave):
    settings.DEBUG = False
    settings.SECRET_KEY = clave
    errores = [e for e in run_checks() if e.id == "avgm.E003"]
    assert len(errores) == 1 and errores[0].is_serious()


def test_a_long_random_key_passes_the_check(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "p9#Lq2vX8m@Rk4wZ1t6Y0u3I5o2A8s7D6f4G1h9J3k5L0z2X8c6V4b1N7m3Q5w7E"
    assert not [e for e in run_checks() if e.id == "avgm.E003"]


# Templates served to a browser under the CSP: no inline <style>/<script>, no style= or on*=.
# E-mails (read by mail clients), the PDFs (read by WeasyPrint) and SVG charts (presentation
# attributes) are not subject to the page's CSP.
_NO_SUJETAS = (
    "/correo/",
    "informes/_pdf_base.html",
    "informes/pdf.html",
    "informes/estatal/pdf.html",
    "/graficas/",
)
_INLINE = re.compile(
    r"<style\b|\sstyle\s*=|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE
)


def test_no_template_served_under_the_csp_carries_inline_code_or_style():
    raiz = Path(settings.BASE_DIR) / "templates"
    hallazgos = [
        f"{ruta.relative_to(raiz)}: {m.group(0).strip()}"
        for ruta in sorted(raiz.rglob("*.html"))
        if not any(p in ruta.as_posix() for p in _NO_SUJETAS)
        for m in _INLINE.finditer(ruta.read_text(encoding="utf-8"))
    ]
    assert hallazgos == []
