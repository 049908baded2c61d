"""Production-shaped smoke test: nginx (TLS) → two gunicorn (DEBUG=0) → one PostgreSQL.

Not part of the normal run (marker `produccion`); `make humo` and `.ci/run` run it. Needs the
Debian nginx package, openssl and the local PostgreSQL. See tests/humo.py for the harness.
"""

import fcntl
import os
import re
import time

import pytest

from tests.humo import (
    CLAVE_DEMO,
    ORIGEN_CLIENTE,
    Navegador,
    arrancar,
    formulario,
    json_de,
    psql,
)

pytestmark = pytest.mark.produccion

PDF_MINIMO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONFLICTO = "modificó esta ficha mientras usted la tenía abierta"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    portal = arrancar(tmp_path_factory.mktemp("humo"))
    yield portal
    portal.detener()
    psql('DROP DATABASE IF EXISTS "avgm_humo" WITH (FORCE)')


@pytest.fixture(scope="module")
def datos(portal):
    """Ids from the demo: a ficha enlace.dif can still submit, two fichas awaiting review."""
    return portal.consulta(
        "from fichas.models import FichaTecnica as F\n"
        "from dependencias.models import Enlace\n"
        "deps = Enlace.objects.filter(usuario__username='enlace.dif').values('dependencia')\n"
        "editable = F.objects.filter(meta__dependencia__in=deps, periodo__cerrado=False,"
        " estado__in=['borrador', 'observada']).order_by('pk').first()\n"
        "enviadas = list(F.objects.filter(estado='enviada').order_by('pk')"
        ".values_list('pk', flat=True)[:2])\n"
        "resultado = {'editable': editable.pk, 'enviadas': enviadas}"
    )


def test_health_hsts_and_https_redirect_through_the_proxy(portal):
    navegador = Navegador(portal)

    salud = navegador.pedir("GET", "/salud/")
    sin_tls = navegador.pedir("GET", "/salud/", https=False)

    assert salud.status == 200 and json_de(salud)["estado"] == "ok"
    worker = [c for c in json_de(salud)["comprobaciones"] if c["nombre"] == "worker"]
    assert worker[0]["estado"] == "ok"  # the task worker beats
    assert "max-age=31536000" in salud.encabezado("Strict-Transport-Security")
    assert sin_tls.status == 301
    assert sin_tls.encabezado("Location").startswith(f"https://127.0.0.1:{portal.https}/")


def test_login_sets_secure_cookies(portal):
    navegador = Navegador(portal)

    respuesta = navegador.entrar("enlace.dif")

    assert respuesta.status == 302, respuesta.texto[:500]
    galletas = {c.split("=", 1)[0]: c.lower() for c in respuesta.cookies()}
    assert "secure" in galletas["sessionid"] and "httponly" in galletas["sessionid"]
    assert "secure" in galletas["csrftoken"]
    assert "samesite=lax" in galletas["sessionid"]


