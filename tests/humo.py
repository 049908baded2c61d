"""Harness of the production-shaped smoke test (tests/test_humo.py).

Starts, in a throwaway folder: a PostgreSQL database `avgm_humo` with the demo, an SMTP sink,
two gunicorn instances (DEBUG=0) sharing that database, MEDIA_ROOT and AVGM_CACHE_INFORMES,
and nginx (the Debian package, its own process) with the site deploy/nginx.py writes from an
environment file, in front of both, TLS with a self-signed certificate made now by openssl.
`Navegador` is a small HTTPS client (cookies, forms, CSRF) that connects from 127.0.0.2 so
the address the app sees can be told from the proxy's own.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BASE = "avgm_humo"
PG = "postgres://root@127.0.0.1:5432"
CLAVE_DEMO = "avgm-demo-2022"
ORIGEN_CLIENTE = "127.0.0.2"


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qAtc", sql],
        check=True,
        capture_output=True,
    )


def esperar(url_ok, segundos: float = 60) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            if url_ok():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError("el portal no respondió a tiempo")


@dataclass
class Portal:
    carpeta: Path
    entorno: dict
    https: int
    http: int
    certificado: Path
    instancias: dict = field(default_factory=dict)  # name -> log file
    gunicorns: dict = field(default_factory=dict)  # name -> process
    procesos: list = field(default_factory=list)
    worker: subprocess.Popen | None = None

    def manage(self, *args: str, debug: bool = False) -> str:
        entorno = {**self.entorno, "DEBUG": "1" if debug else "0"}
        hecho = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=RAIZ,
            env=entorno,
            capture_output=True,
            text=True,
        )
        assert hecho.returncode == 0, hecho.stdout + hecho.stderr
        return hecho.stdout

    def consulta(self, codigo: str):
        """Run Python against the portal's database; `codigo` assigns `resultado`."""
        salida = self.manage("shell", "-c", f"import json\n{codigo}\nprint(json.dumps(resultado))")
        return json.loads(salida.strip().splitlines()[-1])

    def lanzar(self, argumentos: list[str], log: Path | str) -> subprocess.Popen:
        salida = open(self.carpeta / log, "w")  # noqa: SIM115 - owned by the child
        proceso = subprocess.Popen(
            argumentos, cwd=RAIZ, env=self.entorno, stdout=salida, stderr=subprocess.STDOUT
        )
        self.procesos.append(proceso)
        return proceso

    def arrancar_worker(self) -> subprocess.Popen:
        """The task worker (PDFs, Excels, publishing, mail), as deploy/systemd/avgm-worker.service
        runs it; each start writes its own log."""
        n = len(list(self.carpeta.glob("worker-*.log"))) + 1
        comando = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
        self.worker = self.lanzar(comando, f"worker-{n}.log")
        return self.worker

    def instancia_de(self, request_id: str) -> str:
        """Which gunicorn answered the request (its JSON log has the request id)."""
        for _ in range(20):
            for nombre, log in self.instancias.items():
                if f'"{request_id}"' in log.read_text(encoding="utf-8", errors="replace"):
                    return nombre
            time.sleep(0.1)
        raise AssertionError(f"ninguna instancia registró {request_id}")

    def detener_gunicorn(self) -> None:
        """Stop both app servers and leave nginx running (the outage an operator may cause)."""
        for proceso in self.gunicorns.values():
            proceso.terminate()
        for proceso in self.gunicorns.values():
            proceso.wait(timeout=40)

    def detener(self) -> None:
        for proceso in reversed(self.procesos):
            proceso.terminate()
        for proceso in self.procesos:
            try:
                proceso.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proceso.kill()


def arrancar(carpeta: Path) -> Portal:
    psql(f'DROP DATABASE IF EXISTS "{BASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{BASE}"')
    cert, clave = carpeta / "cert.pem", carpeta / "clave.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(clave), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    https, http_, smtp = puerto_libre(), puerto_libre(), puerto_libre()
    var = carpeta / "var"
    entorno = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO", "AVGM_", "DATABASE_URL", "MEDIA_ROOT", "PYTEST"))
    }
    entorno.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64)[:64],
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{https}",
        DATABASE_URL=f"{PG}/{BASE}",
        AVGM_VAR_DIR=str(var),
        MEDIA_ROOT=str(carpeta / "media"),
        AVGM_CACHE_INFORMES=str(carpeta / "cache"),
        AVGM_PROXIES_CONFIABLES="1",
        AVGM_ESPERA_RENDER_PDF="3",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp),
        EMAIL_USE_TLS="0",
        ADMINS="Sistemas <sistemas@humo.test>",
        PYTHONUNBUFFERED="1",
    )
    (carpeta / "media").mkdir()
    portal = Portal(carpeta, entorno, https, http_, cert)
    # Data first with DEBUG=1 (the demo refuses DEBUG=0), then everything runs with DEBUG=0.
    portal.manage("migrate", "--noinput", debug=True)
    portal.manage("demo", debug=True)
    portal.manage("collectstatic", "--noinput")
    # What deploy/systemd/avgm.service runs before it starts gunicorn.
    portal.manage("check", "--deploy", "--database", "default", "--fail-level", "WARNING")

    try:
        _servidores(portal, smtp=smtp, clave=clave, var=var)
    except BaseException:
        portal.detener()  # no server left behind by a failed start
        raise
    return portal


