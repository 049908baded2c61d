"""The whole planning round in a real browser: open, carry forward, propose, return, agree."""

import re

import pytest
from playwright.sync_api import Page, expect

from dependencias.models import Meta
from planeacion.models import PropuestaMeta
from tests.factories import PASSWORD, MetaFactory, RecomendacionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()


def test_the_whole_planning_round(abrir, live_server, dependencia_a, enlace_a, analista):
    rec_a = RecomendacionFactory(clave="R-101", texto="Capacitar al funcionariado.")
    rec_b = RecomendacionFactory(clave="R-102", texto="Difundir los servicios de atención.")
    MetaFactory(clave="JRZ-2022-001", dependencia=dependencia_a, programado={1: 10, 2: 10},
                recomendaciones=[rec_a])  # fmt: skip
    MetaFactory(clave="JRZ-2022-002", dependencia=dependencia_a, programado={2: 4},
                recomendaciones=[rec_b])  # fmt: skip

    # 1. The analista opens the planning of 2023.
    imm = abrir()
    _entrar(imm, live_server, "analista")
    imm.goto(f"{live_server.url}/planeacion/")
    imm.get_by_label("Ejercicio que se planea").fill("2023")
    imm.get_by_label("Fecha límite de propuestas").fill("2099-01-31")
    imm.get_by_role("button", name="Abrir planeación").click()
    expect(imm.get_by_text("Planeación 2023 abierta")).to_be_visible()

    # 2. The enlace carries two metas forward and proposes a new one; sends the three.
    enlace = abrir()
    enlace.on("dialog", lambda d: d.accept())
    _entrar(enlace, live_server, "enlace_a")
    planeacion = f"{live_server.url}/planeacion/2023/dependencias/{dependencia_a.pk}/"
    for clave in ("JRZ-2022-001", "JRZ-2022-002"):
        enlace.goto(planeacion)
        enlace.get_by_role("button", name=f"Arrastrar a 2023 la meta {clave}").click()
        expect(enlace.get_by_text(f"Meta {clave} copiada")).to_be_visible()
        enlace.get_by_role("button", name="Enviar al IMM").click()
        expect(enlace.get_by_text("Propuesta enviada al IMM.")).to_be_visible()
    enlace.goto(planeacion)
    enlace.screenshot(path="/tmp/h15-e2e-enlace.png", full_page=True)
    enlace.get_by_role("link", name="Proponer una meta nueva").click()
    enlace.locator("#id_descripcion").fill("Campaña de prevención en secundarias")
    enlace.get_by_role("checkbox", name=re.compile("^R-102 — Difundir")).check()
    enlace.get_by_label("Programado T3").fill("6")
    enlace.get_by_role("button", name="Guardar borrador").click()
    enlace.get_by_role("button", name="Enviar al IMM").click()
    expect(enlace.get_by_text("Propuesta enviada al IMM.")).to_be_visible()

    # 3. The analista returns the first one with an observación pinned to T1, agrees the others.
    primera, segunda, nueva = PropuestaMeta.objects.order_by("pk")
    imm.goto(f"{live_server.url}/planeacion/2023/")
    expect(imm.get_by_text("Propuestas por revisar (3)")).to_be_visible()
    imm.goto(f"{live_server.url}/planeacion/propuestas/{primera.pk}/")
    imm.locator("#id_obs-0-codigo").select_option(label="Otro")
    imm.locator("#id_obs-0-texto").fill("El T1 es alto para el arranque del año.")
    imm.locator("input[name='obs-0-campos'][value='t1']").check()  # «Programado T1»
    imm.get_by_role("button", name="Devolver al enlace").click()
    expect(imm.get_by_text(re.compile("devuelta con observaciones"))).to_be_visible()
    for p in (segunda, nueva):
        imm.goto(f"{live_server.url}/planeacion/propuestas/{p.pk}/")
        imm.get_by_role("button", name="Acordar la meta").click()
        expect(imm.get_by_text(re.compile("acordada: ya es meta oficial de 2023"))).to_be_visible()

    # 4. The enlace sees the observación on the field, adjusts and resubmits.
    enlace.goto(f"{live_server.url}/planeacion/propuestas/{primera.pk}/")
    expect(enlace.locator("#observaciones")).to_contain_text("El T1 es alto para el arranque")
    expect(enlace.get_by_label("Programado T1")).to_have_class(re.compile("campo-observado"))
    enlace.get_by_label("Programado T1").fill("6")
    enlace.get_by_role("button", name="Guardar cambios").click()
    enlace.get_by_role("button", name="Enviar al IMM").click()
    expect(enlace.get_by_text("Propuesta enviada al IMM.")).to_be_visible()

    # 5. The analista sees what changed and agrees it.
    imm.goto(f"{live_server.url}/planeacion/propuestas/{primera.pk}/")
    cambios = imm.locator("#cambios")
    expect(cambios).to_contain_text("Programado T1")
    expect(cambios).to_contain_text("10")
    expect(cambios).to_contain_text("6")
    imm.get_by_role("button", name="Acordar la meta").click()
    imm.goto(f"{live_server.url}/planeacion/2023/")
    imm.screenshot(path="/tmp/h15-e2e-analista.png", full_page=True)

    # The three are official metas of 2023 with their programación and who agreed them.
    metas = {
        m.clave: m
        for m in Meta.objects.filter(ejercicio__anio=2023).prefetch_related("programacion")
    }
    assert set(metas) == {"JRZ-2023-001", "JRZ-2023-002", "DIF-2023-01"}
    assert {p.periodo.numero: p.cantidad for p in metas["JRZ-2023-001"].programacion.all()} == {
        1: 6, 2: 10,
    }  # fmt: skip
    assert {p.periodo.numero: p.cantidad for p in metas["DIF-2023-01"].programacion.all()} == {3: 6}
    assert all(m.acordada_por == analista and m.propuesta_por == enlace_a for m in metas.values())
