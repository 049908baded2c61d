"""Reading a workbook safely and the way a person meant it.

Safely: before openpyxl sees the file, its ZIP central directory is read and the workbook is
refused when it would inflate beyond a cap (in total, or any member by its compression ratio);
openpyxl parses with defusedxml, so entity expansion and external entities are refused with a
message instead of exhausting memory; a sheet has at most a capped number of rows with data.
As meant: one clear Spanish message for a file that is not a readable .xlsx, cells as text
without stray spaces, and formulas the saving program never calculated. Nothing here knows
about the AVGM sheets.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from openpyxl import DEFUSEDXML, LXML, load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

from avgm.texto import limpiar_texto

if LXML or not DEFUSEDXML:
    # Fail closed: without defusedxml an entity-laden workbook would be parsed, not refused.
    raise ImproperlyConfigured(
        "openpyxl must parse with defusedxml, not lxml: set OPENPYXL_LXML=False before "
        "importing it (the avgm package does)."
    )

MB = 1024 * 1024
# A member smaller than this cannot exhaust memory whatever its ratio (tiny XML parts of a
# normal workbook may compress very well).
PROPORCION_DESDE = 1 * MB
XML_PELIGROSO = (
    "El archivo contiene XML con entidades o referencias externas, que el portal no acepta "
    "por seguridad. Ábralo en Excel, guárdelo como «Libro de Excel (.xlsx)» y vuelva a subirlo."
)
XML_DANADO = (
    "El contenido del archivo .xlsx está dañado. Ábralo en Excel, guárdelo de nuevo y vuelva "
    "a subirlo."
)


class ArchivoInvalido(Exception):
    """The upload is not a readable .xlsx workbook; the message says why, in Spanish."""


def normalizar(texto: Any) -> str:
    """Lowercase, no accents, one space between words, no surrounding punctuation."""
    if texto is None:
        return ""
    texto = unicodedata.normalize("NFKD", str(texto))
    texto = "".join(c for c in texto if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-zñ]+", " ", texto).strip()


def clave_busqueda(texto: str) -> str:
    """Key to match claves and siglas: spaces collapsed, no accents, case-folded."""
    texto = unicodedata.normalize("NFKD", str(texto).replace("\xa0", " "))
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", texto).strip().casefold()


def leer_bytes(archivo) -> bytes:
    if isinstance(archivo, bytes | bytearray):
        return bytes(archivo)
    if hasattr(archivo, "read"):
        if hasattr(archivo, "seek"):
            archivo.seek(0)
        return archivo.read()
    with open(archivo, "rb") as fh:
        return fh.read()


def abrir_libro(contenido: bytes):
    """Open `contenido` as a workbook or raise ArchivoInvalido with one clear message."""
    limite = settings.AVGM_IMPORTACION_TAMANO_MAXIMO
    if len(contenido) > limite:
        raise ArchivoInvalido(
            f"El archivo pesa {len(contenido) / 1048576:.1f} MB; el límite es "
            f"{limite / 1048576:.0f} MB. Divida el libro en varios archivos."
        )
    if not contenido:
        raise ArchivoInvalido("El archivo está vacío.")
    if contenido.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in contenido:
            raise ArchivoInvalido(
                "El archivo está protegido con contraseña. Quite la contraseña en Excel "
                "(Archivo › Información › Proteger libro) y vuelva a subirlo."
            )
        raise ArchivoInvalido(
            "El archivo es un libro de Excel 97-2003 (.xls). Guárdelo como "
            "«Libro de Excel (.xlsx)» y vuelva a subirlo."
        )
    if not contenido.startswith(b"PK"):
        raise ArchivoInvalido(
            "El archivo no es un libro de Excel (.xlsx); quizá es otro formato con la "
            "extensión cambiada. Guárdelo como «Libro de Excel (.xlsx)»."
        )
    revisar_zip(contenido)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    except Exception as exc:  # any parser failure means an unreadable file, never a 500
        raise ArchivoInvalido(_motivo(exc)) from exc


def _causas(exc: BaseException | None):
    """`exc` and the exceptions it wraps (openpyxl re-raises parser errors as ValueError)."""
    vistas = set()
    while exc is not None and id(exc) not in vistas:
        vistas.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _peligroso(exc: BaseException) -> bool:
    return any(isinstance(c, DefusedXmlException) for c in _causas(exc))


def _motivo(exc: Exception) -> str:
    if _peligroso(exc):
        return XML_PELIGROSO
    if isinstance(exc, zipfile.BadZipFile | EOFError | zipfile.LargeZipFile):
        return (
            "El archivo .xlsx está dañado o incompleto. Ábralo en Excel, guárdelo de nuevo "
            "y vuelva a subirlo."
        )
    if isinstance(exc, InvalidFileException | KeyError | ValueError | TypeError | OSError):
        return (
            "El archivo no es un libro de Excel (.xlsx) válido. Guárdelo como "
            "«Libro de Excel (.xlsx)» y vuelva a subirlo."
        )
    return (
        "No se pudo leer el archivo como libro de Excel (.xlsx). Ábralo en Excel, "
        "guárdelo de nuevo y vuelva a subirlo."
    )


def revisar_zip(contenido: bytes) -> None:
    """Refuse a ZIP that would inflate too much, reading only its central directory.

    Python's zipfile never returns more bytes than a member declares, so the declared sizes
    bound what openpyxl can inflate.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as archivo:
            miembros = archivo.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise ArchivoInvalido(
            "El archivo .xlsx está dañado o incompleto. Ábralo en Excel, guárdelo de nuevo "
            "y vuelva a subirlo."
        ) from exc
    limite = settings.AVGM_IMPORTACION_DESCOMPRIMIDO_MAXIMO
    total = sum(m.file_size for m in miembros)
    if total > limite:
        raise ArchivoInvalido(
            f"El libro ocupa {total / MB:,.0f} MB al descomprimirlo; el límite es "
            f"{limite / MB:,.0f} MB. Divida el libro en varios archivos."
        )
    proporcion = settings.AVGM_IMPORTACION_PROPORCION_MAXIMA
    for m in miembros:
        if m.file_size >= PROPORCION_DESDE and m.file_size > proporcion * max(m.compress_size, 1):
            raise ArchivoInvalido(
                f"El archivo no parece un libro de Excel normal: una de sus partes se "
                f"descomprime más de {proporcion:,} veces. Guárdelo de nuevo en Excel como "
                "«Libro de Excel (.xlsx)» y vuelva a subirlo."
            )


