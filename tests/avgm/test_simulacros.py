"""Drills with real parts: a mail server that is not there, and a worker killed with -9.

(a) An enlace submits a ficha while the SMTP server is down: the step answers as always and
the message waits in the queue; once the server is back, the worker delivers it, once.
(b) `manage.py db_worker` runs as its own process on the test database; killed mid-render,
/salud/ turns red, and a new worker finishes the render well within a minute.
"""

import fcntl
import json
import os
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from avgm.plataforma import cola_correo
from informes import tasks
from informes.cifras.corte import Corte
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio, periodo
from tests.trabajador import trabajador

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RAIZ = Path(__file__).resolve().parents[2]


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _SesionSMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every command accepted, each DATA kept."""

    def handle(self) -> None:
        self.wfile.write(b"220 sumidero ESMTP\r\n")
        datos = None
        for linea in self.rfile:
            if datos is not None:
                if linea == b".\r\n":
                    self.server.mensajes.append(b"".join(datos).decode())
                    datos = None
                    self.wfile.write(b"250 OK\r\n")
                else:
                    datos.append(linea)
            elif linea[:4].upper() == b"DATA":
                datos = []
                self.wfile.write(b"354 Fin con <CR><LF>.<CR><LF>\r\n")
            elif linea[:4].upper() == b"QUIT":
                self.wfile.write(b"221 Adios\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class SumideroSMTP(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, puerto: int) -> None:
        super().__init__(("127.0.0.1", puerto), _SesionSMTP)
        self.mensajes: list[str] = []


def test_a_submission_with_the_mail_server_down_answers_as_always_and_mails_once_it_is_back(
    client, settings, ficha_a, enlace_a, analista
):
    puerto = puerto_libre()  # nobody listens there
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", puerto, False
    settings.EMAIL_TIMEOUT = 2
    cola_correo._pausa_hasta = 0.0
    client.force_login(enlace_a)

    envio = client.post(
        reverse("fichas:enviar", args=[ficha_a.pk]),
        {"version": ficha_a.version, "confirmar_medios": "on"},
    )

    assert envio.status_code == 302
    assert envio["Location"] == reverse("fichas:ficha", args=[ficha_a.pk])
    ficha_a.refresh_from_db()
    assert ficha_a.estado == "enviada"
    assert ficha_a.folio in client.get(reverse("fichas:acuse", args=[ficha_a.pk])).text
    assert DBTaskResult.objects.get().status == "READY"  # queued, not tried in the request

    trabajador()  # the server is still down: put off
    (reintento,) = DBTaskResult.objects.filter(status="READY")
    assert reintento.args_kwargs["args"][1] == 2  # its second attempt, later

    with SumideroSMTP(puerto) as sumidero:
        threading.Thread(target=sumidero.serve_forever, daemon=True).start()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        cola_correo._pausa_hasta = 0.0
        trabajador()
        trabajador()
        sumidero.shutdown()

    assert len(sumidero.mensajes) == 1
    assert ficha_a.folio in sumidero.mensajes[0] and analista.email in sumidero.mensajes[0]


# --- (b) kill -9 of a real worker process ---


def _entorno(tmp_path: Path) -> dict:
    """The environment of a worker and a server on the test's own database."""
    entorno = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO", "AVGM_", "DATABASE_URL", "MEDIA_ROOT", "PYTEST"))
    }
    entorno.update(
        DEBUG="1",
        AVGM_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        AVGM_CACHE_INFORMES=str(tmp_path / "cache"),
        AVGM_WORKER_LATIDO_SEGUNDOS="1",
        AVGM_WORKER_SIN_LATIDO_SEGUNDOS="5",
        AVGM_ESPERA_RENDER_PDF="120",  # the render waits for the slot the test holds
        PYTHONUNBUFFERED="1",
    )
    ajustes = connection.settings_dict
    if connection.vendor == "postgresql":
        entorno["DATABASE_URL"] = (
            f"postgres://{ajustes['USER']}@{ajustes['HOST']}:{ajustes['PORT']}/{ajustes['NAME']}"
        )
    else:  # the in-memory test database, copied to the file the processes open
        (tmp_path / "var").mkdir()
        with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as copia:
            connection.connection.backup(copia)
    return entorno


