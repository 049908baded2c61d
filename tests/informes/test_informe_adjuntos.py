"""A published PDF carries its data: the corte's JSON (schema-valid, the same the command
writes) and the micrositio's CSV files, suppressed counts as the public reads them; and it
says, with links, where anyone verifies it."""

import json
import re
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse

from informes.divulgacion.supresion import ETIQUETA
from informes.salidas.json_informe import ESQUEMA
from tests import pdfs
from tests.publico import test_publico_vistas as escenario

# The micrositio's published scenario: one approved ficha with 3 women (a small count the
# public never reads) and private text in its activities and obstacles.
archivos, cache_limpia, datos = escenario.archivos, escenario.cache_limpia, escenario.datos

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # publishing renders PDF and Excel


def _adjuntos(informe) -> dict[str, tuple[bytes, str]]:
    pdf = pdfs.abrir(informe.pdf.read())
    salida = {}
    for nombre, adjunto in pdf.attachments.items():
        especificacion = adjunto.obj
        salida[nombre] = (adjunto.get_file().read_bytes(), str(especificacion.AFRelationship))
    return salida


def test_the_published_pdf_is_pdf_a_3_and_lists_each_embedded_file_once(datos):
    contenido = datos["v1"].pdf.read()
    pdf = pdfs.abrir(contenido)
    assert 'pdfaid:part="3"' in pdfs.xmp(pdf)
    assert re.search(r"^Tagged:\s+yes$", pdfs.pdfinfo(contenido), re.M)
    af = [x.objgen for x in pdf.Root.AF]
    assert len(af) == len(set(af)) == len(pdf.attachments) == 5
    assert all(pdfs.fuentes(pdf).values())


def test_the_embedded_json_validates_and_is_what_the_command_writes(datos):
    v1 = datos["v1"]
    adjuntos = _adjuntos(v1)
    contenido, relacion = adjuntos["informe-de-corte-2022-t2-v1.json"]
    assert relacion == "/Source"
    documento = json.loads(contenido)
    jsonschema.validate(documento, json.loads(ESQUEMA.read_text(encoding="utf-8")))
    assert documento["estado"] == {
        "borrador": False,
        "version_publicada": 1,
        "publicado_en": v1.publicado_en.isoformat(),
    }
    assert documento["recomendaciones"] == v1.figuras["recomendaciones"]
    assert "publico" not in documento  # the raw counts of people stay in the portal

    salida = StringIO()
    call_command("informe", "--ejercicio", "2022", "--hasta", "T2", "--version", "1", stdout=salida)
    assert json.loads(salida.getvalue()) == documento


def test_the_embedded_csv_files_are_the_micrositios_with_small_counts_hidden(client, datos):
    v1 = datos["v1"]
    adjuntos = _adjuntos(v1)
    csvs = {n: c for n, (c, r) in adjuntos.items() if n.endswith(".csv") and r == "/Data"}
    assert len(csvs) == 4
    for nombre, contenido in csvs.items():
        url = reverse(
            "publico:archivo_datos",
            kwargs={"corte": "2022-t2", "version": 1, "archivo": nombre},
        )
        assert client.get(url).content == contenido, nombre
    metas = csvs["metas-por-dependencia-y-tipo-de-accion-2022-t2-v1.csv"].decode()
    encabezado, fila = metas.splitlines()[:2]
    celdas = dict(zip(encabezado.split(","), fila.split(","), strict=True))
    assert celdas["atenciones_mujeres"] == ETIQUETA  # 3 women: never readable
    for contenido, _relacion in adjuntos.values():
        texto = contenido.decode("utf-8")
        assert escenario.ACTIVIDADES not in texto and escenario.OBSTACULOS not in texto


def test_the_last_page_says_where_to_verify_it_with_links(datos, settings):
    v1 = datos["v1"]
    contenido = v1.pdf.read()
    ultima = re.sub(r"\s+", " ", pdfs.textos(contenido)[-1])
    verificar = settings.AVGM_URL_PORTAL + reverse("publico:verificar")
    archivo = settings.AVGM_URL_PORTAL + reverse("publico:archivo") + "#informe-2022-t2-v1"
    assert f"Verifique este documento en {verificar}" in ultima
    assert "versión 1 del corte Ene–Jun 2022" in ultima
    enlaces = pdfs.enlaces(pdfs.abrir(contenido), len(pdfs.textos(contenido)))
    assert verificar in enlaces and archivo in enlaces


def test_the_portal_and_micrositio_link_to_the_verification_with_the_fingerprint(
    client, datos, directivo, settings
):
    v1 = datos["v1"]
    con_huella = reverse("publico:verificar") + f"?sha256={v1.sha256}"
    archivo = client.get(reverse("publico:archivo")).text
    assert 'id="informe-2022-t2-v1"' in archivo  # where the PDF's link lands
    assert f'href="{con_huella}"' in client.get(reverse("publico:corte", args=[2022, "T2"])).text
    client.force_login(directivo)
    pagina = client.get(reverse("informes:publicado", args=[v1.pk])).text
    assert f'href="{settings.AVGM_URL_PORTAL}{con_huella}"' in pagina
    assert "Verifique este documento en" in pagina
    client.logout()
    assert "Es la versión 1 del informe de corte Ene–Jun 2022" in client.get(con_huella).text
