"""The deploy files an operator follows: the environment file a shell and systemd both read,
and the gunicorn unit that accepts the address list nginx balances across."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ / "deploy"))
from nginx import leer_entorno  # noqa: E402 - deploy/ is scripts, not a package

EJEMPLO = RAIZ / "deploy" / "avgm.env.example"


def test_the_example_env_file_sources_in_a_shell_with_every_variable_as_systemd_reads_it():
    hecho = subprocess.run(
        ["bash", "-c", 'set -a; . "$1"; set +a; "$2" -c "import json, os; print(json.dumps(dict(os.environ)))"',
         "-", str(EJEMPLO), sys.executable],
        env={"PATH": os.environ["PATH"]}, capture_output=True, text=True,
    )  # fmt: skip

    assert hecho.returncode == 0 and hecho.stderr == "", hecho.stderr
    entorno = json.loads(hecho.stdout)
    esperado = leer_entorno(EJEMPLO)
    assert len(esperado) > 20
    assert {k: entorno.get(k) for k in esperado} == esperado
    assert entorno["ADMINS"] == "Sistemas IMM <sistemas@juarez.gob.mx>"


def _exec_start() -> str:
    unidad = (RAIZ / "deploy" / "systemd" / "avgm.service").read_text()
    unidad = unidad.replace("\\\n", " ")
    return re.search(r"^ExecStart=(.*)$", unidad, re.M).group(1)


def test_the_gunicorn_unit_binds_every_address_of_a_comma_separated_list():
    entorno = {
        **os.environ,
        "AVGM_GUNICORN": "127.0.0.1:8001, 127.0.0.1:8002",
        "AVGM_GUNICORN_WORKERS": "3",
    }
    # systemd replaces ${VAR} in ExecStart; the unit should need none for gunicorn's options.
    comando = shlex.split(_exec_start().replace("/srv/avgm/app/.venv/bin/", ""))
    assert "${" not in " ".join(comando)
    comando[0] = str(Path(sys.executable).parent / comando[0])

    hecho = subprocess.run(
        [*comando, "--print-config"], cwd=RAIZ, env=entorno, capture_output=True, text=True
    )

    assert hecho.returncode == 0, hecho.stderr
    config = dict(re.findall(r"^(\w+)\s*=\s*(.*)$", hecho.stdout, re.M))
    assert config["bind"] == "['127.0.0.1:8001', '127.0.0.1:8002']"
    assert config["workers"] == "3"
    assert config["threads"] == "4"
