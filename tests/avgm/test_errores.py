"""Every error a person can meet is a Spanish page in the portal's layout, with a way back."""

import datetime

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.urls import include, path, reverse

from avgm import views
from avgm.plataforma import roles
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _falla(request):
    raise RuntimeError("una falla del servidor")


def _sospechosa(request):
    raise SuspiciousOperation("solicitud alterada")


# This module doubles as a URLconf: the portal's URLs plus two views that fail on purpose.
urlpatterns = [
    path("prueba/falla/", _falla),
    path("prueba/sospechosa/", _sospechosa),
    path("", include("avgm.urls")),
]
handler400 = "avgm.views.error_400"
handler403 = "avgm.views.error_403"
handler404 = "avgm.views.error_404"
handler500 = "avgm.views.error_500"


@pytest.fixture(autouse=True)
def produccion(settings):
    settings.DEBUG = False


def test_the_portal_wires_its_own_error_pages():
    from avgm import urls

    assert urls.handler400 is views.error_400
    assert urls.handler403 is views.error_403
    assert urls.handler404 is views.error_404
    assert urls.handler500 is views.error_500


def test_an_unknown_address_is_a_spanish_404_with_the_way_home(client, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404
    assert [t.name for t in respuesta.templates][0] == "404.html"
    html = respuesta.text
    assert "No encontramos esta página" in html and "/no-existe/" in html
    assert f'href="{reverse("inicio")}">Ir al inicio' in html
    assert "Navegación principal" in html  # the portal's layout, menu included
    assert "Not Found" not in html


def test_a_missing_permission_is_a_403_that_says_why_and_leads_back_to_the_ficha(
    client, enlace_a, ficha_a
):
    client.force_login(enlace_a)
    respuesta = client.post(reverse("fichas:aprobar", args=[ficha_a.pk]))
    assert respuesta.status_code == 403
    assert [t.name for t in respuesta.templates][0] == "403.html"
    html = respuesta.text
    assert roles.NEGADO[roles.REVISAR] in html
    assert f'href="{reverse("fichas:ficha", args=[ficha_a.pk])}">Volver a la ficha' in html
    assert "Forbidden" not in html


def test_the_analista_is_offered_the_queue_from_an_error_page(client, analista):
    client.force_login(analista)
    html = client.get("/no-existe/").text
    assert f'href="{reverse("fichas:cola")}">Cola de revisión' in html


@pytest.mark.urls("tests.avgm.test_errores")
def test_a_bad_request_is_a_spanish_400(client, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.get("/prueba/sospechosa/")
    assert respuesta.status_code == 400
    assert "No se pudo procesar la solicitud" in respuesta.text
    assert f'href="{reverse("inicio")}">Ir al inicio' in respuesta.text


@pytest.mark.urls("tests.avgm.test_errores")
def test_a_server_error_is_a_spanish_500_in_the_portal_look(client, enlace_a):
    client.raise_request_exception = False
    client.force_login(enlace_a)
    respuesta = client.get("/prueba/falla/")
    assert respuesta.status_code == 500
    html = respuesta.text
    assert "Algo falló en el portal" in html and "Saltar al contenido" in html
    assert "/static/css/portal.css" in html
    assert "Server Error" not in html


def test_the_500_page_needs_neither_the_database_nor_a_user(django_assert_num_queries):
    solicitud = RequestFactory().get("/cualquiera/")  # no session, no user
    with django_assert_num_queries(0):
        respuesta = views.error_500(solicitud)
    assert respuesta.status_code == 500
    assert 'href="/">Ir al inicio' in respuesta.content.decode()


def _fallar_hasta_bloquear(client, settings, usuario="enlace_a"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": usuario, "password": "mala"})
    return client.post(reverse("login"), {"username": usuario, "password": PASSWORD})


def test_the_lockout_page_offers_exactly_what_unlocks_the_account(client, settings, enlace_a):
    settings.AXES_COOLOFF_TIME = 0.25  # hours, as AXES_COOLOFF_HORAS sets it
    respuesta = _fallar_hasta_bloquear(client, settings)
    assert respuesta.status_code == 429
    html = respuesta.text
    assert "429.html" in [t.name for t in respuesta.templates]
    assert "Acceso bloqueado temporalmente" in html
    assert (
        "la cuenta se desbloquea de inmediato" in html
    )  # a completed reset (avgm.plataforma.cuentas)
    assert "Esperar 15 minutos" in html
    assert "administración del portal en el IMM" in html
    assert f'href="{reverse("password_reset")}">Restablecer mi contraseña' in html


def test_the_lockout_advice_holds_waiting_unlocks_and_each_retry_restarts_the_wait(
    client, settings, enlace_a
):
    from axes.models import AccessAttempt

    def adelantar(tiempo):  # the clock moves: attempts become older
        for intento in AccessAttempt.objects.all():
            intento.attempt_time -= tiempo
            intento.save()

    def entrar():
        return client.post(reverse("login"), {"username": "enlace_a", "password": PASSWORD})

    assert _fallar_hasta_bloquear(client, settings).status_code == 429
    mitad = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME) / 2
    adelantar(mitad)
    assert entrar().status_code == 429  # a retry halfway restarts the wait...
    adelantar(mitad + datetime.timedelta(seconds=1))
    assert entrar().status_code == 429  # ...so the original wait is not enough
    adelantar(2 * mitad + datetime.timedelta(seconds=1))
    assert entrar().status_code == 302  # a whole wait without retrying unlocks


def test_too_many_reset_requests_get_a_429_that_says_what_to_do(client, settings, enlace_a):
    settings.AVGM_RESTABLECIMIENTOS_POR_HORA = 1
    primero = client.post(reverse("password_reset"), {"email": enlace_a.email})
    assert primero.status_code == 302
    respuesta = client.post(reverse("password_reset"), {"email": enlace_a.email})
    assert respuesta.status_code == 429
    html = respuesta.text
    assert "Ya se pidieron varios enlaces" in html
    assert "los enlaces que ya se enviaron siguen sirviendo" in html
    assert "espere una hora" in html
