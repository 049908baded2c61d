"""What a publication freezes carries no value of a ficha the IMM has not approved.

One corte holds fichas in every state. The unapproved ones carry values nobody could confuse
with the approved data (quantities and budgets from 777,001 up, text «SECRETO-…», a first
submission on 17/05/2022): every published artefact is read whole and none may show one, nor a
sum that includes one. Their counts (sent, on time) may be published; their contents never.
"""

import datetime
import io
import json
import re
import subprocess

import pikepdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fichas.models import CAMPOS_BENEFICIARIOS, CodigoObservacion, Observacion
from informes.models import InformePublicado
from informes.salidas.excel import AVISO_BORRADOR, generar_excel
from informes.salidas.json_informe import como_bytes
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, periodo
from tests.publico import test_publico_vistas as escenario

archivos, cache_limpia = escenario.archivos, escenario.cache_limpia

pytestmark = pytest.mark.django_db

ENVIO_SECRETO = datetime.datetime(2022, 5, 17, 19, 37, tzinfo=datetime.UTC)
TEXTOS = ["actividades", "fechas_realizacion", "lugar", "justificacion_variacion",
          "fuente_presupuesto", "obstaculos", "coordinacion"]  # fmt: skip
# Any number this large is one of the unapproved values or a sum that includes one.
UMBRAL_SECRETO = 700_000


def _sin_revisar(meta, numero: int, estado: str, enlace):
    return FichaFactory(
        meta=meta,
        periodo=periodo(2022, numero),
        estado=estado,
        creada_por=enlace,
        cantidad_alcanzada=777_001,
        presupuesto_ejercido=777_002.5,
        primer_envio_en=None if estado == "borrador" else ENVIO_SECRETO,
        **{c: f"SECRETO-{estado.upper()} {c}" for c in TEXTOS},
        **dict.fromkeys(CAMPOS_BENEFICIARIOS[:3], 777_003),
    )


@pytest.fixture
def publicado(dependencia_a, enlace_a, analista):
    """The micrositio's scenario (DIF-01 approved in T1) plus a ficha in every other state."""
    datos = escenario.escenario(dependencia_a, enlace_a)
    _sin_revisar(datos["meta"], 2, "observada", enlace_a)  # the approved meta's next quarter
    for n, estado in enumerate(["borrador", "enviada", "observada"], start=2):
        meta = MetaFactory(
            clave=f"DIF-0{n}", dependencia=dependencia_a, programado={1: 5, 2: 5},
            recomendaciones=[RecomendacionFactory(clave=f"R-00{n + 1}")],
        )  # fmt: skip
        ficha = _sin_revisar(meta, 1, estado, enlace_a)
    Observacion.objects.create(
        ficha=ficha, codigo=CodigoObservacion.objects.first(), creada_por=analista,
        texto="SECRETO-OBSERVACION", respuesta="SECRETO-RESPUESTA",
    )  # fmt: skip
    return escenario.publicar_corte(analista)


