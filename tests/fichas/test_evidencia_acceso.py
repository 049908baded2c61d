"""Personal-data evidence is need-to-know; a link evidence shows its destination first."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from fichas.models import DescargaEvidencia, Evidencia

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 lista de asistencia"


def _archivo(ficha, usuario, *, datos_personales: bool, nombre="lista.pdf") -> Evidencia:
    evidencia = Evidencia(
        ficha=ficha,
        subida_por=usuario,
        nombre_original=nombre,
        contiene_datos_personales=datos_personales,
    )
    evidencia.archivo.save(nombre, ContentFile(PDF), save=True)
    return evidencia


def _enlace(ficha, usuario, url, *, datos_personales=False) -> Evidencia:
    return Evidencia.objects.create(
        ficha=ficha, subida_por=usuario, url=url, contiene_datos_personales=datos_personales
    )


@pytest.fixture
def con_datos(ficha_a, enlace_a, media_tmp):
    return _archivo(ficha_a, enlace_a, datos_personales=True, nombre="asistentes.pdf")


@pytest.fixture
def sin_datos(ficha_a, enlace_a, media_tmp):
    return _archivo(ficha_a, enlace_a, datos_personales=False, nombre="cartel.pdf")


def test_a_directivo_is_refused_personal_data_with_a_spanish_reason(client, directivo, con_datos):
    client.force_login(directivo)
    respuesta = client.get(reverse("fichas:evidencia", args=[con_datos.pk]))
    assert respuesta.status_code == 403
    assert "contiene datos personales" in respuesta.text
    assert PDF not in respuesta.content
    assert not DescargaEvidencia.objects.exists()


@pytest.mark.parametrize("persona", ["enlace_a", "analista"])
def test_the_dependencias_enlace_and_analistas_open_it(request, client, con_datos, persona):
    usuario = request.getfixturevalue(persona)
    client.force_login(usuario)
    respuesta = client.get(reverse("fichas:evidencia", args=[con_datos.pk]))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == PDF
    assert DescargaEvidencia.objects.get().usuario == usuario


def test_a_directivo_still_opens_evidence_without_personal_data(client, directivo, sin_datos):
    client.force_login(directivo)
    respuesta = client.get(reverse("fichas:evidencia", args=[sin_datos.pk]))
    assert b"".join(respuesta.streaming_content) == PDF


def test_the_ficha_shows_a_directivo_that_it_exists_without_a_link(
    client, directivo, ficha_a, con_datos, sin_datos
):
    client.force_login(directivo)
    pagina = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert "asistentes.pdf" in pagina and "Datos personales" in pagina
    assert reverse("fichas:evidencia", args=[con_datos.pk]) + '"' not in pagina
    assert reverse("fichas:evidencia", args=[sin_datos.pk]) + '"' in pagina


def test_the_ficha_links_the_enlace_to_its_personal_data_evidence(
    client, enlace_a, ficha_a, con_datos
):
    client.force_login(enlace_a)
    pagina = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert reverse("fichas:evidencia", args=[con_datos.pk]) + '"' in pagina


def test_a_link_opens_an_interstitial_with_its_full_destination(client, enlace_a, ficha_a):
    destino = "https://drive.example.mx/carpeta/evidencia?id=42&tipo=lista"
    enlace = _enlace(ficha_a, enlace_a, destino)
    client.force_login(enlace_a)
    ficha = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert f'href="{reverse("fichas:evidencia", args=[enlace.pk])}"' in ficha
    assert 'href="https://drive.example.mx' not in ficha  # never straight outside

    aviso = client.get(reverse("fichas:evidencia", args=[enlace.pk]))
    assert aviso.status_code == 200
    assert "Está por salir del portal" in aviso.text
    assert "https://drive.example.mx/carpeta/evidencia?id=42&amp;tipo=lista" in aviso.text
    assert 'href="https://drive.example.mx/carpeta/evidencia?id=42&amp;tipo=lista"' in aviso.text
    assert 'rel="noopener noreferrer nofollow"' in aviso.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://archivo.example.mx/lista.pdf"])
def test_only_web_addresses_are_ever_linked(client, enlace_a, ficha_a, url):
    enlace = _enlace(ficha_a, enlace_a, url)
    client.force_login(enlace_a)
    aviso = client.get(reverse("fichas:evidencia", args=[enlace.pk])).text
    assert "no es una página web" in aviso
    assert f'href="{url}"' not in aviso
    assert 'id="continuar"' not in aviso


def test_a_personal_data_link_is_hidden_from_a_directivo(client, directivo, ficha_a, enlace_a):
    enlace = _enlace(
        ficha_a, enlace_a, "https://privado.example.mx/expediente", datos_personales=True
    )
    client.force_login(directivo)
    ficha = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    assert "privado.example.mx" not in ficha and "Enlace externo" in ficha
    aviso = client.get(reverse("fichas:evidencia", args=[enlace.pk]))
    assert aviso.status_code == 403 and "privado.example.mx" not in aviso.text
