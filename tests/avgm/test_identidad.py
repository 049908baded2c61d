"""The institution's identity has one source: renamed once in the admin, every page, the draft
PDF (cover and running header), the acuse and the e-mail say the new name, never the old."""

import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from fichas import workflow
from informes.cifras.corte import Corte
from informes.publicacion import publicar
from tests.factories import UserFactory, ejercicio, institucion

pytestmark = pytest.mark.django_db

ANTES = "Instituto Municipal de la Mujer"
NUEVO = "Instituto de las Mujeres de Juárez"
MUNICIPIO = "Municipio de Juárez, Chihuahua"
CORTE = reverse("informes:corte", args=[2022, "T2"])
PDF = reverse("informes:corte_pdf", args=[2022, "T2"])


@pytest.fixture
def mundo(ficha_a, analista, django_capture_on_commit_callbacks):
    """A corte with one meta, the institution under its old name, and the data revision
    bumped as after a real commit, so the report's caches keep what they render."""
    with django_capture_on_commit_callbacks(execute=True):
        ejercicio(2022)
        institucion(nombre=ANTES, municipio="Heroica Ciudad Juárez")
    return ficha_a


def renombrar(client, django_capture_on_commit_callbacks) -> None:
    """What the Administrador does: the admin's change form, saved (and committed)."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("admin:avgm_institucion_change", args=[1]),
            {"nombre": NUEVO, "municipio": MUNICIPIO, "administracion": ""},
        )
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    client.logout()


def _texto(respuesta) -> str:
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def _paginas_pdf(contenido: bytes) -> list[str]:
    """Each page's text, whitespace folded (pdftotext splits pages with a form feed)."""
    texto = subprocess.run(
        ["pdftotext", "-", "-"], input=contenido, capture_output=True, check=True
    ).stdout.decode()
    return [re.sub(r"\s+", " ", p) for p in texto.split("\f") if p.strip()]


def test_portal_report_and_public_pages_show_the_new_name(
    client, mundo, analista, publicar_sin_pdf, django_capture_on_commit_callbacks
):
    # A published version (its PDF is not what this test reads) for the published page.
    publicado = publicar(Corte.buscar(2022, "T2"), usuario=analista)
    client.force_login(analista)
    assert ANTES in _texto(client.get(CORTE))  # the report's parts are now cached
    assert ANTES in _texto(client.get(reverse("publico:inicio")))  # and the public page

    renombrar(client, django_capture_on_commit_callbacks)
    client.force_login(analista)
    paginas = {
        "inicio": reverse("inicio"),
        "informe": CORTE,
        "publicado": reverse("informes:publicado", args=[publicado.pk]),
    }
    for nombre, url in paginas.items():
        html = _texto(client.get(url))
        assert f"{NUEVO} · {MUNICIPIO}" in html, nombre  # footer, and the report's heading
        assert ANTES not in html, nombre
    client.logout()
    publica = _texto(client.get(reverse("publico:inicio")))
    assert f"Cifras del corte Ene–Jun 2022 · {NUEVO}</title>" in publica
    assert f"CC BY 4.0</a>. {NUEVO}." in publica  # the public base's footer
    assert ANTES not in publica


def test_the_draft_pdf_cover_and_running_header_show_the_new_name(
    client, mundo, analista, django_capture_on_commit_callbacks
):
    client.force_login(analista)
    antes = _paginas_pdf(b"".join(client.get(PDF).streaming_content))
    assert f"{ANTES} · Informe de corte" in antes[1]  # kept as the draft for this revision

    renombrar(client, django_capture_on_commit_callbacks)
    client.force_login(analista)
    paginas = _paginas_pdf(b"".join(client.get(PDF).streaming_content))
    assert NUEVO.upper() in paginas[0] and MUNICIPIO in paginas[0]  # the cover
    assert len(paginas) > 2
    for pagina in paginas[1:]:
        assert f"{NUEVO} · Informe de corte Ene–Jun 2022" in pagina
    assert not [p for p in paginas if ANTES in p or ANTES.upper() in p]


def test_the_acuse_and_the_submission_email_show_the_new_name(
    client, mundo, enlace_a, analista, django_capture_on_commit_callbacks
):
    renombrar(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        ficha = workflow.ficha_enviar(ficha=mundo, usuario=enlace_a, version=1)
    correo = mail.outbox[-1]
    assert correo.to == [analista.email]
    html, _tipo = correo.alternatives[0]
    assert f"Seguimiento AVGM · {NUEVO}" in correo.body and NUEVO in html
    assert ANTES not in correo.subject + correo.body + html

    client.force_login(enlace_a)
    acuse = _texto(client.get(reverse("fichas:acuse", args=[ficha.pk])))
    assert f"{NUEVO} · Seguimiento AVGM" in acuse
    assert ANTES not in acuse
