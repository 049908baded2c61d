"""WCAG 2.1 AA with axe-core: every page of every role (enlace, analista, directivo,
administrador, the anonymous public), the login and the error pages, at desktop and phone
width, with no serious or critical violation, nothing that scrolls the page sideways, and no
box that scrolls sideways without being focusable and named.

The pages are an explicit list per role; `test_every_page_of_the_portal_is_checked` fails when
a URL of the portal is neither in it nor excluded below with its reason, so a new page cannot
escape the check."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from playwright.sync_api import expect

from avgm import views
from avgm.models import EvaluacionGIM, Modalidad, ValoracionGIM
from dependencias.excel import exportacion
from dependencias.models import SolicitudModificacion
from fichas.models import CodigoObservacion, Evidencia, Observacion
from informes.cifras.corte import Corte
from informes.models import Render
from informes.publicacion import publicar
from planeacion.models import PropuestaMeta, RondaPlaneacion
from tests.e2e import axe
from tests.e2e.axe import AXE, PANTALLAS, en_cada_ancho, entrar
from tests.factories import (
    PASSWORD,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    municipio_principal,
    periodo,
)

pytestmark = pytest.mark.e2e

# Pages axe can be injected into, in place of the suite's `abrir` (tests/e2e/axe.py).
abrir = axe.abrir

# URLs no role's page list visits, and why. Everything else must be in the lists of
# `_paginas`: a new GET page fails the check until it is listed here or there.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63382117050002f20141d72fd1660000000049454e44ae426082"
)
EXCLUIDAS = {
    "logout": "solo POST",
    "bitacora_csv": "descarga CSV, no es una página",
    "salud": "JSON para el monitoreo",
    "sesion_seguir": "JSON (POST) que mantiene viva la sesión",
    "dependencias:plantilla": "descarga de Excel",
    "dependencias:exportar": "descarga de Excel",
    "dependencias:importar_aplicar": "solo POST",
    "dependencias:importar_descartar": "solo POST",
    "fichas:nueva": "solo POST",
    "fichas:enviar": "solo POST",
    "fichas:devolver": "solo POST",
    "fichas:aprobar": "solo POST",
    "fichas:reabrir": "solo POST",
    "fichas:evidencia_agregar": "solo POST",
    "fichas:observacion_responder": "solo POST",
    "fichas:evidencia": "descarga del archivo de evidencia",
    "fichas:evidencia_en_linea": "el archivo de evidencia (PDF o imagen) que muestra evidencia_ver",
    "favicon": "redirección al ícono (SVG)",
    "fichas:evidencia_retirar": "solo POST",
    "fichas:periodo_reabrir": "solo POST",
    "informes:corte_pdf": "el PDF, o la página de progreso (informes:render, revisada)",
    "informes:corte_xlsx": "el Excel, o la página de progreso (informes:render, revisada)",
    "informes:render_reintentar": "solo POST",
    "informes:render_archivo": "descarga del PDF o Excel",
    "informes:render_json": "JSON del progreso, lo lee la página de progreso",
    "informes:publicado_pdf": "descarga del PDF",
    "informes:publicado_xlsx": "descarga del Excel",
    "informes:gim_documento": "descarga del PDF del GIM",
    "planeacion:ronda_abrir": "solo POST",
    "planeacion:propuesta_arrastrar": "solo POST",
    "planeacion:propuesta_enviar": "solo POST",
    "planeacion:propuesta_retirar": "solo POST",
    "planeacion:propuesta_devolver": "solo POST",
    "planeacion:propuesta_acordar": "solo POST",
    "planeacion:modificacion_solicitar": "solo POST",
    "planeacion:modificacion_aprobar": "solo POST",
    "planeacion:modificacion_rechazar": "solo POST",
    "publico:pdf": "descarga del PDF publicado",
    "publico:xlsx": "descarga del Excel publicado",
    "publico:logo": "imagen",
    "publico:catalogo": "JSON (DCAT-US)",
    "publico:catalogo_dcat": "JSON-LD (DCAT)",
    "publico:paquete": "JSON (datapackage)",
    "publico:archivo_datos": "descarga CSV, JSON o XLSX",
    "bench_vacio": "solo en pruebas de carga, sin plantilla",
    "municipio_elegir": "solo POST (el selector de la Coordinación estatal)",
    "informes:estatal_pdf": "descarga del PDF del corte estatal",
    "informes:estatal_xlsx": "descarga del Excel del corte estatal",
}
# The same downloads under a municipio's prefix (/publico/m/<clave>/).
EXCLUIDAS.update(
    {
        n.replace("publico:", "publico:m:", 1): r
        for n, r in EXCLUIDAS.items()
        if n.startswith("publico:")
    }
)
# The state's pages belong to no municipio: no prefixed twin.
EXCLUIDAS["publico:estado_csv"] = "descarga CSV del corte estatal"
# Pages only a form submission shows, checked after submitting it (below, in the test).
POR_FORMULARIO = {
    "dependencias:importar_vista_previa": "la vista previa de un libro subido",
    "informes:publicar": "la confirmación de «Publicar…»",
}
# Pages photographed at phone width, to look at (/tmp/a11y-*.png).
FOTOS = {
    ("publico", "publico:inicio"): "publico-cifras",
    ("publico", "publico:dependencias"): "publico-dependencias",
    ("publico", "publico:archivo"): "publico-archivo",
    ("enlace", "planeacion:dependencia"): "planeacion-dependencia",
    ("analista", "informes:render"): "progreso",
    ("analista", "fichas:cola"): "cola",
    ("analista", "informes:corte"): "informe",
}
# Django's own admin (its templates, its checks): not a page of the portal's layout.
ESPACIOS_EXCLUIDOS = {"admin"}


def _nombres(patrones, prefijo=""):
    for p in patrones:
        if isinstance(p, URLResolver):
            if p.namespace in ESPACIOS_EXCLUIDOS:
                continue
            yield from _nombres(
                p.url_patterns, f"{prefijo}{p.namespace}:" if p.namespace else prefijo
            )
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefijo}{p.name}"


def _solicitud_anonima():
    solicitud = RequestFactory().get("/")
    solicitud.user = AnonymousUser()
    solicitud.session = SessionStore()
    solicitud._messages = FallbackStorage(solicitud)
    return solicitud


def _mundo(dependencia_a, enlace_a, analista, media_tmp) -> dict:
    """One of every object a page shows: a published corte with its micrositio, fichas in each
    state, a planning round with proposals and a modification, a GIM evaluation, a render that
    waits for the worker."""
    fem = Modalidad.objects.get(nombre="Violencia Feminicida")
    rec = RecomendacionFactory(
        clave="R-1", texto="Capacitar al personal de primer contacto.", modalidades=[fem]
    )
    RecomendacionFactory(clave="R-2", texto="Crear un banco estatal de datos.")
    meta = MetaFactory(
        clave="DIF-01", dependencia=dependencia_a, recomendaciones=[rec],
        programado={1: 10, 2: 5, 3: 5, 4: 5},
    )  # fmt: skip
    aprobada = FichaFactory(
        meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=10,
        actividades="Taller.", lugar="Centro", mujeres_18_29=6, hombres_30_59=5,
    )  # fmt: skip
    enviada = FichaFactory(
        meta=meta, periodo=periodo(2022, 2), estado="enviada", cantidad_alcanzada=5,
        actividades="Taller.", lugar="Centro",
    )  # fmt: skip
    # A borrador with a required field missing: the yellow «Para enviar la ficha falta» box.
    borrador = FichaFactory(meta=meta, periodo=periodo(2022, 3), creada_por=enlace_a)
    otra = MetaFactory(clave="DIF-02", dependencia=dependencia_a, programado={1: 4, 2: 4})
    observada = FichaFactory(meta=otra, estado="observada", creada_por=enlace_a, actividades="X")
    Observacion.objects.create(
        ficha=observada, codigo=CodigoObservacion.objects.first(), texto="Falta la lista.",
        creada_por=analista,
    )  # fmt: skip
    informe = publicar(Corte.buscar(2022, "T2"), usuario=analista)

    ronda = RondaPlaneacion.objects.create(
        ejercicio=ejercicio(2023), fecha_limite=datetime.date(2099, 1, 31), abierta_por=analista
    )
    propuestas = {}
    for estado in ("borrador", "enviada"):
        propuestas[estado] = PropuestaMeta.objects.create(
            ronda=ronda, dependencia=dependencia_a, estado=estado, propuesta_por=enlace_a,
            descripcion=f"Taller de prevención en secundarias ({estado})", t1=2, t3=4,
        )  # fmt: skip
    for p in propuestas.values():
        p.recomendaciones.set([rec])
    MetaFactory._meta.model.objects.filter(pk=meta.pk).update(acordada_en=timezone.now())
    meta.refresh_from_db()
    solicitud = SolicitudModificacion.objects.registrar(
        meta=meta, usuario=enlace_a, justificacion="Se suman planteles.", origen="portal",
        propuesta={"programacion": {"1": 10, "2": 8, "3": 5, "4": 5}, "recomendaciones": []},
    )  # fmt: skip

    # An image the preview page shows (a 1×1 PNG: the type is read from its first bytes).
    imagen = Evidencia(
        ficha=enviada, subida_por=enlace_a, nombre_original="foto.png", tipo_contenido="image/png",
        tamano=len(PNG_1X1),
    )  # fmt: skip
    imagen.archivo.save("foto.png", ContentFile(PNG_1X1), save=True)
    gim = EvaluacionGIM.objects.create(fecha=datetime.date(2022, 9, 1), referencia="GIM-1")
    gim.documento.save("gim.pdf", ContentFile(b"%PDF-1.7 prueba"))
    ValoracionGIM.objects.create(evaluacion=gim, recomendacion=rec, valoracion="en_proceso")
    espera = Render.objects.create(
        ejercicio=ejercicio(2022), hasta=periodo(2022, 2), formato="pdf", version="espera",
        solicitado_por=analista,
    )  # fmt: skip
    return {
        "dependencia": dependencia_a, "meta": meta, "aprobada": aprobada, "enviada": enviada,
        "borrador": borrador, "observada": observada, "informe": informe,
        "propuestas": propuestas, "solicitud": solicitud, "gim": gim, "espera": espera,
        "imagen": imagen,
        "periodo": periodo(2022, 4), "municipio": municipio_principal(),
    }  # fmt: skip


def _paginas(m: dict) -> dict[str, list[tuple[str, int]]]:
    """Each role's pages: (address, expected status)."""
    dep, corte = m["dependencia"].pk, [2022, "T2"]
    planeacion = [
        reverse("planeacion:inicio"),
        reverse("planeacion:ronda", args=[2023]),
        reverse("planeacion:dependencia", args=[2023, dep]),
        reverse("planeacion:meta", args=[m["meta"].pk]),
        reverse("planeacion:modificacion", args=[m["solicitud"].pk]),
    ]
    informes = [
        reverse("informes:tablero"),
        reverse("informes:lista"),
        reverse("informes:corte", args=corte),
        reverse("informes:detalle", args=[*corte, "impactadas"]),
        reverse("informes:publicado", args=[m["informe"].pk]),
        reverse("informes:render", args=[m["espera"].pk]),
        reverse("informes:gim_lista"),
        reverse("fichas:cola"),
        reverse("fichas:periodos"),
        reverse("fichas:exportar"),
        reverse("fichas:enlaces", args=[dep]),
        reverse("fichas:ficha", args=[m["enviada"].pk]),
        reverse("fichas:acuse", args=[m["enviada"].pk]),
        reverse("fichas:ficha", args=[m["aprobada"].pk]),
    ]
    return {
        "publico": [
            (reverse("login"), 200),
            (reverse("password_reset"), 200),
            (reverse("password_reset_done"), 200),
            (reverse("password_reset_confirm", args=["MQ", "x-y"]), 200),
            (reverse("password_reset_complete"), 200),
            ("/no-existe/", 404),
            (reverse("publico:inicio"), 200),
            (reverse("publico:corte", args=corte), 200),
            (reverse("publico:recomendaciones"), 200),
            (reverse("publico:recomendacion", args=["R-1"]), 200),
            (reverse("publico:dependencias"), 200),
            (reverse("publico:dependencia", args=[m["dependencia"].siglas]), 200),
            (reverse("publico:serie"), 200),
            (reverse("publico:archivo"), 200),
            (reverse("publico:datos"), 200),
            (reverse("publico:verificar"), 200),
            (reverse("publico:estado"), 200),
            (reverse("publico:estado_corte", args=corte), 200),
            (f"{reverse('publico:verificar')}?sha256={m['informe'].sha256}", 200),
            (f"{reverse('publico:verificar')}?sha256={'a' * 64}", 200),
            # The same micrositio under its municipio's prefix.
            *[
                (reverse(f"publico:m:{nombre}", args=[m["municipio"].clave, *args]), 200)
                for nombre, args in [
                    ("inicio", []),
                    ("corte", corte),
                    ("recomendaciones", []),
                    ("recomendacion", ["R-1"]),
                    ("dependencias", []),
                    ("dependencia", [m["dependencia"].siglas]),
                    ("serie", []),
                    ("archivo", []),
                    ("datos", []),
                    ("verificar", []),
                ]
            ],  # fmt: skip
        ],
        "enlace": [
            (reverse("inicio"), 200),
            (reverse("fichas:ficha", args=[m["borrador"].pk]), 200),
            (reverse("fichas:ficha", args=[m["observada"].pk]), 200),
            (reverse("fichas:ficha", args=[m["enviada"].pk]), 200),
            (reverse("fichas:acuse", args=[m["enviada"].pk]), 200),
            (reverse("fichas:evidencia_ver", args=[m["imagen"].pk]), 200),
            (reverse("fichas:enlaces", args=[dep]), 200),
            *[(u, 200) for u in planeacion],
            (reverse("planeacion:propuesta_nueva", args=[2023, dep]), 200),
            (reverse("planeacion:propuesta", args=[m["propuestas"]["borrador"].pk]), 200),
            (reverse("planeacion:propuesta", args=[m["propuestas"]["enviada"].pk]), 200),
            (reverse("password_change"), 200),
            (reverse("password_change_done"), 200),
            (reverse("informes:lista"), 403),
            (reverse("fichas:ficha", args=[999_999]), 404),
        ],
        "analista": [
            (reverse("inicio"), 200),
            *[(u, 200) for u in informes],
            (reverse("informes:narrativa", args=corte), 200),
            (reverse("informes:gim_nueva"), 200),
            (reverse("informes:gim_evaluacion", args=[m["gim"].pk]), 200),
            (reverse("fichas:periodo_cerrar", args=[m["periodo"].pk]), 200),
            (reverse("dependencias:importar"), 200),
            (reverse("bitacora"), 200),
            *[(u, 200) for u in planeacion],
            (reverse("planeacion:propuesta", args=[m["propuestas"]["enviada"].pk]), 200),
        ],
        "directivo": [
            (reverse("inicio"), 200),  # a redirect to the last published report
            *[(u, 200) for u in informes],
            (reverse("informes:estatal"), 200),
            (reverse("informes:estatal_corte", args=corte), 200),
            *[(u, 200) for u in planeacion],
            (reverse("informes:narrativa", args=corte), 403),
        ],
        "administrador": [
            (reverse("inicio"), 200),
            (reverse("password_change"), 200),
            (reverse("informes:lista"), 403),
            (reverse("fichas:ficha", args=[m["borrador"].pk]), 404),
        ],
    }


