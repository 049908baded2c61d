"""The micrositio's addresses the printed report cites (AVGM_RUTAS_PUBLICAS) are its real ones:
the report (informes) may not name the micrositio's URLs, so the setting must not drift. And
a published file is forever: the addresses a PDF printed keep answering after the deployment
gains a second municipio, while later PDFs print their own municipio's addresses."""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from informes.salidas import impresion
from tests.factories import municipio_principal, otro_municipio
from tests.publico import test_publico_municipios as municipios
from tests.publico import test_publico_vistas as escenario

# The micrositio's media and cache settings, and publishing without PDF rendering.
archivos, cache_limpia = escenario.archivos, escenario.cache_limpia
pdf_sin_render = municipios.pdf_sin_render


def test_the_report_cites_the_micrositios_real_addresses():
    rutas = settings.AVGM_RUTAS_PUBLICAS
    assert rutas["verificar"] == reverse("publico:verificar")
    assert rutas["archivo"] == reverse("publico:archivo")
    assert resolve(rutas["verificar"]).view_name == "publico:verificar"
    for nombre in ("verificar", "archivo"):
        propia = rutas[f"{nombre}_municipio"].format(clave="juarez")
        assert propia == reverse(f"publico:m:{nombre}", kwargs={"municipio": "juarez"})


def impresa(publicado) -> dict[str, str]:
    """The addresses the version's PDF prints, without the portal's scheme and host."""
    return {
        nombre: url.removeprefix(settings.AVGM_URL_PORTAL)
        for nombre, url in impresion.verificacion(publicado).items()
        if nombre in ("verificar", "archivo")
    }


@pytest.mark.django_db
def test_one_municipio_prints_the_bare_addresses_as_always(analista):
    publicado = municipios.publicar_en(municipio_principal(), "DIF", analista)
    assert impresa(publicado) == {
        "verificar": "/publico/verificar/",
        "archivo": f"/publico/archivo/#informe-2022-t2-v{publicado.version}",
    }


@pytest.mark.django_db
def test_a_printed_address_still_answers_after_a_second_municipio_arrives(client, analista):
    primero = municipio_principal()
    antigua = municipios.publicar_en(primero, "DIF", analista)
    impresas = impresa(antigua)
    otro_municipio()
    verificar = client.get(impresas["verificar"], {"sha256": antigua.sha256})
    assert "Auténtico" in verificar.text  # verificar answers every municipio's, unprefixed
    archivo, _, ancla = impresas["archivo"].partition("#")
    respuesta = client.get(archivo, follow=True)
    assert respuesta.redirect_chain == [
        (reverse("publico:m:archivo", kwargs={"municipio": primero.clave}), 302)
    ]
    assert antigua.sha256 in respuesta.text and f'id="{ancla}"' in respuesta.text


@pytest.mark.django_db
def test_with_several_each_pdf_prints_its_own_municipios_addresses(client, analista):
    a, b = municipio_principal(), otro_municipio()
    for municipio, siglas in ((a, "DIF"), (b, "SSPM")):
        publicado = municipios.publicar_en(municipio, siglas, analista)
        impresas = impresa(publicado)
        assert impresas == {
            "verificar": f"/publico/m/{municipio.clave}/verificar/",
            "archivo": f"/publico/m/{municipio.clave}/archivo/#informe-2022-t2-v1",
        }
        archivo, _, ancla = impresas["archivo"].partition("#")
        pagina = client.get(archivo)
        assert pagina.status_code == 200
        assert publicado.sha256 in pagina.text and f'id="{ancla}"' in pagina.text
        verificar = client.get(impresas["verificar"], {"sha256": publicado.sha256})
        assert "Auténtico" in verificar.text
