"""The whole quarterly cycle in a real browser: submit, return, correct, resubmit, approve."""

import re

import pytest
from playwright.sync_api import Page, expect

from fichas.models import FichaTecnica
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()


def test_the_whole_cycle_of_a_ficha(
    abrir, live_server, meta_a, enlace_a, analista, media_tmp, tmp_path
):
    evidencia = tmp_path / "lista-asistencia.pdf"
    evidencia.write_bytes(b"%PDF-1.4\n%prueba\n%%EOF\n")

    # 1. The enlace logs in, starts the ficha, fills it, attaches evidence and submits.
    enlace = abrir()
    enlace.on("dialog", lambda d: d.accept())
    _entrar(enlace, live_server, "enlace_a")
    expect(enlace.get_by_role("heading", name="Mis fichas técnicas")).to_be_visible()
    enlace.get_by_role("link", name="T1 2022").click()  # the home opens on the current one, T2
    enlace.get_by_role("button", name="Iniciar ficha").first.click()
    enlace.get_by_label("Cantidad alcanzada en el periodo").fill("10")
    enlace.get_by_label("Actividades realizadas").fill("Dos talleres de sensibilización.")
    enlace.get_by_label("Lugar (colonia o sector)").fill("Calle Falsa 123")
    enlace.get_by_label("Mujeres, 18 a 29 años").fill("25")
    enlace.get_by_role("button", name="Guardar borrador").click()
    expect(enlace.get_by_text("Ficha guardada como borrador.")).to_be_visible()
    enlace.get_by_label("Archivo").set_input_files(str(evidencia))
    enlace.get_by_label("Medio de verificación").fill("Lista de asistencia")
    enlace.get_by_role("button", name="Agregar evidencia").click()
    expect(enlace.get_by_role("link", name="lista-asistencia.pdf", exact=True)).to_be_visible()
    enlace.get_by_label("Envío aunque falten medios").check()
    enlace.get_by_role("button", name="Enviar al IMM").click()
    expect(enlace.get_by_text(re.compile("Ficha enviada al IMM con folio"))).to_be_visible()
    ficha = FichaTecnica.objects.get()
    assert ficha.estado == "enviada"

    # 2. The analista opens it from the queue and returns it, pinned to the place.
    revisora = abrir()
    _entrar(revisora, live_server, "analista")
    revisora.get_by_role("link", name=ficha.folio).click()
    revisora.locator("#id_obs-0-codigo").select_option(label="Otra")
    revisora.locator("#id_obs-0-texto").fill("Anote la colonia o sector, no un domicilio.")
    revisora.get_by_text("Señalar campos de la ficha").first.click()
    revisora.locator("#form-devolver").get_by_label("Lugar (colonia o sector)").check()
    revisora.get_by_role("button", name="Devolver al enlace").click()
    expect(revisora.get_by_text(re.compile("devuelta con observaciones"))).to_be_visible()

    # 3. The enlace sees the field highlighted, corrects it and resubmits.
    enlace.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    expect(enlace.locator("#observaciones")).to_contain_text(
        "Anote la colonia o sector, no un domicilio."
    )
    lugar = enlace.get_by_label(re.compile("Lugar \\(colonia o sector\\)"))
    expect(lugar).to_have_class(re.compile("campo-observado"))
    lugar.fill("Sector Centro")
    # "Enviar al IMM" saves what is on screen and submits it in one step.
    enlace.get_by_label("Envío aunque falten medios").check()
    enlace.get_by_role("button", name="Enviar al IMM").click()
    expect(enlace.get_by_text(re.compile("Ficha enviada al IMM"))).to_be_visible()

    # 4. The analista sees what changed and approves.
    revisora.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    cambios = revisora.locator("#cambios")
    expect(cambios).to_contain_text("Calle Falsa 123")
    expect(cambios).to_contain_text("Sector Centro")
    revisora.get_by_role("button", name="Aprobar").click()
    expect(revisora.get_by_text(re.compile("aprobada"))).to_be_visible()

    # The history shows the four steps.
    revisora.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    historial = revisora.locator("#historial")
    for paso in ["Envío", "Devolución con observaciones", "Aprobación"]:
        expect(historial).to_contain_text(paso)
    expect(historial.get_by_text("Envío", exact=True)).to_have_count(2)
    revisora.screenshot(path=str(tmp_path / "aprobada.png"), full_page=True)
    ficha.refresh_from_db()
    assert ficha.estado == "aprobada"