def _fugas(texto: str) -> list[str]:
    """The unapproved values (or sums of them) found in `texto`."""
    # A SHA-256 fingerprint is hex, not a figure: one starting «7123456…» is no leak.
    texto = re.sub(r"\b[0-9a-f]{64}\b", "", texto)
    fugas = re.findall(r"SECRETO-\w+", texto)
    fugas += [f for f in ("17/05/2022", "2022-05-17") if f in texto]
    for numero in re.findall(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d+", texto):
        if int(numero.replace(",", "")) >= UMBRAL_SECRETO:
            fugas.append(numero)
    return fugas


def _texto_de_libro(contenido: bytes) -> str:
    libro = load_workbook(io.BytesIO(contenido))
    return "\n".join(
        str(valor)
        for hoja in libro.worksheets
        for fila in hoja.iter_rows(values_only=True)
        for valor in fila
        if valor is not None
    )


def _texto_de_pdf(contenido: bytes, tmp_path) -> str:
    ruta = tmp_path / "publicado.pdf"
    ruta.write_bytes(contenido)
    return subprocess.run(
        ["pdftotext", "-layout", str(ruta), "-"], capture_output=True, check=True, text=True
    ).stdout


def _descargas(client, informe) -> dict[str, str]:
    """Every public address of the micrositio and the open data, as text."""
    urls = escenario.urls_publicas(informe)
    urls += [reverse("publico:recomendacion", args=[f"R-00{n}"]) for n in (3, 4, 5)]
    textos = {}
    for url in urls:
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        contenido = (
            b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
        )
        if url.endswith((".xlsx", "/xlsx/")):
            textos[url] = _texto_de_libro(contenido)
        elif not url.endswith("/pdf/"):
            textos[url] = contenido.decode()
    return textos


def test_no_published_artefact_carries_a_value_of_an_unapproved_ficha(client, publicado, tmp_path):
    pdf = publicado.pdf.read()
    with pikepdf.open(io.BytesIO(pdf)) as archivo:  # the data the published PDF carries
        dentro = {
            f"{nombre}, dentro del PDF": adjunto.get_file().read_bytes().decode("utf-8")
            for nombre, adjunto in archivo.attachments.items()
        }
    assert len(dentro) == 5
    artefactos = {
        "PDF publicado": _texto_de_pdf(pdf, tmp_path),
        **dentro,
        "Excel publicado": _texto_de_libro(publicado.xlsx.read()),
        "JSON del informe": como_bytes(publicado.figuras, publicado=publicado).decode(),
        "cifras congeladas": json.dumps(publicado.figuras, ensure_ascii=False),
        **_descargas(client, publicado),
    }
    for nombre, texto in artefactos.items():
        assert _fugas(texto) == [], nombre
    # The counts the definitions compute from the other fichas are published: of DIF's 7
    # fichas of metas programmed in the corte, 4 were sent (every state but borrador).
    respuesta = next(
        d for d in publicado.figuras["respuesta_por_dependencia"] if d["dependencia"] == "DIF"
    )
    assert (respuesta["esperadas"], respuesta["reportadas"]) == (8, 4)


def test_the_published_workbook_lists_approved_fichas_and_the_draft_says_it_holds_the_rest(
    publicado,
):
    metas = load_workbook(io.BytesIO(publicado.xlsx.read()))["Metas y fichas"]
    filas = [f for f in metas.iter_rows(min_row=4, values_only=True) if f[0] == "DIF"]
    assert [(f[1], f[6], f[7], f[9]) for f in filas] == [
        ("DIF-01", "T1", "Aprobada", 3),  # its observada T2 is left out
        ("DIF-02", None, None, None),  # metas whose fichas are unapproved: no periodo
        ("DIF-03", None, None, None),
        ("DIF-04", None, None, None),
    ]

    corte = escenario.Corte.buscar(2022, "T2")
    borrador = generar_excel(corte, publicado.figuras, {})
    assert AVISO_BORRADOR in _texto_de_libro(borrador).splitlines()
    assert "SECRETO-BORRADOR actividades" not in _texto_de_libro(borrador)  # texts: no column
    assert "777001" in _fugas(_texto_de_libro(borrador))  # the check above can see a leak


def test_a_workbook_frozen_before_the_rule_is_not_offered_in_public(client, publicado, directivo):
    """Its file is never rewritten: the micrositio stops offering it, the portal keeps it."""
    figuras = publicado.figuras
    del figuras["publico"]["libro_solo_fichas_aprobadas"]  # as versions published before
    InformePublicado.objects.filter(pk=publicado.pk).update(figuras=figuras)
    assert client.get(reverse("publico:xlsx", args=[publicado.pk])).status_code == 404
    archivo = client.get(reverse("publico:archivo")).text
    assert "Excel no disponible" in archivo
    assert reverse("publico:xlsx", args=[publicado.pk]) not in archivo
    assert reverse("publico:xlsx", args=[publicado.pk]) not in client.get("/publico/").text
    client.force_login(directivo)
    interno = client.get(reverse("informes:publicado_xlsx", args=[publicado.pk]))
    assert interno.status_code == 200
