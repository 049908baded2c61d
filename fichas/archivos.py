"""Real content type of an uploaded evidence file, from its first bytes (not its name)."""

from __future__ import annotations

import zipfile

# Extension → (content type, check on the file). DOCX and XLSX are ZIP packages whose
# main part names the format, so a renamed ZIP or a renamed PDF is caught.
EXTENSIONES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _parte_ooxml(archivo, parte: str) -> bool:
    try:
        archivo.seek(0)
        with zipfile.ZipFile(archivo) as paquete:
            return parte in paquete.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        archivo.seek(0)


def extension_de(nombre: str) -> str:
    """The lower-case extension of a file name ("" when it has none)."""
    return nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""


# The types a browser shows inside the page (its PDF viewer, an image); every other type is
# only ever downloaded.
EN_LINEA = {"pdf", "jpg", "jpeg", "png"}


def se_muestra_en_linea(nombre: str, tipo_contenido: str = "") -> bool:
    """Whether a stored evidence may be offered for viewing in the page: its name and the type
    found in its bytes at upload both say PDF, JPEG or PNG (the bytes are checked again when
    it is served, by `tipo_en_linea`)."""
    extension = extension_de(nombre)
    if extension not in EN_LINEA:
        return False
    return not tipo_contenido or tipo_contenido == EXTENSIONES[extension]


def tipo_en_linea(archivo, nombre: str) -> str | None:
    """The content type to show `archivo` inline with, read from its first bytes; None when it
    is not a PDF, JPEG or PNG whatever its name says (a renamed program is never shown)."""
    extension = extension_de(nombre)
    if extension not in EN_LINEA:
        return None
    return tipo_real(archivo, extension)


def tipo_real(archivo, extension: str) -> str | None:
    """The content type if the bytes match `extension`, else None."""
    archivo.seek(0)
    cabecera = archivo.read(8)
    archivo.seek(0)
    extension = extension.lower()
    if extension == "pdf" and cabecera.startswith(b"%PDF-"):
        return EXTENSIONES["pdf"]
    if extension in ("jpg", "jpeg") and cabecera.startswith(b"\xff\xd8\xff"):
        return EXTENSIONES["jpg"]
    if extension == "png" and cabecera == b"\x89PNG\r\n\x1a\n":
        return EXTENSIONES["png"]
    if cabecera.startswith(b"PK\x03\x04"):
        if extension == "docx" and _parte_ooxml(archivo, "word/document.xml"):
            return EXTENSIONES["docx"]
        if extension == "xlsx" and _parte_ooxml(archivo, "xl/workbook.xml"):
            return EXTENSIONES["xlsx"]
    return None
