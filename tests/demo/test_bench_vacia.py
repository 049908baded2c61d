"""The demo app and the bare view load tests compare pages with exist only where they may:
a real server (DEBUG off) has neither; the load-test configuration (AVGM_CARGA) has both."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Three fresh Django processes.
pytestmark = pytest.mark.slow

RAIZ = Path(__file__).resolve().parents[2]

# What a fresh process with the given environment installs and routes (no database needed:
# the bare view and the anonymous 404 page run no query).
SONDA = """
import json
import django
django.setup()
from django.apps import apps
from django.core.management import get_commands
from django.test import Client
# Production settings redirect plain HTTP and trust the proxy's header.
respuesta = Client(secure=True, headers={"x-forwarded-proto": "https"}).get("/_bench/vacio/")
print(json.dumps({
    "demo": apps.is_installed("demo"),
    "comandos": sorted({"demo", "bench", "bench_importar"} & set(get_commands())),
    "estado": respuesta.status_code,
}))
"""


def _sondear(tmp_path: Path, **env: str) -> dict:
    entorno = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "AVGM_CARGA"}
    }
    entorno.update(
        DJANGO_SETTINGS_MODULE="avgm.settings",
        AVGM_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        # No collectstatic here: the 404 page's {% static %} must not need a manifest.
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        **env,
    )
    salida = subprocess.run(
        [sys.executable, "-c", SONDA], cwd=RAIZ, env=entorno, capture_output=True, text=True
    )
    assert salida.returncode == 0, salida.stderr
    return json.loads(salida.stdout.strip().splitlines()[-1])


PRODUCCION = {"DEBUG": "0", "SECRET_KEY": "k" * 50}


def test_a_production_server_has_no_demo_app_and_no_bare_view(tmp_path):
    assert _sondear(tmp_path, **PRODUCCION) == {"demo": False, "comandos": [], "estado": 404}


def test_the_load_test_configuration_installs_the_demo_and_answers_on_the_bare_view(tmp_path):
    resultado = _sondear(tmp_path, **PRODUCCION, AVGM_CARGA="1")
    assert resultado == {
        "demo": True,
        "comandos": ["bench", "bench_importar", "demo"],
        "estado": 200,
    }


def test_development_has_the_demo_but_routes_the_bare_view_only_for_a_load_test(tmp_path):
    resultado = _sondear(tmp_path, DEBUG="1")
    assert resultado == {
        "demo": True,
        "comandos": ["bench", "bench_importar", "demo"],
        "estado": 404,
    }
