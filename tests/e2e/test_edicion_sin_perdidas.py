"""Every page that edits keeps what was typed: each button saves it, leaving asks, long text
saves itself, and a session that ends (idle, or renewed in another tab) never eats typing."""

import datetime
import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from avgm.models import EvaluacionGIM
from avgm.plataforma import middleware
from dependencias.models import SolicitudModificacion
from fichas.models import FichaTecnica
from informes.models import NarrativaCorte
from planeacion import workflow
from planeacion.models import PropuestaMeta
from tests.factories import PASSWORD, FichaFactory, MetaFactory, RecomendacionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LARGO = "Un párrafo largo que escribí durante media hora y que no quiero volver a escribir."


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    _credenciales(pagina, usuario)


def _credenciales(pagina: Page, usuario: str) -> None:
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()
    pagina.wait_for_url(lambda url: "/login/" not in url)


def _sesion(pagina: Page):
    motor = import_module(settings.SESSION_ENGINE)
    clave = next(c["value"] for c in pagina.context.cookies() if c["name"] == "sessionid")
    return motor.SessionStore(session_key=clave)


def _inactiva(pagina: Page, segundos: float) -> None:
    """The session's last activity `segundos` ago, as if the person had been typing only."""
    sesion = _sesion(pagina)
    sesion[middleware.ACTIVIDAD] = time.time() - segundos
    sesion.save()


def _vencer(pagina: Page) -> None:
    _inactiva(pagina, (settings.AVGM_SESION_INACTIVIDAD_MINUTOS + 1) * 60)


def _volver_a_entrar(pagina: Page, usuario: str) -> None:
    """Sent to the login page by a save after the end: log in, land back on the page."""
    expect(pagina.get_by_text("Lo que escribió quedó guardado")).to_be_visible()
    _credenciales(pagina, usuario)
    expect(pagina.locator("#rescate")).to_contain_text(
        "Recuperamos lo que escribió antes de que terminara su sesión"
    )


def _abrir_como(abrir, live_server, usuario: str) -> Page:
    pagina = abrir()
    _entrar(pagina, live_server, usuario)
    return pagina


@pytest.fixture
def ronda(analista):
    return workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=20), usuario=analista
    )


@pytest.fixture
def propuesta(ronda, dependencia_a, enlace_a):
    return workflow.propuesta_crear(
        ronda=ronda,
        dependencia=dependencia_a,
        usuario=enlace_a,
        datos={
            "descripcion": "Talleres en secundarias",
            "recomendaciones": [RecomendacionFactory(clave="R-1")],
            "unidad_medida": "Talleres",
            "t1": 16,
        },
    )


# --- The proposal ---


def test_send_without_saving_sends_what_is_on_screen(abrir, live_server, propuesta):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/planeacion/propuestas/{propuesta.pk}/")
    pagina.get_by_label("Programado T1").fill("77")
    pagina.get_by_label("Unidad de medida").fill("Personas capacitadas")
    pagina.get_by_role("button", name="Enviar al IMM").click()
    expect(pagina.get_by_text("Propuesta enviada al IMM.")).to_be_visible()
    propuesta.refresh_from_db()
    assert (propuesta.estado, propuesta.t1, propuesta.unidad_medida) == (
        PropuestaMeta.Estado.ENVIADA, 77, "Personas capacitadas",
    )  # fmt: skip


def test_the_proposal_saves_itself_while_typing_and_leaving_asks(abrir, live_server, propuesta):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.clock.install()
    pagina.goto(f"{live_server.url}/planeacion/propuestas/{propuesta.pk}/")
    pagina.locator("#id_descripcion").fill(LARGO)
    pagina.clock.fast_forward(16_000)
    expect(pagina.get_by_role("status").filter(has_text="Guardado a las")).to_be_visible()
    propuesta.refresh_from_db()
    assert propuesta.descripcion == LARGO

    # A later edit still goes through: the page took the new version.
    pagina.get_by_label("Programado T2").fill("5")
    dialogos = []
    pagina.on("dialog", lambda d: (dialogos.append(d.type), d.dismiss()))
    pagina.close(run_before_unload=True)
    pagina.wait_for_timeout(500)
    assert dialogos == ["beforeunload"]


# --- The ficha ---


def test_a_ficha_saved_after_the_idle_end_is_offered_back_after_login(abrir, live_server, ficha_a):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    pagina.locator("#id_obstaculos").fill(LARGO)
    _vencer(pagina)  # 35 minutes of typing make no request
    pagina.get_by_role("button", name="Guardar borrador").click()

    _volver_a_entrar(pagina, "enlace_a")
    assert pagina.url.endswith(f"/fichas/{ficha_a.pk}/")
    expect(pagina.locator("#id_obstaculos")).to_have_value(LARGO)
    pagina.screenshot(path="/tmp/editar-recuperado.png", full_page=False)
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text(re.compile("Ficha guardada como borrador"))).to_be_visible()
    ficha_a.refresh_from_db()
    assert ficha_a.obstaculos == LARGO