def _salud(puerto: int) -> tuple[int, dict[str, str]]:
    """/salud/'s status code and each check's detalle by name (0 while nothing answers)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{puerto}/salud/", timeout=5) as r:
            estado, cuerpo = r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        estado, cuerpo = error.code, json.loads(error.read())
    except OSError:
        return 0, {}
    return estado, {c["nombre"]: c["detalle"] for c in cuerpo["comprobaciones"]}


def _cola_vacia(puerto: int) -> bool:
    estado, detalles = _salud(puerto)
    return estado == 200 and detalles["cola"].startswith("0 en espera, 0 en curso")


def _hasta(condicion, segundos: float, que: str) -> float:
    inicio = time.monotonic()
    while not condicion():
        assert time.monotonic() - inicio < segundos, f"no ocurrió en {segundos} s: {que}"
        time.sleep(0.2)
    return time.monotonic() - inicio


def test_a_worker_killed_mid_render_turns_salud_red_and_the_next_worker_finishes_it(
    tmp_path, settings, directivo
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory(clave="R-1")], programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    render = tasks.solicitar(Corte.de(ejercicio(2022), periodo(2022, 2)), "pdf", usuario=directivo)
    entorno = _entorno(tmp_path)
    (tmp_path / "cache").mkdir()
    candado = os.open(tmp_path / "cache" / "render-0.lock", os.O_CREAT | os.O_RDWR, 0o640)
    fcntl.flock(candado, fcntl.LOCK_EX)  # another render holds the only slot
    puerto = puerto_libre()
    procesos = []

    def lanzar(*argumentos: str, log: str) -> subprocess.Popen:
        salida = open(tmp_path / log, "w")  # noqa: SIM115 - owned by the child
        proceso = subprocess.Popen(
            argumentos, cwd=RAIZ, env=entorno, stdout=salida, stderr=subprocess.STDOUT
        )
        procesos.append(proceso)
        return proceso

    worker = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
    try:
        lanzar(str(Path(sys.executable).parent / "gunicorn"), "avgm.wsgi", "--bind",
               f"127.0.0.1:{puerto}", "--workers", "1", log="gunicorn.log")  # fmt: skip
        primero = lanzar(*worker, log="worker-1.log")
        _hasta(lambda: " 1 en curso" in _salud(puerto)[1].get("cola", ""), 90, "en curso")
        assert _salud(puerto)[0] == 200

        primero.send_signal(signal.SIGKILL)  # mid-render: it waits for the render slot
        primero.wait()
        rojo = _hasta(lambda: _salud(puerto)[0] == 503, 20, "/salud/ en rojo")
        detalles = _salud(puerto)[1]
        assert detalles["worker"].startswith("sin latido desde hace")
        assert " 1 en curso" in detalles["cola"]

        fcntl.flock(candado, fcntl.LOCK_UN)
        lanzar(*worker, log="worker-2.log")
        terminado = _hasta(lambda: _cola_vacia(puerto), 60, "el segundo worker termina")
    finally:
        os.close(candado)
        for proceso in procesos:
            proceso.terminate()
            proceso.wait(timeout=30)

    consulta = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from informes.models import Render\nfrom django_tasks_db.models import DBTaskResult\n"
         f"r = Render.objects.get(pk={render.pk})\n"
         "print(r.estado, r.disponible, len(DBTaskResult.objects.get().worker_ids))"],
        cwd=RAIZ, env=entorno, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert consulta.stdout.split()[-3:] == ["lista", "True", "2"]
    print(f"\n/salud/ en rojo {rojo:.1f} s tras el kill -9; render terminado {terminado:.1f} s "
          "tras arrancar el segundo worker")  # fmt: skip