def test_an_enlace_submits_a_ficha_with_evidence_and_media_is_not_served(portal, datos):
    navegador = Navegador(portal)
    navegador.entrar("enlace.dif")
    ficha = f"/fichas/{datos['editable']}/"

    # The ficha page is one form; «Agregar evidencia» submits it to the evidence URL
    # (formaction), so the typed fields are saved with the file.
    pagina = navegador.pedir("GET", ficha)
    campos = formulario(pagina.texto, ficha)
    campos.update(
        {"descripcion": "Lista de asistencia", "medio_verificacion": "Lista de asistencia"}
    )
    evidencia = navegador.pedir(
        "POST",
        f"{ficha}evidencias/",
        datos=campos,
        archivos={"archivo": ("lista.pdf", PDF_MINIMO, "application/pdf")},
    )
    assert evidencia.status == 302, evidencia.texto[:2000]
    envio = navegador.enviar(
        ficha,
        ficha,
        {"accion": "enviar", "confirmar_medios": "on"},
    )
    assert envio.status == 302, re.findall(
        r"invalid-feedback[^>]*>\s*(?:<[^>]+>)*([^<]+)", envio.texto
    )
    navegador.seguir(envio)

    estado = portal.consulta(
        "from fichas.models import FichaTecnica as F\n"
        f"f = F.objects.get(pk={datos['editable']})\n"
        "e = f.evidencias.exclude(archivo='').latest('pk')\n"
        "resultado = [f.estado, e.archivo.name, e.pk]"
    )
    assert estado[0] == "enviada"
    archivo = portal.carpeta / "media" / estado[1]
    assert archivo.read_bytes() == PDF_MINIMO
    # Evidence only through the view that checks access, never as a file under /media.
    for ruta in (f"/media/{estado[1]}", f"/media-no-publica/{estado[1]}"):
        assert navegador.pedir("GET", ruta).status in (403, 404)
    descarga = navegador.pedir("GET", f"/fichas/evidencias/{estado[2]}/")
    assert descarga.status == 200 and descarga.cuerpo == PDF_MINIMO
    assert Navegador(portal).pedir("GET", f"/fichas/evidencias/{estado[2]}/").status == 302


def test_the_report_pdf_downloads(portal):
    navegador = Navegador(portal)
    navegador.entrar("directivo")

    # The worker renders it: the request answers a progress page until the file is ready.
    pdf = _cuando_este_listo(navegador, "/informes/corte/2022/T2/pdf/")

    assert pdf.status == 200
    assert pdf.encabezado("Content-Type") == "application/pdf"
    assert pdf.cuerpo.startswith(b"%PDF")


def test_the_app_sees_the_client_address_from_the_proxy_header(portal):
    """The lockout records the address nginx forwarded (127.0.0.2), not nginx's (127.0.0.1)."""
    if not portal.consulta(
        "from django.conf import settings\nresultado = hasattr(settings, 'AVGM_PROXIES_CONFIABLES')"
    ):
        pytest.skip("AVGM_PROXIES_CONFIABLES is not configured in this deployment")
    respuesta = Navegador(portal).entrar("analista2", clave="no-es-la-clave")

    assert respuesta.status == 200  # the form again, with an error
    direcciones = portal.consulta(
        "from axes.models import AccessAttempt\n"
        "resultado = list(AccessAttempt.objects.filter(username='analista2')"
        ".values_list('ip_address', flat=True))"
    )
    assert direcciones == [ORIGEN_CLIENTE]


# --- Two app servers, one database, one media folder ---


def _siguiente_en(portal, navegador, instancia: str) -> None:
    """Make the next request go to `instancia` (nginx alternates; one worker process)."""
    for _ in range(4):
        ultima = portal.instancia_de(navegador.pedir("GET", "/salud/").request_id)
        if ultima != instancia:
            return
    raise AssertionError("nginx no alterna entre las instancias")


def test_one_login_works_on_both_instances(portal):
    navegador = Navegador(portal)
    navegador.entrar("analista")

    respuestas = [navegador.pedir("GET", "/fichas/cola/") for _ in range(4)]

    assert [r.status for r in respuestas] == [200] * 4
    assert {portal.instancia_de(r.request_id) for r in respuestas} == {"g1", "g2"}


