"""Production settings: no default secret, and `check --deploy` stays quiet with real values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    entorno = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    entorno.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=RAIZ, env=entorno, capture_output=True, text=True
    )


def test_without_debug_a_secret_key_is_required():
    resultado = _manage("check", DEBUG="0")
    assert resultado.returncode != 0
    assert "SECRET_KEY must be set" in resultado.stderr


@pytest.mark.slow  # a child process
def test_check_deploy_reports_no_warnings_with_real_values():
    resultado = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7#kq2!v9m@p4w8z1r6t0y3u5i2o8a7s6d4f1g9h3j5k0l2z8x6c4v1b7n3m5q",
        ALLOWED_HOSTS="avgm.juarez.gob.mx",
        EMAIL_HOST="smtp.juarez.gob.mx",
        AVGM_PROXIES_CONFIABLES="1",
    )
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout
    assert "no issues" in resultado.stdout


@pytest.mark.slow  # a child process
def test_the_example_secret_key_of_env_example_refuses_to_start():
    clave = next(
        linea.removeprefix("SECRET_KEY=")
        for linea in (RAIZ / ".env.example").read_text().splitlines()
        if linea.startswith("SECRET_KEY=")
    )
    resultado = _manage("check", DEBUG="0", SECRET_KEY=clave, ALLOWED_HOSTS="avgm.juarez.gob.mx")
    assert resultado.returncode != 0
    assert "avgm.E003" in resultado.stderr
    assert "clave de ejemplo" in resultado.stderr
