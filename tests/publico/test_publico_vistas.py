"""The public micrositio: anonymous, from published versions only, cached, no personal data."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from avgm.models import institucion_actual
from fichas.models import Evidencia
from informes.cifras.figures import Corte
from informes.models import InformePublicado
from informes.publicacion import publicar
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

ACTIVIDADES = "Taller en casa de Rosa Elvira Pérez Soto"
OBSTACULOS = "El enlace Juan Carlos no tuvo vehículo"
EVIDENCIA = "lista-asistencia-con-firmas-vecinas.pdf"


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture(autouse=True)
def cache_limpia():
    from django.core.cache import cache

    cache.clear()


def escenario(dependencia, enlace) -> dict:
    """One recomendación answered by one meta with an approved ficha full of private text."""
    ejercicio(2022)
    rec = RecomendacionFactory(clave="R-001", texto="Capacitar al funcionariado en género.")
    sin_meta = RecomendacionFactory(clave="R-002", texto="Crear un banco de datos estatal.")
    meta = MetaFactory(
        clave="DIF-01", dependencia=dependencia, recomendaciones=[rec], programado={1: 3, 2: 3}
    )
    ficha = FichaFactory(
        meta=meta,
        periodo=periodo(2022, 1),
        estado="aprobada",
        cantidad_alcanzada=3,
        actividades=ACTIVIDADES,
        obstaculos=OBSTACULOS,
        creada_por=enlace,
        mujeres_18_29=3,
        hombres_30_59=12,
    )
    evidencia = Evidencia(ficha=ficha, nombre_original=EVIDENCIA, subida_por=enlace)
    evidencia.archivo.save(EVIDENCIA, ContentFile(b"%PDF-1.4 privado"), save=False)
    evidencia.save()
    return {"rec": rec, "sin_meta": sin_meta, "meta": meta, "ficha": ficha}


def publicar_corte(usuario, errata: str = "") -> InformePublicado:
    return publicar(Corte.buscar(2022, "T2"), usuario=usuario, errata=errata)


@pytest.fixture
def datos(dependencia_a, enlace_a, analista):
    d = escenario(dependencia_a, enlace_a)
    d["v1"] = publicar_corte(analista)
    return d


def urls_publicas(v1: InformePublicado) -> list[str]:
    corte = {"corte": "2022-t2", "version": v1.version}
    return [
        reverse("publico:inicio"),
        reverse("publico:corte", args=[2022, "T2"]),
        reverse("publico:recomendaciones"),
        reverse("publico:recomendacion", args=["R-001"]),
        reverse("publico:recomendacion", args=["R-002"]),
        reverse("publico:dependencias"),
        reverse("publico:dependencia", args=["DIF"]),
        reverse("publico:serie"),
        reverse("publico:archivo"),
        reverse("publico:pdf", args=[v1.pk]),
        reverse("publico:xlsx", args=[v1.pk]),
        reverse("publico:verificar"),
        reverse("publico:datos"),
        reverse("publico:catalogo"),
        reverse("publico:catalogo_dcat"),
        reverse("publico:paquete", kwargs=corte),
        *[
            reverse(
                "publico:archivo_datos", kwargs={**corte, "archivo": f"{nombre}-2022-t2-v1.{ext}"}
            )
            for nombre in (
                "recomendaciones",
                "metas-por-dependencia-y-tipo-de-accion",
                "cifras-del-corte",
                "respuesta-por-dependencia",
            )
            for ext in ("csv", "json", "xlsx")
        ],
    ]


def _contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


@pytest.mark.slow  # publishes (PDF, Excel)
def test_every_public_url_answers_anonymous_visitors(client, datos):
    for url in urls_publicas(datos["v1"]):
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        assert _contenido(respuesta), url


@pytest.mark.slow  # publishes (PDF, Excel)
def test_private_pages_still_ask_anonymous_visitors_to_log_in(client, datos):
    v1 = datos["v1"]
    for url in [
        reverse("informes:lista"),
        reverse("informes:corte", args=[2022, "T2"]),
        reverse("informes:publicado", args=[v1.pk]),
        reverse("informes:publicado_pdf", args=[v1.pk]),
        reverse("fichas:cola"),
        reverse("fichas:ficha", args=[datos["ficha"].pk]),
        reverse("inicio"),
        "/admin/",
    ]:
        respuesta = client.get(url)
        assert respuesta.status_code == 302, url
        assert "login/" in respuesta["Location"], url


def test_the_login_page_links_the_micrositio(client, db):
    assert reverse("publico:inicio") in client.get(reverse("login")).text


@pytest.mark.slow  # publishes (PDF, Excel)
def test_only_published_figures_are_public_and_a_correction_lists_the_old_version(
    client, datos, analista
):
    inicio = reverse("publico:inicio")
    assert "100.0 %" in client.get(inicio).text  # R-001 impactada: 1 of 1 programada

    # The data changes after publishing: the public page keeps showing v1.
    datos["ficha"].estado = "observada"
    datos["ficha"].save()
    pagina = client.get(inicio).text
    assert "100.0 %" in pagina and "versión 1" in pagina
    assert "Impactada" in client.get(reverse("publico:recomendacion", args=["R-001"])).text

    v2 = publicar_corte(analista, errata="La ficha de DIF-01 volvió a revisión.")
    pagina = client.get(inicio).text
    assert "versión 2" in pagina and "0.0 %" in pagina
    assert "La ficha de DIF-01 volvió a revisión." in pagina
    archivo = client.get(reverse("publico:archivo")).text
    assert datos["v1"].sha256 in archivo and v2.sha256 in archivo
    assert "v1" in archivo and "La ficha de DIF-01 volvió a revisión." in archivo
    assert (
        "Programada, sin impacto"
        in client.get(reverse("publico:recomendacion", args=["R-001"])).text
    )


@pytest.mark.slow  # publishes (PDF, Excel)
def test_no_public_page_or_dataset_carries_personal_data(client, datos, enlace_a, analista):
    usuarios = [enlace_a, analista, datos["meta"].dependencia]
    prohibido = [ACTIVIDADES, OBSTACULOS, EVIDENCIA, "Rosa Elvira", "Juan Carlos"]
    for u in usuarios[:2]:
        prohibido += [u.username, u.email, u.get_full_name()]
    prohibido += [datos["meta"].dependencia.titular, datos["meta"].dependencia.titular_email]
    correo = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")
    buzon = institucion_actual().correo_de_contacto.encode()  # the catalogs' contact point
    for url in urls_publicas(datos["v1"]):
        contenido = _contenido(client.get(url))
        if url.endswith((".xlsx", "/xlsx/", "/pdf/")):
            continue  # binary: the report's own PDF/Excel is checked by its tests
        assert set(correo.findall(contenido)) <= {buzon}, url
        texto = contenido.decode()
        for dato in prohibido:
            assert dato not in texto, (url, dato)


@pytest.mark.slow  # publishes (PDF, Excel)
def test_small_beneficiary_counts_are_hidden_with_one_label_in_pages_and_data(client, datos):
    """3 women and 12 men in the only row: the 3 is hidden, and the 12 with it (else 15 − 12 −
    0 = 3), and the TOTAL row's two cells too, since they repeat the row's; the 0 stays."""
    pagina = client.get(reverse("publico:dependencia", args=["DIF"])).text
    assert len(re.findall(r'<td class="num"[^>]*>confidencial</td>', pagina)) == 2
    assert "&lt;5" not in pagina and "reservado" not in pagina
    csv = client.get(
        reverse(
            "publico:archivo_datos",
            kwargs={
                "corte": "2022-t2",
                "version": 1,
                "archivo": "metas-por-dependencia-y-tipo-de-accion-2022-t2-v1.csv",
            },
        )
    ).content.decode()
    encabezado, fila, total = (linea.split(",") for linea in csv.splitlines())
    atenciones = dict(zip(encabezado, fila, strict=True))
    assert atenciones["atenciones_mujeres"] == "confidencial"
    assert atenciones["atenciones_hombres"] == "confidencial"
    assert atenciones["atenciones_sexo_no_especificado"] == "0"
    assert atenciones["atenciones_total"] == "15"
    totales = dict(zip(encabezado, total, strict=True))
    assert totales["dependencia"] == "TOTAL"
    assert totales["atenciones_mujeres"] == totales["atenciones_hombres"] == "confidencial"


@pytest.mark.slow  # publishes (PDF, Excel)
def test_public_pages_send_validators_and_answer_a_conditional_get_with_304(
    client, datos, analista
):
    url = reverse("publico:recomendaciones")
    primera = client.get(url)
    assert primera.status_code == 200
    assert primera["ETag"] and primera["Last-Modified"]
    assert "public" in primera["Cache-Control"]
    otra_vez = client.get(url, HTTP_IF_NONE_MATCH=primera["ETag"])
    assert otra_vez.status_code == 304
    desde = client.get(url, HTTP_IF_MODIFIED_SINCE=primera["Last-Modified"])
    assert desde.status_code == 304

    publicar_corte(analista, errata="Corrección.")
    nueva = client.get(url, HTTP_IF_NONE_MATCH=primera["ETag"])
    assert nueva.status_code == 200 and nueva["ETag"] != primera["ETag"]


@pytest.mark.slow  # publishes (PDF, Excel)
def test_public_pages_are_served_from_the_server_cache_without_reading_the_reports(
    client, datos, django_assert_max_num_queries
):
    url = reverse("publico:serie")
    client.get(url)
    with django_assert_max_num_queries(2):  # the stamp only: the page comes from the cache
        assert "La serie" in client.get(url).text


def test_without_any_publication_the_micrositio_says_so(client, db):
    assert "Aún no hay informes publicados" in client.get(reverse("publico:inicio")).text
    assert client.get(reverse("publico:datos")).status_code == 200
