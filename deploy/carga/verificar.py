"""Checks of `make carga`, run with the portal's own settings and database.

python deploy/carga/verificar.py cuentas            # enable every demo enlace account
python deploy/carga/verificar.py huella > antes.json # count + checksum of the data tables
python deploy/carga/verificar.py escrituras FILE    # every confirmed save is stored
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avgm.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from avgm.models import EventoBitacora  # noqa: E402
from avgm.plataforma import roles  # noqa: E402
from fichas.models import HistorialFicha  # noqa: E402

# The report's data: every model of these apps, but the bitácora (it logs logins) and the
# bookkeeping that the data revision ignores too (`_sin_revision`: e.g. a draft PDF's render
# job, which a directivo's read creates on purpose).
APPS = ("avgm", "dependencias", "fichas", "informes")


def cuentas() -> None:
    """The demo gives most enlaces an unusable password: in this throwaway copy, all log in."""
    enlaces = get_user_model().objects.filter(groups__name=roles.ENLACE)
    enlaces.update(password=make_password(os.environ.get("CARGA_CLAVE", "avgm-demo-2022")))
    print(",".join(enlaces.order_by("username").values_list("username", flat=True)))


def huella() -> None:
    resultado = {}
    for modelo in apps.get_models():
        if modelo._meta.app_label not in APPS or modelo is EventoBitacora:
            continue
        if getattr(modelo, "_sin_revision", False):
            continue
        suma = hashlib.sha256()
        filas = 0
        for fila in modelo.objects.order_by("pk").values_list():
            suma.update(repr(fila).encode())
            filas += 1
        resultado[modelo._meta.label] = [filas, suma.hexdigest()[:16]]
    print(json.dumps(resultado, indent=1, sort_keys=True))


def escrituras(archivo: str) -> None:
    tokens = [t for t in Path(archivo).read_text().split() if t]
    guardados = set()
    for cambios in HistorialFicha.objects.filter(
        accion=HistorialFicha.Accion.EDITAR, cambios__has_key="obstaculos"
    ).values_list("cambios", flat=True):
        guardados.add(cambios["obstaculos"][1])
    perdidos = [t for t in tokens if t not in guardados]
    print(f"Escrituras confirmadas: {len(tokens)}; guardadas: {len(tokens) - len(perdidos)}")
    if perdidos:
        print(f"PERDIDAS: {len(perdidos)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    orden = sys.argv[1]
    {"cuentas": cuentas, "huella": huella}.get(orden, lambda: escrituras(sys.argv[2]))()
