"""The file storage for uploads (evidence, imported workbooks): never a partial file.

Django's FileSystemStorage writes straight into the final name, so a full disk or a cut
connection mid-write leaves a truncated file that looks like a real one. Here the bytes go
to a hidden temporary file beside the target, which is linked into place only when complete
and removed whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AlmacenSinRestos(FileSystemStorage):
    """FileSystemStorage whose files appear whole or not at all."""

    def _save(self, name: str, content) -> str:
        ruta = self.path(name)
        carpeta = os.path.dirname(ruta)
        if self.directory_permissions_mode is not None:
            antes = os.umask(0)
            try:
                os.makedirs(carpeta, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(antes)
        else:
            os.makedirs(carpeta, exist_ok=True)
        fd, temporal = tempfile.mkstemp(dir=carpeta, prefix=".subiendo-")
        try:
            with os.fdopen(fd, "wb") as destino:
                for parte in content.chunks():
                    destino.write(parte)
            if self.file_permissions_mode is not None:
                os.chmod(temporal, self.file_permissions_mode)
            while True:
                try:
                    # A link, unlike a rename, refuses to replace a file someone else just saved.
                    os.link(temporal, ruta)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    ruta = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporal)
        return str(name).replace("\\", "/")