def _servidores(portal: Portal, *, smtp: int, clave: Path, var: Path) -> None:
    carpeta, cert, lanzar = portal.carpeta, portal.certificado, portal.lanzar
    http_, https = portal.http, portal.https
    lanzar([sys.executable, "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer",
            f"127.0.0.1:{smtp}"], carpeta / "smtp.log")  # fmt: skip
    portal.arrancar_worker()
    direcciones = []
    for nombre in ("g1", "g2"):
        puerto = puerto_libre()
        direcciones.append(f"127.0.0.1:{puerto}")
        portal.instancias[nombre] = carpeta / f"{nombre}.log"
        portal.gunicorns[nombre] = lanzar(
            [str(VENV_BIN / "gunicorn"), "avgm.wsgi", "--bind", f"127.0.0.1:{puerto}"]
            + ["--workers", "1", "--threads", "4", "--timeout", "120", "--no-control-socket"],
            portal.instancias[nombre],
        )
    archivo_entorno = carpeta / "avgm.env"
    archivo_entorno.write_text(
        "\n".join(
            [
                "AVGM_DOMINIO=127.0.0.1",
                f"AVGM_TLS_CERTIFICADO={cert}",
                f"AVGM_TLS_CLAVE={clave}",
                f"AVGM_GUNICORN={','.join(direcciones)}",
                f"AVGM_ESCUCHA_HTTP=127.0.0.1:{http_}",
                f"AVGM_ESCUCHA_HTTPS=127.0.0.1:{https}",
                f"AVGM_VAR_DIR={var}",
            ]
        )
    )
    sitio = subprocess.run(
        [sys.executable, str(RAIZ / "deploy" / "nginx.py"), str(archivo_entorno)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (carpeta / "avgm.conf").write_text(sitio)
    temporal = carpeta / "nginx-tmp"
    temporal.mkdir()
    usuario = "user root;" if os.geteuid() == 0 else ""  # the temp folder is private to us
    (carpeta / "nginx.conf").write_text(
        f"""{usuario}
daemon off;
worker_processes 1;
pid {carpeta}/nginx.pid;
error_log {carpeta}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {carpeta}/nginx-access.log;
    client_body_temp_path {temporal}/body;
    proxy_temp_path {temporal}/proxy;
    fastcgi_temp_path {temporal}/fastcgi;
    uwsgi_temp_path {temporal}/uwsgi;
    scgi_temp_path {temporal}/scgi;
    include {carpeta}/avgm.conf;
}}
"""
    )
    _nginx(portal, carpeta)


def _nginx(portal: Portal, carpeta: Path) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    prueba = subprocess.run(
        [nginx, "-t", "-q", "-p", str(carpeta), "-c", str(carpeta / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert prueba.returncode == 0, prueba.stderr
    portal.lanzar([nginx, "-p", str(carpeta), "-c", str(carpeta / "nginx.conf")], "nginx.log")
    sonda = Navegador(portal)
    for _ in range(4):  # both instances up (round-robin alternates)
        esperar(lambda: sonda.pedir("GET", "/salud/").status == 200)


@dataclass
class Respuesta:
    status: int
    encabezados: list[tuple[str, str]]
    cuerpo: bytes
    request_id: str

    def encabezado(self, nombre: str) -> str | None:
        for clave, valor in self.encabezados:
            if clave.lower() == nombre.lower():
                return valor
        return None

    def cookies(self) -> list[str]:
        return [v for k, v in self.encabezados if k.lower() == "set-cookie"]

    @property
    def texto(self) -> str:
        return self.cuerpo.decode("utf-8", errors="replace")


class _Formularios(HTMLParser):
    """Every <form> on a page: its action and the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formularios: list[dict] = []
        self._texto: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.formularios.append({"action": a.get("action") or "", "campos": {}})
        if not self.formularios:
            return
        campos = self.formularios[-1]["campos"]
        if tag == "input" and a.get("name"):
            tipo = (a.get("type") or "text").lower()
            if tipo in ("submit", "button", "file", "image", "reset"):
                return
            if tipo in ("checkbox", "radio") and "checked" not in a:
                return
            campos[a["name"]] = a.get("value") or ("on" if tipo == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            self._texto = a["name"]
            campos[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in campos or "selected" in a:
                campos[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._texto = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._texto and self.formularios:
            self.formularios[-1]["campos"][self._texto] += data


def formulario_completo(html: str, action_contiene: str) -> tuple[str, dict]:
    """The action and fields of the first form whose action contains `action_contiene`."""
    parser = _Formularios()
    parser.feed(html)
    for f in parser.formularios:
        if action_contiene in f["action"] if action_contiene else not f["action"]:
            return f["action"], dict(f["campos"])
    texto = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))[:1500]
    raise AssertionError(f"no hay formulario con action «{action_contiene}»: {texto}")


def formulario(html: str, action_contiene: str) -> dict:
    return formulario_completo(html, action_contiene)[1]


class Navegador:
    """One person's browser: HTTPS to nginx from 127.0.0.2, cookies, CSRF, one request id each."""

    def __init__(self, portal: Portal, origen: str = ORIGEN_CLIENTE):
        self.portal = portal
        self.origen = origen
        self.galletas: dict[str, str] = {}
        self.contexto = ssl.create_default_context(cafile=str(portal.certificado))

    def pedir(self, metodo, ruta, datos=None, archivos=None, puerto=None, https=True) -> Respuesta:
        puerto = puerto or (self.portal.https if https else self.portal.http)
        if https:
            conexion = http.client.HTTPSConnection(
                "127.0.0.1", puerto, context=self.contexto, timeout=180,
                source_address=(self.origen, 0),
            )  # fmt: skip
        else:
            conexion = http.client.HTTPConnection(
                "127.0.0.1", puerto, timeout=30, source_address=(self.origen, 0)
            )
        request_id = f"humo-{uuid.uuid4().hex}"
        encabezados = {
            "X-Request-ID": request_id,
            "Referer": f"https://127.0.0.1:{self.portal.https}{ruta}",
        }
        if self.galletas:
            encabezados["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.galletas.items())
        cuerpo = None
        if archivos:
            limite = uuid.uuid4().hex
            partes = []
            for nombre, valor in (datos or {}).items():
                partes.append(
                    f'--{limite}\r\nContent-Disposition: form-data; name="{nombre}"\r\n\r\n'
                    f"{valor}\r\n".encode()
                )
            for nombre, (archivo, contenido, tipo) in archivos.items():
                partes.append(
                    f'--{limite}\r\nContent-Disposition: form-data; name="{nombre}"; '
                    f'filename="{archivo}"\r\nContent-Type: {tipo}\r\n\r\n'.encode()
                    + contenido
                    + b"\r\n"
                )
            cuerpo = b"".join(partes) + f"--{limite}--\r\n".encode()
            encabezados["Content-Type"] = f"multipart/form-data; boundary={limite}"
        elif datos is not None:
            cuerpo = urllib.parse.urlencode(datos).encode()
            encabezados["Content-Type"] = "application/x-www-form-urlencoded"
        conexion.request(metodo, ruta, body=cuerpo, headers=encabezados)
        r = conexion.getresponse()
        respuesta = Respuesta(r.status, r.getheaders(), r.read(), request_id)
        conexion.close()
        for galleta in respuesta.cookies():
            nombre, _, resto = galleta.partition("=")
            valor = resto.split(";", 1)[0]
            if valor in ('""', ""):
                self.galletas.pop(nombre, None)
            else:
                self.galletas[nombre] = valor
        return respuesta

    def seguir(self, respuesta: Respuesta) -> Respuesta:
        while respuesta.status in (301, 302, 303):
            destino = urllib.parse.urlsplit(respuesta.encabezado("Location"))
            ruta = destino.path + (f"?{destino.query}" if destino.query else "")
            respuesta = self.pedir("GET", ruta)
        return respuesta

    def enviar(self, ruta_pagina: str, action: str, cambios: dict, archivos=None) -> Respuesta:
        """Open the page, fill the form whose action contains `action`, submit it."""
        pagina = self.pedir("GET", ruta_pagina)
        assert pagina.status == 200, (ruta_pagina, pagina.status)
        destino, campos = formulario_completo(pagina.texto, action)
        campos.update(cambios)
        destino = destino or ruta_pagina
        return self.pedir("POST", destino, datos=campos, archivos=archivos)

    def entrar(self, usuario: str, clave: str = CLAVE_DEMO) -> Respuesta:
        respuesta = self.enviar("/cuentas/login/", "", {"username": usuario, "password": clave})
        return respuesta


def json_de(respuesta: Respuesta):
    return json.loads(respuesta.cuerpo)