def test_two_analistas_on_two_instances_get_the_optimistic_lock_message(portal, datos):
    primera, segunda = Navegador(portal), Navegador(portal)
    primera.entrar("analista")
    segunda.entrar("analista2")
    ficha = f"/fichas/{datos['enviadas'][0]}/"
    pagina_1, pagina_2 = primera.pedir("GET", ficha), segunda.pedir("GET", ficha)
    from tests.humo import formulario

    aprobar_1 = formulario(pagina_1.texto, "/aprobar/")
    aprobar_2 = formulario(pagina_2.texto, "/aprobar/")
    assert aprobar_1["version"] == aprobar_2["version"]

    _siguiente_en(portal, primera, "g1")
    gana = primera.pedir("POST", f"{ficha}aprobar/", datos=aprobar_1)
    pierde = segunda.pedir("POST", f"{ficha}aprobar/", datos=aprobar_2)

    assert (portal.instancia_de(gana.request_id), portal.instancia_de(pierde.request_id)) == (
        "g1",
        "g2",
    )
    assert gana.status == 302
    assert pierde.status == 409  # the stale page: a Spanish message, what was typed kept
    assert CONFLICTO in pierde.texto
    assert CONFLICTO not in primera.seguir(gana).texto


def test_the_import_preview_survives_changing_instance(portal):
    navegador = Navegador(portal)
    navegador.entrar("analista")
    libro = navegador.pedir("GET", "/dependencias/exportar/?ejercicio=2022")
    assert libro.status == 200
    contenido = _con_un_cambio(libro.cuerpo)

    subida = navegador.enviar(
        "/dependencias/importar/",
        "",
        {},
        archivos={
            "archivo": (
                "catalogo.xlsx",
                contenido,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    )
    assert subida.status == 302, subida.texto[:2000]
    otra = {"g1": "g2", "g2": "g1"}[portal.instancia_de(subida.request_id)]
    _siguiente_en(portal, navegador, otra)
    vista_previa = navegador.pedir("GET", "/dependencias/importar/vista-previa/")
    assert portal.instancia_de(vista_previa.request_id) == otra
    assert vista_previa.status == 200, vista_previa.encabezado("Location") + str(
        re.findall(r'role="alert">\s*([^<]+)', navegador.seguir(vista_previa).texto)
    )
    aplicar = formulario_de(vista_previa.texto, "/importar/aplicar/")

    _siguiente_en(portal, navegador, otra)
    aplicada = navegador.pedir("POST", "/dependencias/importar/aplicar/", datos=aplicar)
    assert portal.instancia_de(aplicada.request_id) == otra
    assert "Se aplicó" in navegador.seguir(aplicada).texto


def _con_un_cambio(xlsx: bytes) -> bytes:
    """The exported workbook with one titular changed, so there is something to apply."""
    import io

    import openpyxl

    libro = openpyxl.load_workbook(io.BytesIO(xlsx))
    for hoja in libro.worksheets:
        encabezados = [str(c.value or "").lower() for c in hoja[1]]
        columna = next((i for i, e in enumerate(encabezados) if e == "titular"), None)
        if columna is not None and hoja.max_row > 1:
            celda = hoja.cell(row=2, column=columna + 1)
            celda.value = f"{celda.value} (prueba de humo)"
            salida = io.BytesIO()
            libro.save(salida)
            return salida.getvalue()
    raise AssertionError("el libro exportado no tiene la columna «Titular»")


def formulario_de(html, action):
    from tests.humo import formulario

    return formulario(html, action)


def test_the_render_limit_is_shared_by_both_instances(portal):
    """Both instances ask for the same draft: one render, queued once; while another process
    holds the only render slot, it does not run; once the slot is free, it finishes."""
    navegador = Navegador(portal)
    navegador.entrar("directivo")
    cache = portal.carpeta / "cache"
    cache.mkdir(exist_ok=True)
    fd = os.open(cache / "render-0.lock", os.O_CREAT | os.O_RDWR, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        pedidas = [navegador.pedir("GET", "/informes/corte/2022/T1/pdf/") for _ in range(2)]
        time.sleep(1.5)  # the worker picks the task up and waits for the slot
        mientras = navegador.pedir("GET", pedidas[0].encabezado("Location"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    assert [r.status for r in pedidas] == [302, 302]
    assert {portal.instancia_de(r.request_id) for r in pedidas} == {"g1", "g2"}
    assert pedidas[0].encabezado("Location") == pedidas[1].encabezado("Location")  # one render
    assert mientras.status == 200 and "está listo" not in mientras.texto
    libre = _cuando_este_listo(navegador, "/informes/corte/2022/T1/pdf/")
    assert libre.status == 200 and libre.cuerpo.startswith(b"%PDF")


def _cuando_este_listo(navegador, ruta: str, segundos: float = 120):
    """Ask for a draft download until the worker has rendered it (a progress page meanwhile)."""
    limite = time.monotonic() + segundos
    while True:
        respuesta = navegador.pedir("GET", ruta)
        tipo = respuesta.encabezado("Content-Type") or ""
        if respuesta.status == 200 and not tipo.startswith("text/html"):
            return respuesta
        assert respuesta.status in (200, 302), (respuesta.status, respuesta.texto[:500])
        assert time.monotonic() < limite, "the worker never finished the render"
        time.sleep(1)


def test_request_logs_are_json_lines_without_passwords(portal):
    for log in portal.instancias.values():
        texto = log.read_text(encoding="utf-8")
        assert CLAVE_DEMO not in texto
        assert re.search(r'"path": "/salud/", "status": 200, "duration_ms": [0-9.]+', texto)


def test_a_worker_killed_mid_render_shows_on_salud_and_a_restart_finishes_the_render(portal):
    """kill -9 of the worker while it renders a PDF: /salud/ turns red once its heartbeat is
    stale (AVGM_WORKER_SIN_LATIDO_SEGUNDOS, 30 s), and the worker systemd starts again takes
    the render over and finishes it within a minute."""
    navegador = Navegador(portal)
    navegador.entrar("directivo")
    ruta = "/informes/corte/2022/T4/pdf/"  # asked for by no earlier test
    (portal.carpeta / "cache").mkdir(exist_ok=True)
    fd = os.open(portal.carpeta / "cache" / "render-0.lock", os.O_CREAT | os.O_RDWR, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the render waits for its slot: it is mid-render
        assert navegador.pedir("GET", ruta).status == 302
        _hasta(lambda: " 1 en curso" in _comprobacion(navegador, "cola")["detalle"], 30)
        portal.worker.kill()
        portal.worker.wait()
        rojo = _hasta(lambda: navegador.pedir("GET", "/salud/").status == 503, 60)
        assert _comprobacion(navegador, "worker")["detalle"].startswith("sin latido desde hace")
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    portal.arrancar_worker()
    inicio = time.monotonic()
    pdf = _cuando_este_listo(navegador, ruta, segundos=60)

    assert pdf.cuerpo.startswith(b"%PDF")
    assert navegador.pedir("GET", "/salud/").status == 200
    print(f"\n/salud/ en rojo {rojo:.0f} s tras el kill -9; PDF listo "
          f"{time.monotonic() - inicio:.0f} s tras arrancar otro worker")  # fmt: skip


def _comprobacion(navegador, nombre: str) -> dict:
    """One of /salud/'s named checks."""
    (encontrada,) = [
        c
        for c in json_de(navegador.pedir("GET", "/salud/"))["comprobaciones"]
        if c["nombre"] == nombre
    ]
    return encontrada


def _hasta(condicion, segundos: float) -> float:
    inicio = time.monotonic()
    while not condicion():
        assert time.monotonic() - inicio < segundos, "no ocurrió a tiempo"
        time.sleep(0.5)
    return time.monotonic() - inicio


# Last: it stops both gunicorn instances.
def test_with_gunicorn_stopped_nginx_answers_the_portals_spanish_page(portal):
    portal.detener_gunicorn()

    respuesta = Navegador(portal).pedir("GET", "/fichas/")

    assert respuesta.status == 502
    assert "El portal no está respondiendo en este momento" in respuesta.texto
    assert '<html lang="es-MX">' in respuesta.texto
    assert "Bad Gateway" not in respuesta.texto
    assert "<center>nginx" not in respuesta.texto  # nginx's own page signs itself so
