"""A workbook can neither exhaust the server nor make it read files: ZIP inflation is capped
before openpyxl opens anything, XML entities are refused, rows per sheet are capped, and the
preview is parsed once per upload."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dependencias.excel import importacion
from dependencias.excel import libro as libro_excel
from dependencias.models import Dependencia
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db

IMPORTAR = reverse("dependencias:importar")
VISTA = reverse("dependencias:importar_vista_previa")
MB = 1024 * 1024
DEPENDENCIAS = [ENCABEZADOS["Dependencias"], ["DIF", "DIF Municipal"]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def openpyxl_prohibido(monkeypatch):
    """Fail the test if openpyxl is asked to open the workbook."""
    llamadas = []

    def prohibido(*args, **kwargs):
        llamadas.append(args)
        raise AssertionError("openpyxl opened a workbook that should have been refused")

    monkeypatch.setattr(libro_excel, "load_workbook", prohibido)
    yield
    assert llamadas == [], "openpyxl opened a workbook that should have been refused"


def _con_miembro(nombre: str, datos: bytes, base: bytes | None = None) -> bytes:
    """A valid workbook with the member `nombre` added or replaced by `datos` (deflated)."""
    entrada = zipfile.ZipFile(io.BytesIO(base or libro(Dependencias=DEPENDENCIAS)))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for item in entrada.infolist():
            if item.filename != nombre:
                z.writestr(item, entrada.read(item.filename))
        z.writestr(nombre, datos)
    return salida.getvalue()


def _subir(client, contenido):
    return client.post(IMPORTAR, {"archivo": SimpleUploadedFile("libro.xlsx", contenido)})


# --- ZIP inflation ----------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(client, analista, openpyxl_prohibido):
    bomba = _con_miembro("xl/media/ceros.bin", bytes(60 * MB))
    assert len(bomba) < MB  # small upload, 60 MB once inflated
    client.force_login(analista)
    respuesta = _subir(client, bomba)
    assert respuesta.status_code == 200
    assert "El libro ocupa 60 MB al descomprimirlo; el límite es 50 MB." in (
        respuesta.content.decode()
    )
    assert client.get(VISTA)["Location"] == IMPORTAR  # nothing is kept pending


def test_a_part_that_inflates_too_many_times_is_refused_even_under_the_total(
    openpyxl_prohibido,
):
    contenido = _con_miembro("xl/media/ceros.bin", bytes(10 * MB))
    with pytest.raises(importacion.ArchivoInvalido) as exc:
        importacion.previsualizar(contenido)
    assert "se descomprime más de 100 veces" in str(exc.value)


def test_the_inflation_caps_are_settings(settings):
    contenido = _con_miembro("xl/media/ceros.bin", bytes(2 * MB))
    settings.AVGM_IMPORTACION_PROPORCION_MAXIMA = 10_000
    assert importacion.previsualizar(contenido).valido
    settings.AVGM_IMPORTACION_DESCOMPRIMIDO_MAXIMO = 1 * MB
    with pytest.raises(importacion.ArchivoInvalido, match="el límite es 1 MB"):
        importacion.previsualizar(contenido)


def test_a_file_that_is_not_a_zip_is_refused_before_openpyxl(openpyxl_prohibido):
    with pytest.raises(importacion.ArchivoInvalido, match="dañado o incompleto"):
        importacion.previsualizar(b"PK\x03\x04" + b"no es un zip" * 100)


# --- XML entities -----------------------------------------------------------------------

HOJA = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Siglas</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Nombre</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>DIF</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>{valor}</t></is></c></row>'
    "</sheetData></worksheet>"
)
RISAS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
              for n in range(1, 10))
    + "]>"
)  # fmt: skip
XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _hoja(doctype: str, valor: str) -> bytes:
    return HOJA.format(doctype=doctype, valor=valor).encode()


def test_the_handmade_sheet_is_a_valid_workbook_without_entities():
    contenido = _con_miembro("xl/worksheets/sheet1.xml", _hoja("", "Nombre a mano"))
    fila = importacion.previsualizar(contenido).hoja("Dependencias").filas[0]
    assert fila.datos["nombre"] == "Nombre a mano"


@pytest.mark.parametrize(
    ("doctype", "valor"), [(RISAS, "&lol9;"), (XXE, "&xxe;")], ids=["billion-laughs", "xxe"]
)
def test_a_sheet_declaring_xml_entities_gets_a_spanish_message(client, analista, doctype, valor):
    contenido = _con_miembro("xl/worksheets/sheet1.xml", _hoja(doctype, valor))
    client.force_login(analista)
    respuesta = _subir(client, contenido)
    assert respuesta.status_code == 200
    assert "XML con entidades o referencias externas" in respuesta.content.decode()
    assert "root:" not in respuesta.content.decode()


def test_entities_in_the_workbook_part_get_the_same_message():
    base = libro(Dependencias=DEPENDENCIAS)
    original = zipfile.ZipFile(io.BytesIO(base)).read("xl/workbook.xml")
    contenido = _con_miembro("xl/workbook.xml", XXE.encode() + original, base)
    with pytest.raises(importacion.ArchivoInvalido, match="XML con entidades"):
        importacion.previsualizar(contenido)


# --- rows -------------------------------------------------------------------------------


def test_a_sheet_over_the_row_cap_gets_a_message(client, analista, settings):
    settings.AVGM_IMPORTACION_FILAS_MAXIMAS = 4
    filas = [ENCABEZADOS["Dependencias"]] + [[f"D{n}", f"Dependencia {n}"] for n in range(4)]
    client.force_login(analista)
    respuesta = _subir(client, libro(Dependencias=filas))
    assert "La hoja «Dependencias» tiene más de 4 filas con datos" in respuesta.content.decode()
    # At the cap it is accepted; blank rows do not count.
    con_huecos = filas[:2] + [[], [None, None]] + filas[2:4]
    assert importacion.previsualizar(libro(Dependencias=con_huecos)).valido


# --- parsed once ------------------------------------------------------------------------


def test_the_preview_page_shows_the_stored_preview_without_parsing_again(
    client, analista, monkeypatch
):
    llamadas = []
    original = libro_excel.load_workbook

    def contando(*args, **kwargs):
        llamadas.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(libro_excel, "load_workbook", contando)
    client.force_login(analista)
    _subir(client, libro(Dependencias=DEPENDENCIAS))
    assert len(llamadas) == 1
    for _ in range(3):
        vista = client.get(VISTA)
        assert "DIF" in vista.content.decode()
    assert len(llamadas) == 1
    huella = vista.context["form"].initial["huella"]
    client.post(reverse("dependencias:importar_aplicar"), {"huella": huella})
    assert len(llamadas) == 2  # applying re-validates inside its transaction
    assert Dependencia.objects.filter(siglas="DIF").exists()
