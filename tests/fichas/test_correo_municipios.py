"""Each municipio's e-mail stays in it: its analistas, its enlaces, its institution's name.

Juárez (the principal municipio) and Chihuahua both run a DIF with an enlace and have an
analista each. A ficha of one municipio never tells the other's analistas, a reminder of one
municipio's deadline reaches only its enlaces, and every message is signed by the institution
of the municipio it is about (a password reset, by its account's).
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from avgm.models import Adscripcion
from avgm.plataforma import roles
from dependencias.correo import correos_analistas
from fichas import workflow
from fichas.models import CodigoObservacion
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    FichaFactory,
    MetaFactory,
    UserFactory,
    ejercicio,
    institucion,
    municipio_principal,
    otro_municipio,
)

pytestmark = pytest.mark.django_db


def _llena(propio):
    return FichaFactory(
        meta=propio["meta"],
        creada_por=propio["enlace"],
        cantidad_alcanzada=2,
        actividades="Pláticas de prevención en escuelas.",
        lugar="Colonia Centro",
    )


def _adscrito(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


def _del_municipio(municipio, nombre: str) -> dict:
    """`municipio`'s DIF with an enlace, an analista and a meta programmed in T1 of 2022."""
    dif = DependenciaFactory(municipio=municipio, siglas="DIF", nombre=f"DIF {nombre}")
    enlace = EnlaceFactory(usuario__username=f"enlace_{nombre}", dependencia=dif).usuario
    analista = UserFactory(username=f"analista_{nombre}", rol=roles.ANALISTA)
    meta = MetaFactory(
        clave=f"{nombre[:2].upper()}-01",
        dependencia=dif,
        ejercicio=ejercicio(2022, municipio),
        programado={1: 4},
    )
    return {
        "municipio": municipio,
        "dif": dif,
        "enlace": _adscrito(enlace, municipio),
        "analista": _adscrito(analista, municipio),
        "meta": meta,
        "instituto": municipio.institucion.nombre,
    }


@pytest.fixture
def dos(db):
    juarez = municipio_principal()
    institucion(juarez, nombre="Instituto Municipal de las Mujeres de Juárez")
    return {
        "juarez": _del_municipio(juarez, "juarez"),
        "chihuahua": _del_municipio(otro_municipio(), "chihuahua"),
    }


@pytest.mark.parametrize("quien, otro", [("juarez", "chihuahua"), ("chihuahua", "juarez")])
def test_a_submitted_ficha_tells_only_its_municipios_analistas_signed_by_its_institution(
    dos, quien, otro, django_capture_on_commit_callbacks
):
    propio = dos[quien]
    ficha = _llena(propio)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ficha_enviar(ficha=ficha, usuario=propio["enlace"], version=ficha.version)
    [correo] = mail.outbox
    assert correo.to == [propio["analista"].email]
    assert propio["instituto"] in correo.body
    assert dos[otro]["instituto"] not in correo.body


def test_a_returned_ficha_is_signed_by_its_municipios_institution(
    dos, django_capture_on_commit_callbacks
):
    chihuahua = dos["chihuahua"]
    ficha = _llena(chihuahua)
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=chihuahua["enlace"], version=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ficha_devolver(
            ficha=ficha,
            usuario=chihuahua["analista"],
            version=ficha.version,
            observaciones=[
                {"codigo": CodigoObservacion.objects.first(), "texto": "Falta la lista."}
            ],
        )
    [correo] = mail.outbox
    assert correo.to == [chihuahua["enlace"].email]
    assert chihuahua["instituto"] in correo.body
    assert dos["juarez"]["instituto"] not in correo.body


def test_the_analistas_of_a_municipio_are_those_adscribed_to_it(dos):
    sin_adscripcion = UserFactory(username="analista_sin", rol=roles.ANALISTA)
    juarez, chihuahua = dos["juarez"], dos["chihuahua"]
    assert correos_analistas(juarez["municipio"]) == [juarez["analista"].email]
    assert correos_analistas(chihuahua["municipio"].pk) == [chihuahua["analista"].email]
    assert sin_adscripcion.email not in correos_analistas(juarez["municipio"])


def test_with_one_municipio_every_analista_reviews_it(analista):
    otra = UserFactory(username="analista_dos", rol=roles.ANALISTA)
    assert correos_analistas(municipio_principal()) == sorted([analista.email, otra.email])


def test_a_reminder_reaches_only_the_enlaces_of_the_deadlines_municipio(dos):
    call_command("recordatorios", "--hoy", "2022-04-20", stdout=StringIO())
    por_destinatario = {tuple(c.to): c for c in mail.outbox}
    assert set(por_destinatario) == {(dos[m]["enlace"].email,) for m in dos}
    for quien, otro in (("juarez", "chihuahua"), ("chihuahua", "juarez")):
        correo = por_destinatario[(dos[quien]["enlace"].email,)]
        assert dos[quien]["meta"].clave in correo.body
        assert dos[otro]["meta"].clave not in correo.body
        assert correo.cc == [dos[quien]["dif"].titular_email]
        assert dos[quien]["instituto"] in correo.body
        assert dos[otro]["instituto"] not in correo.body


def test_an_enlace_of_both_municipios_gets_one_reminder_from_each(dos):
    """Each digest lists one municipio's fichas and is signed by that municipio."""
    ambos = dos["juarez"]["enlace"]
    EnlaceFactory(usuario=ambos, dependencia=dos["chihuahua"]["dif"])
    salida = StringIO()
    call_command("recordatorios", "--hoy", "2022-04-20", stdout=salida)
    suyos = [c for c in mail.outbox if c.to == [ambos.email]]
    assert len(suyos) == 2
    for correo in suyos:
        [quien] = [m for m in dos if dos[m]["meta"].clave in correo.body]
        otro = "chihuahua" if quien == "juarez" else "juarez"
        assert dos[quien]["instituto"] in correo.body
        assert dos[otro]["instituto"] not in correo.body
        assert dos[otro]["meta"].clave not in correo.body
    assert "2 enlace(s) con pendientes" in salida.getvalue()


def test_a_password_reset_is_signed_by_the_accounts_municipio(client, dos):
    chihuahua = dos["chihuahua"]
    client.post(reverse("password_reset"), {"email": chihuahua["enlace"].email})
    [correo] = mail.outbox
    assert correo.to == [chihuahua["enlace"].email]
    assert chihuahua["instituto"] in correo.body
    assert dos["juarez"]["instituto"] not in correo.body
