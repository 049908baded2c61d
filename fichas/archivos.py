"""Real content type of an uploaded evidence file, from its first bytes (not its name)."""

from __future__ import annotations

import zipfile

# Extension → (content type, check on the file). DOCX and XLSX are ZIP packages whose
# main part names the format, so a renamed ZIP or a renamed PDF is caught.
TAMANO_MAXIMO = 10 * 1024 * 1024
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
