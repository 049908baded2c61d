"""A session never eats typing: what a save posts after the session ended is kept for its
author and offered back on its page; typing keeps the session alive, never past its limit."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from avgm.plataforma import middleware, rescate
from fichas import workflow
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TEXTO = "Tres talleres con personal de guardia; el párrafo que no quiero volver a escribir."


def _marcas(client, **marcas):
    sesion = client.session
    for clave, valor in marcas.items():
        sesion[clave] = valor
    sesion.save()


def _entrar(client, usuario: str, siguiente: str = ""):
    datos = {"username": usuario, "password": PASSWORD}
    url = reverse("login") + (f"?next={siguiente}" if siguiente else "")
    return client.post(url, {**datos, "next": siguiente}, follow=True)


def _campos(ficha, **cambios) -> dict:
    """What the ficha page's one form posts."""
    datos = {c: getattr(ficha, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(con_ficha="1", version=ficha.version, accion="guardar", **cambios)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}


def _de(pagina: str) -> str:
    """The Referer a browser sends from that page of the portal."""
    return f"http://testserver{pagina}"


def _vencida(client, usuario: str):
    """Signed in through the login page (as a browser does), then idle past the limit."""
    _entrar(client, usuario)
    minutos = settings.AVGM_SESION_INACTIVIDAD_MINUTOS
    _marcas(client, **{middleware.ACTIVIDAD: time.time() - (minutos + 1) * 60})


def test_a_save_after_the_idle_end_is_kept_and_offered_back_after_login(client, ficha_a):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    _vencida(client, "enlace_a")

    respuesta = client.post(pagina, _campos(ficha_a, actividades=TEXTO), HTTP_REFERER=_de(pagina))

    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("login") + f"?next={pagina.replace('/', '%2F')}"
    ficha_a.refresh_from_db()
    assert ficha_a.actividades != TEXTO  # not saved by a session that had ended
    entrada = client.get(respuesta["Location"]).text
    assert "Lo que escribió quedó guardado" in entrada

    vuelta = _entrar(client, "enlace_a", pagina)
    assert vuelta.redirect_chain[-1][0] == pagina
    html = vuelta.text
    assert "Recuperamos lo que escribió antes de que terminara su sesión" in html
    assert TEXTO in html  # to copy, and in the data the page's script puts back in the form
    assert "csrfmiddlewaretoken" not in html.split('id="rescate"')[1].split("</section>")[0]
    # Offered once: the form holds it now.
    assert "Recuperamos lo que escribió" not in client.get(pagina).text


def test_kept_typing_is_offered_only_to_the_person_who_typed_it(ficha_a, analista):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    enlace = Client()
    _vencida(enlace, "enlace_a")
    enlace.post(pagina, _campos(ficha_a, actividades=TEXTO), HTTP_REFERER=_de(pagina))

    # Someone else on the same page (the analista reviewing it) never sees it.
    otra = Client()
    html = _entrar(otra, "analista", pagina).text
    assert "Recuperamos" not in html and TEXTO not in html

    assert TEXTO in _entrar(Client(), "enlace_a", pagina).text


def test_a_save_after_a_logout_in_another_tab_is_kept_for_who_was_signed_in(client, ficha_a):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    _entrar(client, "enlace_a")
    assert rescate.COOKIE in client.cookies
    client.post(reverse("logout"))  # the other tab

    respuesta = client.post(
        pagina, _campos(ficha_a, lugar="Sector Norte"), HTTP_REFERER=_de(pagina)
    )

    assert respuesta["Location"].startswith(reverse("login") + "?next=")
    assert "Sector Norte" in _entrar(client, "enlace_a", pagina).text


def test_without_knowing_who_typed_it_nothing_is_kept(client, ficha_a, enlace_a):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    respuesta = client.post(pagina, _campos(ficha_a, actividades=TEXTO), HTTP_REFERER=_de(pagina))
    assert respuesta.status_code == 302
    assert TEXTO not in _entrar(client, "enlace_a", pagina).text


def test_a_post_from_another_site_is_never_kept(client, ficha_a):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    _vencida(client, "enlace_a")
    client.post(pagina, _campos(ficha_a, actividades=TEXTO), HTTP_ORIGIN="https://otro.example")
    assert TEXTO not in _entrar(client, "enlace_a", pagina).text


def test_a_save_from_a_page_older_than_a_new_login_gets_a_spanish_page_and_keeps_the_text(
    ficha_a, enlace_a
):
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(enlace_a)
    navegador.get(pagina)
    # The page's token is from before a login in another tab, which renewed it.
    datos = {**_campos(ficha_a, actividades=TEXTO), "csrfmiddlewaretoken": "x" * 32}

    respuesta = navegador.post(pagina, datos, HTTP_REFERER=_de(pagina))

    assert respuesta.status_code == 403
    html = respuesta.text
    assert "No se guardó: la página era de una sesión anterior" in html
    assert "Lo que escribió quedó guardado" in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html
    ficha_a.refresh_from_db()
    assert ficha_a.actividades != TEXTO
    vuelta = navegador.get(pagina).text
    assert "Recuperamos lo que escribió" in vuelta and TEXTO in vuelta


def test_a_refused_token_with_nobody_to_keep_it_for_shows_the_text_to_copy(ficha_a):
    navegador = Client(enforce_csrf_checks=True)
    pagina = reverse("fichas:ficha", args=[ficha_a.pk])
    respuesta = navegador.post(pagina, {"actividades": TEXTO}, HTTP_REFERER=_de(pagina))
    assert respuesta.status_code == 403
    assert "Lo que usted escribió" in respuesta.text and TEXTO in respuesta.text


# --- Keep-alive ---


def test_typing_keeps_the_session_alive(client, enlace_a):
    _entrar(client, "enlace_a")
    minutos = settings.AVGM_SESION_INACTIVIDAD_MINUTOS
    _marcas(client, **{middleware.ACTIVIDAD: time.time() - (minutos - 2) * 60})

    respuesta = client.post(reverse("sesion_seguir"), HTTP_X_REQUESTED_WITH="fetch")

    assert respuesta.status_code == 200
    assert respuesta.json()["inactividad"] >= minutos * 60 - 5
    assert client.session[middleware.ACTIVIDAD] >= time.time() - 5


def test_keeping_alive_never_passes_the_absolute_limit(client, enlace_a):
    _entrar(client, "enlace_a")
    maximo = settings.AVGM_SESION_MAXIMA_HORAS * 3600
    _marcas(client, **{middleware.INICIO: time.time() - maximo + 90})

    restante = client.post(reverse("sesion_seguir"), HTTP_X_REQUESTED_WITH="fetch").json()
    assert restante["maximo"] <= 90 and restante["inactividad"] <= 90

    _marcas(client, **{middleware.INICIO: time.time() - maximo - 1})
    respuesta = client.post(reverse("sesion_seguir"), HTTP_X_REQUESTED_WITH="fetch")
    assert respuesta.status_code == 401
    assert respuesta.json()["sesion"] == "terminada"
    assert "_auth_user_id" not in client.session


def test_an_anonymous_keep_alive_is_refused(client):
    respuesta = client.post(reverse("sesion_seguir"))
    assert respuesta.status_code == 401
    assert client.get(reverse("sesion_seguir")).status_code in (401, 405)


def test_a_signed_in_page_says_how_long_the_session_has_left(client, enlace_a):
    _entrar(client, "enlace_a")
    html = client.get(reverse("inicio")).text
    minutos = settings.AVGM_SESION_INACTIVIDAD_MINUTOS
    assert f'data-minutos="{minutos}"' in html
    assert 'id="sesion-aviso"' in html and "Seguir trabajando" in html
    assert 'role="alertdialog"' in html


def test_the_catalogs_admin_pages_follow_the_same_rule(client):
    from avgm.models import Recomendacion
    from tests.factories import RecomendacionFactory, UserFactory

    recomendacion = RecomendacionFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:avgm_recomendacion_change", args=[recomendacion.pk])).text
    assert "js/edicion.js" in html  # leaving with unsaved changes asks; long texts counted
    limite = Recomendacion._meta.get_field("texto").max_length
    assert f'data-maxlength="{limite}"' in html