def test_a_save_from_a_tab_older_than_a_new_login_keeps_the_text(abrir, live_server, ficha_a):
    vieja = _abrir_como(abrir, live_server, "enlace_a")
    vieja.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    vieja.locator("#id_obstaculos").fill(LARGO)
    otra = vieja.context.new_page()  # logs out and in again: a new CSRF token
    otra.goto(f"{live_server.url}/")
    otra.locator("form[action$='/logout/']").evaluate("f => f.submit()")
    otra.wait_for_url(lambda url: "/login/" in url)
    _credenciales(otra, "enlace_a")

    vieja.on("dialog", lambda d: d.accept())
    vieja.get_by_role("button", name="Guardar borrador").click()
    expect(vieja.get_by_role("heading", level=1)).to_have_text(
        "No se guardó: la página era de una sesión anterior"
    )
    vieja.screenshot(path="/tmp/editar-csrf.png")
    vieja.get_by_role("link", name="Volver a la página y recuperar lo escrito").click()
    expect(vieja.locator("#id_obstaculos")).to_have_value(LARGO)


def test_the_ficha_saves_itself_while_typing(abrir, live_server, ficha_a):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.clock.install()
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    pagina.locator("#id_coordinacion").fill(LARGO)
    pagina.clock.fast_forward(16_000)
    expect(pagina.get_by_role("status").filter(has_text="Guardado a las")).to_be_visible()
    ficha_a.refresh_from_db()
    assert (ficha_a.coordinacion, ficha_a.estado) == (LARGO, FichaTecnica.Estado.BORRADOR)
    # Then a button press saves again over the version the automatic save left.
    pagina.locator("#id_lugar").fill("Sector Norte")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text(re.compile("Ficha guardada como borrador"))).to_be_visible()
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Norte"


def test_a_long_paste_is_kept_whole_counted_and_refused_with_its_length(
    abrir, live_server, ficha_a
):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    campo = pagina.locator("#id_actividades")
    campo.fill("x" * 20_000)
    assert len(campo.input_value()) == 20_000  # not cut at 10,000
    expect(pagina.locator("#id_actividades_contador")).to_have_text(
        "20,000 de 10,000 caracteres: sobran 10,000"
    )
    expect(pagina.locator("#avisos-edicion")).to_contain_text("el máximo es 10,000")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(
        pagina.get_by_text("El texto tiene 20,000 caracteres; el máximo es 10,000.").first
    ).to_be_visible()
    assert len(pagina.locator("#id_actividades").input_value()) == 20_000


# --- The session warning ---


def test_a_warning_before_the_idle_end_keeps_the_session_with_one_button(
    abrir, live_server, ficha_a
):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.clock.install()
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    aviso = pagina.get_by_role("alertdialog", name="Su sesión está por terminar")
    expect(aviso).to_be_hidden()
    # 26 minutes reading the page, with no request: 4 minutes are left.
    pagina.clock.fast_forward((settings.AVGM_SESION_INACTIVIDAD_MINUTOS - 4) * 60_000)
    expect(aviso).to_be_visible()
    expect(aviso).to_contain_text("Quedan 4 minutos")
    boton = aviso.get_by_role("button", name="Seguir trabajando")
    expect(boton).to_be_focused()
    pagina.screenshot(path="/tmp/editar-aviso.png")
    _inactiva(pagina, 26 * 60)  # the server's mark agrees with the page's clock
    antes = time.time()
    pagina.keyboard.press("Enter")
    expect(aviso).to_be_hidden()
    assert _sesion(pagina)[middleware.ACTIVIDAD] >= antes


def test_typing_keeps_the_session_alive(abrir, live_server, ficha_a):
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.clock.install()
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    pagina.clock.fast_forward(20 * 60_000)  # 20 minutes writing: no request yet
    _inactiva(pagina, 20 * 60)
    antes = time.time()
    with pagina.expect_response(lambda r: "/sesion/seguir/" in r.url) as seguir:
        pagina.locator("#id_obstaculos").press_sequentially("Lluvia")
    assert seguir.value.status == 200
    assert _sesion(pagina)[middleware.ACTIVIDAD] >= antes
    # Ten more minutes: past the old idle end, and no warning (the typing counted).
    pagina.clock.fast_forward(10 * 60_000)
    expect(pagina.get_by_role("alertdialog")).to_be_hidden()


# --- The planning's other forms, the narrative, the GIM ---


