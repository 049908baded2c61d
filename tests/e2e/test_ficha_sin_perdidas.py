"""Nothing typed on the ficha page is lost: every action saves it, stale tabs give it back."""

import re

import pytest
from playwright.sync_api import Page, expect

from fichas import workflow
from fichas.models import CodigoObservacion, Evidencia, FichaTecnica
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A distinct value for every field the enlace fills (the ficha is programmed 10 in T1).
TEXTOS = {
    "justificacion_no_aplica": "Sí aplica; se deja la nota por si acaso.",
    "justificacion_variacion": "Se sumaron dos grupos escolares.",
    "actividades": "Tres talleres de sensibilización\ncon personal de guardia.",
    "fechas_realizacion": "3, 10 y 17 de marzo",
    "lugar": "Sector Centro",
    "fuente_presupuesto": "Recurso municipal",
    "obstaculos": "Cambio de sede a última hora.",
    "coordinacion": "Con la Fiscalía Especializada.",
}


def _numeros() -> dict[str, str]:
    numeros = {c: str(i + 1) for i, c in enumerate(workflow.CAMPOS_EDITABLES[7:25])}
    return {"cantidad_alcanzada": "12", **numeros, "presupuesto_ejercido": "12500.50"}


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()
    pagina.wait_for_url(lambda url: "/login/" not in url)


def _observada(ficha, enlace, analista):
    """ficha_a sent and returned with one observación pinned to the place."""
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    return workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[
            {
                "codigo": CodigoObservacion.objects.first(),
                "texto": "Anote la colonia o sector.",
                "campos": ["lugar"],
            }
        ],
    )


def _valores_en_pantalla(pagina: Page) -> dict[str, str]:
    campos = [*TEXTOS, *_numeros()]
    return {c: pagina.locator(f"#id_{c}").input_value() for c in campos}


def _escribir(pagina: Page, valores: dict[str, str]) -> None:
    for campo, valor in valores.items():
        pagina.locator(f"#id_{campo}").fill(valor)