def texto_celda(valor: Any) -> str:
    """A cell as text: numbers without «.0», surrounding spaces (also non-breaking) and control
    characters (openpyxl decodes «_x000B_» escapes into them) removed."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "VERDADERO" if valor else "FALSO"
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return limpiar_texto(str(valor)).strip()  # strip(): non-breaking and other Unicode spaces


# A formula cell with no cached value: <f> and then no <v>, or an empty <v/> that is not a
# computed empty string (t="str").
_FORMULA_SIN_VALOR = re.compile(
    rb'<c r="([A-Z]+)(\d+)"([^>]*)>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>'
)


def formulas_sin_valor(ws) -> set[tuple[int, int]]:
    """(row, column) of formula cells the saving program never calculated."""
    try:
        with ws.parent._archive.open(ws._worksheet_path) as fh:
            xml = fh.read()
    except (AttributeError, KeyError):
        return set()
    if b"<f" not in xml:
        return set()
    celdas = set()
    for letras, fila, atributos, v in _FORMULA_SIN_VALOR.findall(xml):
        if v and b't="str"' in atributos:
            continue
        celdas.add((int(fila), column_index_from_string(letras.decode())))
    return celdas


def filas_hoja(ws) -> list[tuple[int, tuple]]:
    """(Excel row number, values) of every row holding a value, at most the configured cap."""
    maximo = settings.AVGM_IMPORTACION_FILAS_MAXIMAS
    # Some programs write a wrong <dimension>; read every row and cell actually present.
    ws.reset_dimensions()
    filas = []
    try:
        for numero, fila in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            if all(v is None for v in fila):
                continue
            if len(filas) >= maximo:
                raise ArchivoInvalido(
                    f"La hoja «{ws.title}» tiene más de {maximo:,} filas con datos; "
                    "divida el libro en varios archivos."
                )
            filas.append((numero, fila))
    except (DefusedXmlException, ParseError, ValueError, TypeError, KeyError) as exc:
        raise ArchivoInvalido(XML_PELIGROSO if _peligroso(exc) else XML_DANADO) from exc
    return filas
