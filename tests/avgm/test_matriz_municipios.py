"""The permission matrix with a second municipio: every URL × every role × own/other municipio.

The world of `tests/fichas/test_flujo_permisos.py` (its metas, fichas, evidence, versions,
renders, GIM evaluation and planning) lives in the principal municipio. A second municipio has
its own analista, directivo and enlace, and its own ejercicio 2022 with nothing in it. For
every row of the matrix:

- a person of the other municipio never reaches the world's objects: a URL naming one of them
  answers 404 (403 where that role lacks the capability anyway), a forged POST changes nothing,
  and no page they can open shows the world's dependencia or meta;
- the Coordinación estatal reads the principal municipio exactly as a Directivo does, and,
  once it chose the other municipio, it is an outsider to the world like the others.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from avgm.models import Adscripcion
from avgm.plataforma import municipios, roles
from fichas.models import FichaTecnica
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)
from tests.fichas import test_flujo_permisos as matriz
from tests.fichas.test_flujo_permisos import LOGIN, MATRIZ

# The matrix's world and its PDF stand-in, as fixtures of this module too.
_personas_y_mundo = matriz._personas_y_mundo
mundo = matriz.mundo
_pdf_sin_render = matriz._pdf_sin_render

pytestmark = pytest.mark.django_db

# What the other municipio's people are, compared with the principal's persona of their role.
FORANEOS = {"analista_otro": "analista", "directivo_otro": "directivo", "enlace_otro": "enlace_b"}
# Keys of a URL that name one object of the world.
DE_OBJETO = {"pk", "meta_pk", "periodo_pk"}
# The micrositio is public: a published version is anyone's to read, from any municipio
# (tests/publico check that each municipio's micrositio shows only its own).
PRIVADAS = sorted(n for n in MATRIZ if not n.startswith("publico:"))
# Strings only the world's pages print.
DEL_MUNDO = ("Desarrollo Integral de la Familia",)


@pytest.fixture
def dos_municipios(_personas_y_mundo, mundo):
    """The principal's people get their adscripción (with two municipios nobody belongs to one
    by default); the other municipio gets its own people and an empty ejercicio 2022."""
    principal, otro = municipio_principal(), otro_municipio()
    for usuario in _personas_y_mundo[0].values():
        Adscripcion.objects.get_or_create(usuario=usuario, defaults={"municipio": principal})
    ejercicio(2022, otro)
    dependencia = DependenciaFactory(municipio=otro, siglas="DIF", nombre="DIF del otro municipio")
    personas = {
        "analista_otro": UserFactory(username="analista_otro", rol=roles.ANALISTA),
        "directivo_otro": UserFactory(username="directivo_otro", rol=roles.DIRECTIVO),
        "enlace_otro": EnlaceFactory(
            usuario__username="enlace_otro", dependencia=dependencia
        ).usuario,
    }
    for usuario in personas.values():
        Adscripcion.objects.create(usuario=usuario, municipio=otro)
    personas["coordinacion"] = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    return {"principal": principal, "otro": otro, **personas}


def _fichas(mundo) -> dict[int, tuple[str, int]]:
    return {
        pk: (estado, version)
        for pk, estado, version in FichaTecnica.objects.values_list("pk", "estado", "version")
    }


def _pedir(client, nombre, mundo):
    fila = MATRIZ[nombre]
    kwargs = fila.kwargs(mundo) if fila.kwargs else None
    respuesta = getattr(client, fila.metodo)(reverse(nombre, kwargs=kwargs), fila.datos(mundo))
    if respuesta.streaming:  # a download read to the end closes its file; close() would also
        b"".join(respuesta.streaming_content)  # end the module's transaction on PostgreSQL
    return fila, kwargs or {}, respuesta


def _esperado(respuesta) -> int | str:
    if respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login")):
        return LOGIN
    return respuesta.status_code


@pytest.mark.parametrize("persona", sorted(FORANEOS))
@pytest.mark.parametrize("nombre", PRIVADAS)
def test_the_other_municipios_people_never_reach_the_world(
    request, client, mundo, dos_municipios, nombre, persona
):
    client.force_login(dos_municipios[persona])
    antes = _fichas(mundo)
    fila, kwargs, respuesta = _pedir(client, nombre, mundo)
    propio = getattr(fila, FORANEOS[persona])
    obtenido = _esperado(respuesta)
    if DE_OBJETO & set(kwargs) and propio not in (LOGIN, 403):
        assert obtenido == 404, f"{nombre} como {persona}: {obtenido}"
    elif DE_OBJETO & set(kwargs):
        assert obtenido in (403, 404), f"{nombre} como {persona}: {obtenido}"
    assert _fichas(mundo) == antes, f"{nombre} como {persona} cambió una ficha del otro municipio"
    if respuesta.status_code == 200 and respuesta.get("Content-Type", "").startswith("text/html"):
        texto = respuesta.content.decode()
        for cadena in DEL_MUNDO:
            assert cadena not in texto, f"{nombre} como {persona} muestra «{cadena}»"


# Where the Coordinación is not a Directivo: it chooses the municipio it reads.
COORDINACION_NO_ES_DIRECTIVO = {"municipio_elegir": 302}


@pytest.mark.parametrize("nombre", PRIVADAS)
def test_the_coordinacion_reads_the_principal_municipio_as_a_directivo(
    client, mundo, dos_municipios, nombre
):
    client.force_login(dos_municipios["coordinacion"])
    fila, _, respuesta = _pedir(client, nombre, mundo)
    esperado = COORDINACION_NO_ES_DIRECTIVO.get(nombre, fila.directivo)
    if esperado == LOGIN:
        assert _esperado(respuesta) == LOGIN, f"{nombre} como coordinación"
    else:
        assert respuesta.status_code == esperado, f"{nombre} como coordinación"


@pytest.mark.parametrize("nombre", [n for n in PRIVADAS if MATRIZ[n].kwargs])
def test_the_coordinacion_reading_the_other_municipio_is_an_outsider_to_the_world(
    client, mundo, dos_municipios, nombre
):
    coordinacion = dos_municipios["coordinacion"]
    client.force_login(coordinacion)
    respuesta = client.post(
        reverse("municipio_elegir"), {"municipio": dos_municipios["otro"].pk, "next": "/"}
    )
    assert respuesta.status_code == 302
    assert client.session[municipios.ELEGIDO] == dos_municipios["otro"].pk
    fila, kwargs, respuesta = _pedir(client, nombre, mundo)
    if DE_OBJETO & set(kwargs) and fila.directivo not in (LOGIN, 403):
        assert respuesta.status_code == 404, f"{nombre}: {respuesta.status_code}"