def test_a_new_meta_typed_before_the_idle_end_is_offered_back(
    abrir, live_server, ronda, dependencia_a, enlace_a
):
    RecomendacionFactory(clave="R-9", texto="Difundir los servicios.")
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/planeacion/2023/dependencias/{dependencia_a.pk}/nueva/")
    pagina.locator("#id_descripcion").fill(LARGO)
    pagina.get_by_role("checkbox", name=re.compile("^R-9 — Difundir")).check()
    pagina.get_by_label("Programado T3").fill("6")
    _vencer(pagina)
    pagina.get_by_role("button", name="Guardar borrador").click()

    _volver_a_entrar(pagina, "enlace_a")
    expect(pagina.locator("#id_descripcion")).to_have_value(LARGO)
    expect(pagina.get_by_label("Programado T3")).to_have_value("6")
    expect(pagina.locator("[data-chips] button")).to_have_text([re.compile("^R-9")])
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text("Propuesta guardada como borrador")).to_be_visible()
    nueva = PropuestaMeta.objects.get()
    assert (nueva.descripcion, nueva.t3, [r.clave for r in nueva.recomendaciones.all()]) == (
        LARGO, 6, ["R-9"],
    )  # fmt: skip


def test_a_modification_request_typed_before_the_idle_end_is_offered_back(
    abrir, live_server, propuesta, analista
):
    workflow.propuesta_enviar(propuesta=propuesta, usuario=propuesta.propuesta_por,
                              version=propuesta.version)  # fmt: skip
    propuesta.refresh_from_db()
    acordada = workflow.propuesta_acordar(propuesta=propuesta, usuario=analista,
                                          version=propuesta.version)  # fmt: skip
    pagina = _abrir_como(abrir, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/planeacion/metas/{acordada.meta_id}/")
    pagina.get_by_label("Programado T2").fill("9")
    pagina.get_by_label("Justificación").fill(LARGO)
    _vencer(pagina)
    pagina.get_by_role("button", name="Solicitar modificación").click()

    _volver_a_entrar(pagina, "enlace_a")
    expect(pagina.get_by_label("Justificación")).to_have_value(LARGO)
    pagina.get_by_role("button", name="Solicitar modificación").click()
    expect(pagina.get_by_text("Solicitud de modificación registrada")).to_be_visible()
    assert SolicitudModificacion.objects.get().justificacion == LARGO


def test_the_narrative_typed_before_the_idle_end_is_offered_back_and_leaving_asks(
    abrir, live_server, analista
):
    FichaFactory()  # a 2022 ejercicio with its periodos
    pagina = _abrir_como(abrir, live_server, "analista")
    pagina.goto(f"{live_server.url}/informes/corte/2022/T2/narrativa/")
    campo = pagina.locator("#id_compromisos")
    campo.fill(LARGO)
    _vencer(pagina)
    pagina.get_by_role("button", name="Guardar narrativa").click()

    _volver_a_entrar(pagina, "analista")
    expect(pagina.locator("#id_compromisos")).to_have_value(LARGO)
    dialogos = []
    pagina.on("dialog", lambda d: (dialogos.append(d.type), d.dismiss()))
    pagina.get_by_role("link", name="Cancelar").click()
    assert dialogos == ["beforeunload"]
    pagina.get_by_role("button", name="Guardar narrativa").click()
    expect(pagina.get_by_text(re.compile("Narrativa del corte .* guardada"))).to_be_visible()
    assert NarrativaCorte.objects.get().compromisos == LARGO


def test_a_gim_evaluation_typed_before_the_idle_end_is_offered_back(abrir, live_server, analista):
    recomendaciones = [RecomendacionFactory(clave=f"R-{n:03d}") for n in range(1, 6)]
    MetaFactory(recomendaciones=recomendaciones)
    pagina = _abrir_como(abrir, live_server, "analista")
    pagina.goto(f"{live_server.url}/informes/gim/nueva/")
    pagina.locator("#id_fecha").fill("2022-11-30")
    pagina.locator("#id_referencia").fill("Dictamen GIM noviembre")
    pagina.get_by_label("Comentario sobre R-004").fill(LARGO)
    _vencer(pagina)
    pagina.get_by_role("button", name="Guardar evaluación").click()

    _volver_a_entrar(pagina, "analista")
    expect(pagina.get_by_label("Comentario sobre R-004")).to_have_value(LARGO)
    pagina.get_by_role("button", name="Guardar evaluación").click()
    expect(
        pagina.get_by_text("Evaluación del GIM «Dictamen GIM noviembre» guardada.")
    ).to_be_visible()
    evaluacion = EvaluacionGIM.objects.get()
    assert evaluacion.valoraciones.get(recomendacion__clave="R-004").comentario == LARGO