def test_every_action_on_the_page_keeps_and_saves_what_was_typed(
    abrir, live_server, ficha_a, enlace_a, analista, media_tmp, tmp_path
):
    ficha = _observada(ficha_a, enlace_a, analista)
    retirable = Evidencia.objects.create(
        ficha=ficha, url="https://juarez.gob.mx/fotos", subida_por=enlace_a
    )
    (observacion,) = ficha.observaciones.all()
    pdf = tmp_path / "lista-asistencia.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%prueba\n%%EOF\n")

    pagina = abrir()
    _entrar(pagina, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    escrito = {**TEXTOS, **_numeros()}
    _escribir(pagina, escrito)
    pagina.get_by_label("Su respuesta a esta observación").fill("Corregido: Sector Centro.")

    # 1. Add evidence: the fields and the answer being typed are saved, not thrown away.
    pagina.get_by_label("Archivo").set_input_files(str(pdf))
    pagina.get_by_label("Medio de verificación").fill("Lista de asistencia")
    pagina.get_by_role("button", name="Agregar evidencia").click()
    expect(pagina.get_by_text("Evidencia «lista-asistencia.pdf» agregada.")).to_be_visible()
    expect(pagina.get_by_role("link", name="lista-asistencia.pdf", exact=True)).to_be_visible()
    assert _valores_en_pantalla(pagina) == {**escrito, "presupuesto_ejercido": "12500.50"}
    expect(pagina.get_by_label("Su respuesta a esta observación")).to_have_value(
        "Corregido: Sector Centro."
    )
    ficha.refresh_from_db()
    assert (ficha.lugar, ficha.actividades.replace("\r\n", "\n"), ficha.mujeres_0_11) == (
        "Sector Centro",
        TEXTOS["actividades"],
        1,
    )
    observacion.refresh_from_db()
    assert observacion.respuesta == "Corregido: Sector Centro."

    # 2. Answer the observación after changing a field: the field is saved with the answer.
    pagina.locator("#id_lugar").fill("Sector Norte")
    pagina.get_by_label("Su respuesta a esta observación").fill("Es el Sector Norte.")
    pagina.get_by_role("button", name=re.compile("^Responder")).click()
    expect(pagina.get_by_text("Respuesta guardada")).to_be_visible()
    expect(pagina.locator("#id_lugar")).to_have_value("Sector Norte")
    observacion.refresh_from_db()
    ficha.refresh_from_db()
    assert (observacion.respuesta, ficha.lugar) == ("Es el Sector Norte.", "Sector Norte")

    # 3. Withdraw an evidence after changing another field: both happen.
    pagina.locator("#id_obstaculos").fill("Lluvia el día 17.")
    pagina.get_by_role("button", name="Retirar https://juarez.gob.mx/fotos").click()
    expect(pagina.get_by_text(re.compile("retirada \\(se conserva"))).to_be_visible()
    expect(pagina.locator("#id_obstaculos")).to_have_value("Lluvia el día 17.")
    retirable.refresh_from_db()
    ficha.refresh_from_db()
    assert retirable.retirada_en is not None and ficha.obstaculos == "Lluvia el día 17."

    # 4. A draft is never refused for a submission rule: it is saved and the rule is listed.
    pagina.locator("#id_justificacion_variacion").fill("")
    pagina.get_by_role("button", name="Guardar borrador").click()
    expect(pagina.get_by_text(re.compile("Ficha guardada como borrador"))).to_be_visible()
    expect(pagina.locator("#pendientes-envio")).to_contain_text("justifique la variación")
    ficha.refresh_from_db()
    assert (ficha.justificacion_variacion, ficha.cantidad_alcanzada) == ("", 12)

    # 5. Leaving with unsaved changes asks first. (Chromium shows that question only on a page
    # the person has interacted with: a click, as a person would, not only typed-in text.)
    pagina.locator("#id_lugar").click()
    pagina.locator("#id_lugar").fill("Otro sector")
    dialogos = []
    pagina.on("dialog", lambda d: (dialogos.append(d.type), d.dismiss()))
    pagina.close(run_before_unload=True)
    pagina.wait_for_timeout(500)
    assert dialogos == ["beforeunload"]


def test_a_stale_tab_gets_the_message_and_its_text_back(abrir, live_server, ficha_a, enlace_a):
    una = abrir()
    una.on("dialog", lambda d: d.accept())
    _entrar(una, live_server, "enlace_a")
    otra = una.context.new_page()
    for pagina in (una, otra):
        pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")

    una.get_by_label("Envío aunque falten medios").check()
    una.get_by_role("button", name="Enviar al IMM").click()
    expect(una.get_by_text(re.compile("Ficha enviada al IMM con folio"))).to_be_visible()

    otra.locator("#id_obstaculos").fill("Un párrafo largo que no quiero volver a escribir.")
    otra.get_by_role("button", name="Guardar borrador").click()
    aviso = otra.locator("#desfase")
    expect(aviso).to_contain_text("ya se envió al IMM")
    expect(aviso.get_by_label("Obstáculos")).to_have_value(
        "Un párrafo largo que no quiero volver a escribir."
    )
    ficha_a.refresh_from_db()
    assert (ficha_a.estado, ficha_a.obstaculos) == (FichaTecnica.Estado.ENVIADA, "")


def test_the_return_form_keeps_everything_typed_and_takes_many_observaciones(
    abrir, live_server, ficha_a, enlace_a, analista
):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    pagina = abrir()
    _entrar(pagina, live_server, "analista")
    pagina.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    devolver = pagina.locator("#form-devolver")
    devolver.locator("#id_obs-0-codigo").select_option(index=1)
    devolver.locator("#id_obs-0-texto").fill("Anote la colonia.")
    devolver.get_by_text("Señalar campos de la ficha").click()
    devolver.get_by_label("Lugar (colonia o sector)").check()
    devolver.get_by_label("Mujeres, 18 a 29 años").check()

    # «Agregar otra observación» works without JavaScript: one more form, nothing lost.
    for _ in range(2):
        pagina.get_by_role("button", name="Agregar otra observación").click()
    expect(devolver.locator("fieldset.observacion-form")).to_have_count(3)
    expect(devolver.locator("#id_obs-0-texto")).to_have_value("Anote la colonia.")
    expect(devolver.get_by_label("Lugar (colonia o sector)").first).to_be_checked()

    # An observación without a code: 400, the error, and every text still there.
    devolver.locator("#id_obs-1-texto").fill("Adjunte la lista de asistencia.")
    pagina.get_by_label("Comentario general").fill("Dos pendientes.")
    pagina.get_by_role("button", name="Devolver al enlace").click()
    expect(pagina.get_by_text("Elija el código de la observación.")).to_be_visible()
    expect(devolver.locator("#id_obs-1-texto")).to_have_value("Adjunte la lista de asistencia.")
    expect(pagina.get_by_label("Comentario general")).to_have_value("Dos pendientes.")
    assert FichaTecnica.objects.get(pk=ficha.pk).estado == FichaTecnica.Estado.ENVIADA

    devolver.locator("#id_obs-1-codigo").select_option(index=1)
    pagina.get_by_role("button", name="Devolver al enlace").click()
    expect(pagina.get_by_text(re.compile("devuelta con observaciones"))).to_be_visible()
    observaciones = list(ficha.observaciones.order_by("pk").values_list("texto", "campos"))
    assert observaciones == [
        ("Anote la colonia.", ["lugar", "mujeres_18_29"]),
        ("Adjunte la lista de asistencia.", []),
    ]