def _nombre_de(url: str) -> str:
    """The URL name of an address ("" for one of no URL: the 404 page)."""
    try:
        return resolve(url.split("?")[0]).view_name
    except Resolver404:
        return ""


def _cubiertas(paginas: dict) -> set[str]:
    return {_nombre_de(url) for lista in paginas.values() for url, _ in lista} - {""}


def test_every_page_of_the_portal_is_checked():
    """The lists name every GET page of the portal (objects stand in for the world's)."""
    objeto = SimpleNamespace(pk=1, siglas="DIF", sha256="0" * 64, clave="juarez")
    mundo = {"propuestas": {"borrador": objeto, "enviada": objeto}}
    paginas = _paginas(defaultdict(lambda: objeto, mundo))
    cubiertas = _cubiertas(paginas) | set(POR_FORMULARIO)
    todas = set(_nombres(get_resolver().url_patterns))
    faltan = todas - cubiertas - set(EXCLUIDAS)
    assert not faltan, f"Páginas sin revisar con axe ni exclusión razonada: {sorted(faltan)}"
    assert not (cubiertas & set(EXCLUIDAS)), "Excluidas que sí se revisan"
    assert not (set(EXCLUIDAS) - todas - {"bench_vacio"}), "Exclusiones de URLs que ya no existen"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_every_role_has_no_serious_accessibility_violation(
    abrir, live_server, dependencia_a, enlace_a, analista, directivo, administrador, media_tmp,
    tmp_path,
):  # fmt: skip
    assert AXE.exists(), "make install (npm ci) installs axe-core"
    paginas = _paginas(_mundo(dependencia_a, enlace_a, analista, media_tmp))
    libro = tmp_path / "catalogo.xlsx"
    libro.write_bytes(exportacion.como_bytes(exportacion.libro_catalogo(None)))
    personas = {"enlace": enlace_a, "analista": analista, "directivo": directivo,
                "administrador": administrador}  # fmt: skip
    encontradas, contextos, visitas = [], {}, []  # violations, a page per role, URLs checked
    for rol in paginas:
        contextos[rol] = abrir(*PANTALLAS["escritorio"])
        if rol in personas:
            entrar(contextos[rol], live_server, personas[rol])

    def revisar(pagina, foto: str | None = None) -> list[str]:
        return en_cada_ancho(pagina, visitas, foto and f"/tmp/a11y-{foto}")

    for rol, lista in paginas.items():
        pagina = contextos[rol]
        for url, estado in lista:
            respuesta = pagina.goto(f"{live_server.url}{url}")
            assert respuesta.status == estado, f"{url} como {rol}: {respuesta.status}"
            encontradas += revisar(pagina, FOTOS.get((rol, _nombre_de(url))))

    # Pages that only a form submission shows.
    publico, imm = contextos["publico"], contextos["analista"]
    for _ in range(settings.AXES_FAILURE_LIMIT):  # the lockout page (429)
        publico.goto(f"{live_server.url}{reverse('login')}")
        publico.get_by_label("Nombre de usuario").fill("enlace_b_no_existe")
        publico.get_by_label("Contraseña").fill(PASSWORD + "x")
        publico.get_by_role("button", name="Iniciar sesión").click()
        if "Acceso bloqueado temporalmente" in publico.content():
            break
    assert "Acceso bloqueado temporalmente" in publico.content()
    encontradas += revisar(publico)
    for html in (
        views.error_400(_solicitud_anonima()).content.decode(),
        views.error_500(RequestFactory().get("/")).content.decode(),
    ):  # error pages no URL produces on demand: loaded at the portal's address for styles
        publico.goto(f"{live_server.url}{reverse('login')}")
        publico.set_content(html)
        encontradas += revisar(publico)
    imm.goto(f"{live_server.url}{reverse('dependencias:importar')}")
    imm.get_by_label("Libro de Excel (.xlsx)").set_input_files(str(libro))
    imm.get_by_role("button", name="Subir y revisar").click()
    imm.wait_for_url(f"**{reverse('dependencias:importar_vista_previa')}")
    encontradas += revisar(imm)
    imm.goto(f"{live_server.url}{reverse('informes:corte', args=[2022, 'T2'])}")
    imm.locator("#publicar").get_by_role("textbox").fill("Se corrigió una cifra.")
    imm.get_by_role("button", name="Publicar…").click()
    expect(imm.get_by_role("heading", name="¿Publicar la versión 2")).to_be_visible()
    encontradas += revisar(imm)

    print(f"\n{len(visitas)} páginas revisadas")
    print("\n".join(encontradas))
    assert not encontradas, "\n".join(encontradas)
