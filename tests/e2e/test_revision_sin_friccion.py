"""Review without friction, in Chromium: evidence viewed in the page, a file over the limit
refused before it is sent, the stale-tab page, the planning return, and no 404 on any page
(the favicon). Screenshots go to /tmp/revision-*.png."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from fichas import workflow
from fichas.models import CodigoObservacion, Evidencia
from planeacion import workflow as planeacion
from tests.factories import PASSWORD, MetaFactory, RecomendacionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CAPTURAS = "/tmp"


def _pdf(texto: str) -> bytes:
    """A small valid one-page PDF that says `texto`."""
    flujo = f"BT /F1 24 Tf 72 720 Td ({texto}) Tj ET".encode()
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(flujo) + flujo + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    salida, posiciones = b"%PDF-1.4\n", []
    for n, cuerpo in enumerate(objetos, start=1):
        posiciones.append(len(salida))
        salida += b"%d 0 obj\n" % n + cuerpo + b"\nendobj\n"
    xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    salida += b"".join(b"%010d 00000 n \n" % p for p in posiciones)
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objetos) + 1,
        xref,
    )
    return salida


def _entrar(pagina: Page, live_server, usuario: str) -> None:
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()
    pagina.wait_for_url(lambda url: "/login/" not in url)


def _sin_404(pagina: Page) -> list[str]:
    """Collect every response of the page that is a 404."""
    perdidos: list[str] = []
    pagina.on("response", lambda r: perdidos.append(r.url) if r.status == 404 else None)
    return perdidos


def test_a_pdf_evidence_is_viewed_in_the_page(
    abrir, browser, live_server, ficha_a, enlace_a, media_tmp
):
    evidencia = Evidencia(
        ficha=ficha_a,
        subida_por=enlace_a,
        nombre_original="lista-de-asistencia.pdf",
        tipo_contenido="application/pdf",
        descripcion="Lista de asistencia del taller",
        medio_verificacion="Lista de asistencia",
        contiene_datos_personales=False,
    )
    contenido = _pdf("Lista de asistencia - taller del 3 de marzo")
    evidencia.tamano = len(contenido)
    evidencia.archivo.save("lista-de-asistencia.pdf", ContentFile(contenido), save=True)

    pagina = abrir()
    perdidos = _sin_404(pagina)
    _entrar(pagina, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    pagina.get_by_role("link", name="Ver lista-de-asistencia.pdf en la página").click()
    expect(pagina.get_by_role("heading", name="lista-de-asistencia.pdf")).to_be_visible()
    visor = pagina.locator("iframe#visor")
    expect(visor).to_be_visible()
    assert perdidos == []
    # Chromium's PDF viewer draws nothing while Playwright routes requests (the guard above):
    # the picture is taken in a context of the same session without routing. The page asks
    # for nothing outside the portal (its CSP allows only 'self').
    contexto = browser.new_context(storage_state=pagina.context.storage_state(), locale="es-MX")
    visible = contexto.new_page()
    visible.goto(pagina.url)
    visible.wait_for_timeout(4000)  # let the PDF viewer draw
    visible.screenshot(path=f"{CAPTURAS}/revision-vista-previa.png")
    contexto.close()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    abrir, live_server, ficha_a, enlace_a, media_tmp, tmp_path
):
    pagina = abrir()
    perdidos = _sin_404(pagina)
    envios: list[str] = []
    pagina.on("request", lambda r: envios.append(r.url) if r.method == "POST" else None)
    _entrar(pagina, live_server, "enlace_a")
    envios.clear()
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    grande = tmp_path / "fotos-del-taller.pdf"
    grande.write_bytes(b"%PDF-1.4 " + b"0" * int(10.5 * 1024 * 1024))
    pagina.locator("#id_archivo").set_input_files(grande, timeout=60_000)
    aviso = pagina.get_by_role("alert").filter(has_text="fotos-del-taller.pdf")
    expect(aviso).to_have_text(
        "El archivo «fotos-del-taller.pdf» pesa 10.5 MB; el máximo es 10 MB. "
        "No se envió: elija un archivo más pequeño."
    )
    assert pagina.locator("#id_archivo").evaluate("i => i.files.length") == 0
    expect(pagina.locator("#id_archivo")).to_have_attribute("aria-invalid", "true")
    pagina.locator("#agregar-evidencia").screenshot(path=f"{CAPTURAS}/revision-archivo-grande.png")
    assert envios == [] and perdidos == []
    assert not Evidencia.objects.exists()


def test_a_stale_tab_of_the_same_person_says_so_and_marks_what_differs(
    abrir, live_server, ficha_a, enlace_a
):
    pagina = abrir()
    pagina.on("dialog", lambda d: d.accept())
    _entrar(pagina, live_server, "enlace_a")
    pagina.goto(f"{live_server.url}/fichas/{ficha_a.pk}/")
    pagina.locator("#id_lugar").fill("Sector Norte")
    pagina.locator("#id_obstaculos").fill("Lluvia")
    # Meanwhile, in another tab, the same enlace saved another place.
    workflow.ficha_guardar(
        ficha=ficha_a,
        usuario=enlace_a,
        datos={"lugar": "Sector Sur", "obstaculos": "Lluvia"},
        version=ficha_a.version,
    )
    pagina.get_by_role("button", name="Guardar borrador").first.click()
    aviso = pagina.locator("#desfase")
    expect(aviso).to_contain_text("Usted mismo, en otra pestaña o ventana, modificó esta ficha")
    expect(aviso).to_contain_text("1 campo de lo que usted envió no coincide con lo guardado")
    expect(aviso.get_by_text("⚠ Distinto de lo guardado")).to_have_count(1)
    aviso.screenshot(path=f"{CAPTURAS}/revision-conflicto.png")


def test_the_enlace_reads_planning_codes_and_the_general_comment(
    abrir, live_server, dependencia_a, enlace_a, analista
):
    ronda = planeacion.ronda_abrir(
        anio=2023,
        fecha_limite=timezone.localdate() + datetime.timedelta(days=30),
        usuario=analista,
    )
    meta = MetaFactory(
        dependencia=dependencia_a, programado={1: 10}, recomendaciones=[RecomendacionFactory()]
    )
    propuesta = planeacion.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)
    propuesta = planeacion.propuesta_enviar(
        propuesta=propuesta, usuario=enlace_a, version=propuesta.version
    )

    imm = abrir()
    _entrar(imm, live_server, "analista")
    imm.goto(f"{live_server.url}/planeacion/propuestas/{propuesta.pk}/")
    imm.locator("#id_obs-0-codigo").select_option(label="Unidad de medida inadecuada")
    imm.locator("#id_obs-0-texto").fill("Cuente personas capacitadas, no talleres.")
    imm.get_by_label("Comentario general (opcional)").fill(
        "La meta es pertinente; ajuste la unidad y la programación del T1."
    )
    imm.screenshot(path=f"{CAPTURAS}/revision-planeacion-devolver.png", full_page=True)
    imm.get_by_role("button", name="Devolver al enlace").click()
    expect(imm.get_by_text("devuelta con observaciones al enlace")).to_be_visible()

    enlace = abrir()
    perdidos = _sin_404(enlace)
    _entrar(enlace, live_server, "enlace_a")
    enlace.goto(f"{live_server.url}/planeacion/propuestas/{propuesta.pk}/")
    aviso = enlace.locator("#observaciones")
    expect(aviso).to_contain_text("Unidad de medida inadecuada")
    expect(aviso).to_contain_text("La meta es pertinente; ajuste la unidad y la programación")
    enlace.screenshot(path=f"{CAPTURAS}/revision-planeacion-enlace.png", full_page=True)
    assert perdidos == []
    assert CodigoObservacion.objects.filter(uso="propuesta").count() == 5


def test_no_page_logs_a_404_for_its_icon(abrir, live_server, analista):
    pagina = abrir()
    perdidos = _sin_404(pagina)
    pagina.goto(f"{live_server.url}/publico/")
    _entrar(pagina, live_server, "analista")
    pagina.goto(f"{live_server.url}/admin/")
    icono = pagina.request.get(f"{live_server.url}/favicon.ico")
    assert icono.status == 200 and "svg" in icono.headers["content-type"]
    assert pagina.locator('link[rel="icon"]').count() == 0  # the admin: /favicon.ico answers
    pagina.goto(f"{live_server.url}/fichas/cola/")
    expect(pagina.locator('link[rel="icon"]')).to_have_attribute("type", "image/svg+xml")
    assert perdidos == []


def test_the_analista_reads_each_answer_beside_its_change(
    abrir, live_server, ficha_a, enlace_a, analista
):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    ficha = workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[
            {
                "codigo": CodigoObservacion.objects.get(clave="otra"),
                "texto": "El lugar no es una colonia ni un sector.",
                "campos": ["lugar"],
            }
        ],
    )
    ficha = workflow.ficha_guardar(
        ficha=ficha, usuario=enlace_a, datos={"lugar": "Sector Sur"}, version=ficha.version
    )
    ficha = workflow.observacion_responder(
        observacion=ficha.observaciones.get(),
        usuario=enlace_a,
        version=ficha.version,
        respuesta="Corregido: el taller fue en el Sector Sur.",
    )
    workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)
    pagina = abrir()
    _entrar(pagina, live_server, "analista")
    pagina.goto(f"{live_server.url}/fichas/{ficha.pk}/")
    fila = pagina.locator("#cambio-lugar")
    expect(fila).to_contain_text("Sector Sur")
    expect(fila).to_contain_text("Respuesta del enlace: Corregido: el taller fue en el Sector Sur.")
    pagina.locator("#cambios").screenshot(path=f"{CAPTURAS}/revision-cambios-respuestas.png")
