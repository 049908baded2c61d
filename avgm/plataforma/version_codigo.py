"""A fingerprint of the deployed code: the caches' key prefix (settings.CACHES).

Cached figures and rendered page parts are keyed by the data revision, which says when the
data changed, not when the code did. A deploy that changes how a figure is computed or how a
table is drawn must not serve what the previous code kept (the shared cache table outlives
the processes): every key carries this fingerprint, so the new code starts with an empty
cache and the old entries age out. Content, not dates: two servers with the same code share
their entries.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CARPETAS = ("avgm", "dependencias", "fichas", "informes", "planeacion", "publico", "templates")
EXTENSIONES = {".py", ".html", ".txt", ".csv"}


def huella(base: Path) -> str:
    """12 hex characters that change whenever a source file or template under `base` does."""
    suma = hashlib.sha256()
    for carpeta in CARPETAS:
        for ruta in sorted((base / carpeta).rglob("*")):
            if ruta.suffix in EXTENSIONES and ruta.is_file() and "migrations" not in ruta.parts:
                suma.update(str(ruta.relative_to(base)).encode())
                suma.update(ruta.read_bytes())
    return suma.hexdigest()[:12]
