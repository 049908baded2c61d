"""The upload waiting between preview and confirmation, and its preview, parsed once.

Both live in the shared upload folder MEDIA_ROOT/importaciones, so any app server can show the
preview or apply it: `<token>.xlsx` holds the uploaded bytes and `<token>.json` the preview
(the file's name and SHA-256, the fingerprint to confirm, and what the page shows). The token
is random and kept only in the uploader's session. Uploads never confirmed nor discarded (a
closed browser) are removed after VIGENCIA.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from dependencias.excel.importacion import sha256
from dependencias.excel.resultado import Resultado

VIGENCIA = datetime.timedelta(days=1)


@dataclass
class Pendiente:
    token: str
    nombre: str
    sha256: str
    huella: str
    vista: dict  # Resultado.como_dict() at the last validation

    @property
    def archivo(self) -> Path:
        return _carpeta() / f"{self.token}.xlsx"


def _carpeta() -> Path:
    carpeta = Path(settings.MEDIA_ROOT) / "importaciones"
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta


def _escribir(ruta: Path, contenido: bytes) -> None:
    """Write atomically (another server may read it meanwhile), with the upload permissions."""
    temporal = ruta.with_name(f".{ruta.name}.{secrets.token_hex(4)}")
    temporal.write_bytes(contenido)
    temporal.chmod(settings.FILE_UPLOAD_PERMISSIONS or 0o640)
    os.replace(temporal, ruta)


def guardar(contenido: bytes, nombre: str, resultado: Resultado) -> Pendiente:
    """Keep an upload and its preview; return it (its token goes in the session)."""
    limpiar_abandonados()
    pendiente = Pendiente(
        token=secrets.token_hex(16),
        nombre=nombre[:200],
        sha256=sha256(contenido),
        huella=resultado.huella(),
        vista=resultado.como_dict(),
    )
    _escribir(pendiente.archivo, contenido)
    _guardar_vista(pendiente)
    return pendiente


def _guardar_vista(pendiente: Pendiente) -> None:
    datos = {
        "nombre": pendiente.nombre,
        "sha256": pendiente.sha256,
        "huella": pendiente.huella,
        "vista": pendiente.vista,
    }
    _escribir(_carpeta() / f"{pendiente.token}.json", json.dumps(datos).encode())


def actualizar(pendiente: Pendiente, resultado: Resultado) -> None:
    """Replace the stored preview with a newer validation of the same file."""
    pendiente.huella = resultado.huella()
    pendiente.vista = resultado.como_dict()
    _guardar_vista(pendiente)


def leer(token: str | None) -> Pendiente | None:
    """The upload `token` names, if both its file and its preview are still there."""
    if not token or not str(token).isalnum():
        return None
    try:
        pendiente = Pendiente(token=token, **json.loads((_carpeta() / f"{token}.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return pendiente if pendiente.archivo.exists() else None


def descartar(token: str | None) -> None:
    if token and str(token).isalnum():
        for sufijo in (".xlsx", ".json"):
            (_carpeta() / f"{token}{sufijo}").unlink(missing_ok=True)


def limpiar_abandonados() -> None:
    """Remove uploads older than VIGENCIA (never applied: not records)."""
    limite = time.time() - VIGENCIA.total_seconds()
    for ruta in _carpeta().iterdir():
        try:
            if ruta.suffix in (".xlsx", ".json") and ruta.stat().st_mtime < limite:
                ruta.unlink(missing_ok=True)
        except FileNotFoundError:  # another server removed it meanwhile
            continue
