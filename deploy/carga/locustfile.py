"""Locust scenario of `make carga` (deploy/carga/correr.sh): the portal's daily readers.

Enlaces on their home and their fichas, analistas on the review queue and fichas, directivos
on the report and the tablero (a draft PDF now and then: a progress page is a valid answer),
and a bare Django view (/_bench/vacio/) measured in the same run to compare pages with.
With CARGA_ESCRITURA=1 enlaces also save their editable fichas, each save with a unique token
in «obstáculos»; the tokens of the saves the server confirmed go to CARGA_ESCRITURAS so that
the runner can check every one of them is stored.

Deadline day (`correr.sh cierre`: the classes EnlaceAlCierre, LectorDelInforme,
DirectivoBorrador and VaciaAlCierre): 50 enlaces save (70 %) and submit (30 %) their fichas
while 10 people read the report page and 2 directivos download the draft PDF, and a few users
ask for the bare view under that same load.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser

import gevent
from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

CLAVE = os.environ.get("CARGA_CLAVE", "avgm-demo-2022")
ENLACES = itertools.cycle(os.environ.get("CARGA_ENLACES", "enlace.dif").split(","))
ANALISTAS = itertools.cycle(["analista", "analista2"])
ESCRITURA = os.environ.get("CARGA_ESCRITURA") == "1"
ESCRITURAS: list[str] = []
CORTE = os.environ.get("CARGA_CORTE", "/informes/corte/2022/T2/")
FICHA = re.compile(r'href="/fichas/(\d+)/"')
# The trimestre whose fichas the enlaces open: the corte the readers read. The enlace's home
# opens on the latest trimestre (the demo's has no fichas yet), so each enlace picks it in the
# home's periodo selector once, before the measurement, as a person would.
TRIMESTRE = os.environ.get("CARGA_TRIMESTRE", "T2 2022")
OPCION = re.compile(r'<option value="(\d+)"[^>]*>\s*([^<]+?)\s*</option>')
# Logging in hashes a password on purpose (PBKDF2): 50 logins at once are a burst that a real
# morning spreads out. The measurement starts once every user is logged in and lasts this long.
MEDICION = float(os.environ.get("CARGA_MEDICION", "60"))
DENTRO = {"n": 0}


class TarroLoopback(RequestsCookieJar):
    """The production settings mark cookies Secure; the run talks plain HTTP on 127.0.0.1, so
    the client keeps them as plain cookies (requests copies the jar per request: the flag must
    go when a cookie is stored, not in a policy)."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class Formulario(HTMLParser):
    """The fields of the first form that carries `marca` (inputs, textareas, selects)."""

    def __init__(self, marca: str) -> None:
        super().__init__()
        self.marca, self.campos, self._en_form, self._listo = marca, {}, False, False
        self._textarea: str | None = None
        self._select: str | None = None
        self._todos: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "form" and not self._listo:
            self._en_form, self._todos = True, []
        if not self._en_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "file"):
                return
            self._todos.append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._todos.append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._todos.append((a["name"], ""))
        elif tag == "option" and self._select and "selected" in a:
            self._todos[-1] = (self._select, a.get("value") or "")

    def handle_endtag(self, tag) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._en_form:
            self._en_form = False
            if any(nombre == self.marca for nombre, _ in self._todos):
                self.campos, self._listo = dict(self._todos), True

    def handle_data(self, data) -> None:
        if self._textarea and self._todos and self._todos[-1][0] == self._textarea:
            self._todos[-1] = (self._textarea, self._todos[-1][1] + data)


class Sesion(HttpUser):
    """A person logged in with their own session (cookies kept on plain HTTP)."""

    abstract = True
    wait_time = between(1, 3)
    usuario = ""

    def on_start(self) -> None:
        self.client.cookies = TarroLoopback()
        self.entrar(self.usuario or next(self.cuentas))

    def entrar(self, usuario: str) -> None:
        with self.client.get("/cuentas/login/", name="ingreso", catch_response=True) as r:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
            if not token:
                r.failure("sin formulario de ingreso")
                return
        with self.client.post(
            "/cuentas/login/",
            data={"username": usuario, "password": CLAVE, "csrfmiddlewaretoken": token.group(1)},
            name="ingreso",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"{usuario} no pudo ingresar ({r.status_code})")
        self.fichas: list[str] = []
        self.url_inicio = "/"
        r = self.client.get("/", name="ingreso")
        for pk, texto in OPCION.findall(r.text):
            if texto == TRIMESTRE:
                self.url_inicio = f"/?periodo={pk}"
        DENTRO["n"] += 1
        runner = self.environment.runner
        if DENTRO["n"] == runner.target_user_count:
            _medir(self.environment)

    def pagina(self, url: str, nombre: str):
        r = self.client.get(url, name=nombre)
        self.fichas = FICHA.findall(r.text) or self.fichas
        return r

    def guardar(self, pk: str, html: str, enviar: bool = False) -> bool:
        """Save (or save and submit) the ficha; False when it is not editable."""
        lector = Formulario("obstaculos")
        lector.feed(html)
        if not lector.campos:
            return False  # not editable (enviada or aprobada)
        token = f"carga-{uuid.uuid4().hex}"
        datos = {k: v for k, v in lector.campos.items() if k != "accion"}
        datos["obstaculos"] = token
        if enviar:
            datos["accion"] = "enviar"  # «Guardar y enviar»: saved first, then submitted
        with self.client.post(
            f"/fichas/{pk}/",
            data=datos,
            name="enlace: enviar ficha" if enviar else "enlace: guardar ficha",
            allow_redirects=False,
            headers={"Referer": f"{self.host}/fichas/{pk}/"},
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                ESCRITURAS.append(token)
            elif r.status_code in (200, 409):
                # A validation message, or the page was stale (another session of the same
                # account saved it meanwhile): nothing claimed stored.
                r.success()
            else:
                r.failure(f"guardar: {r.status_code}")
        return True


class Persona(Sesion):
    """The read run's people: their pages, and the bare view between them."""

    abstract = True

    @task(1)
    def vacia(self) -> None:
        """The bare view, with the same session and middleware as every page."""
        self.client.get("/_bench/vacio/", name="vista vacía")


class Enlace(Persona):
    weight = 6
    cuentas = ENLACES

    @task(3)
    def inicio(self) -> None:
        self.pagina(self.url_inicio, "enlace: inicio")

    @task(3)
    def ficha(self) -> None:
        if not self.fichas:
            self.inicio()
        if not self.fichas:
            return
        pk = random.choice(self.fichas)
        r = self.client.get(f"/fichas/{pk}/", name="enlace: ficha")
        if ESCRITURA and random.random() < 0.5:
            self.guardar(pk, r.text)


class Analista(Persona):
    weight = 2
    cuentas = ANALISTAS

    @task(3)
    def cola(self) -> None:
        self.pagina("/fichas/cola/", "analista: cola")

    @task(3)
    def ficha(self) -> None:
        if not self.fichas:
            self.cola()
        if self.fichas:
            self.client.get(f"/fichas/{random.choice(self.fichas)}/", name="analista: ficha")


class Directivo(Persona):
    weight = 2
    usuario = "directivo"

    @task(3)
    def informe(self) -> None:
        self.client.get(CORTE, name="directivo: informe de corte")

    @task(3)
    def tablero(self) -> None:
        self.client.get("/informes/tablero/", name="directivo: tablero")

    @task(1)
    def pdf(self) -> None:
        if random.random() > 0.2:
            return  # a PDF now and then
        with self.client.get(CORTE + "pdf/", name="directivo: PDF", catch_response=True) as r:
            tipo = r.headers.get("Content-Type", "")
            if r.status_code in (200, 202) and ("pdf" in tipo or "html" in tipo):
                r.success()  # the file, or a page that shows the render's progress
            else:
                r.failure(f"PDF: {r.status_code} {tipo}")


class SoloVacia(Persona):
    """The read run's baseline phase (`correr.sh`): as many people, logged in the same way,
    with the same think time, asking only for the bare view; its requests/s is what the
    pages' throughput is compared with."""

    cuentas = ENLACES


class EnlaceAlCierre(Sesion):
    """Deadline day: an enlace opens one of its fichas and saves it (70 %) or saves and
    submits it (30 %), with think time."""

    fixed_count = 50
    cuentas = ENLACES
    wait_time = between(2, 5)

    @task
    def capturar(self) -> None:
        if not self.fichas:
            self.pagina(self.url_inicio, "enlace: inicio")
        for _ in range(3):
            if not self.fichas:
                return
            pk = random.choice(self.fichas)
            r = self.client.get(f"/fichas/{pk}/", name="enlace: ficha")
            if self.guardar(pk, r.text, enviar=random.random() < 0.3):
                return
            self.fichas.remove(pk)  # submitted meanwhile: try another one


class LectorDelInforme(Sesion):
    """Deadline day: someone reading the report page of the corte the enlaces write to."""

    fixed_count = 10
    usuario = "directivo"
    wait_time = between(1, 3)

    @task
    def informe(self) -> None:
        self.client.get(CORTE, name="lector: informe de corte")


class DirectivoBorrador(Sesion):
    """Deadline day: a directivo downloading the draft PDF (the file, or its progress page)."""

    fixed_count = 2
    usuario = "directivo"
    wait_time = between(3, 6)

    @task
    def pdf(self) -> None:
        with self.client.get(
            CORTE + "pdf/", name="directivo: PDF borrador", catch_response=True
        ) as r:
            tipo = r.headers.get("Content-Type", "")
            if r.status_code == 200 and ("pdf" in tipo or "html" in tipo):
                r.success()
            else:
                r.failure(f"PDF: {r.status_code} {tipo}")


class VaciaAlCierre(Sesion):
    """Deadline day: the bare view, logged in, asked for under the same load."""

    fixed_count = 3
    cuentas = ENLACES
    wait_time = between(1, 2)

    @task
    def vacia(self) -> None:
        self.client.get("/_bench/vacio/", name="vista vacía")


def _medir(environment) -> None:
    """Everyone is in: start the measured period from zero, and end the run after it."""
    environment.stats.reset_all()
    print(
        f"Todos dentro ({DENTRO['n']} usuarios); se mide {MEDICION:.0f} s desde {time.strftime('%X')}"
    )
    gevent.spawn_later(MEDICION, environment.runner.quit)


@events.quitting.add_listener
def _anotar_escrituras(environment, **_kw) -> None:
    destino = os.environ.get("CARGA_ESCRITURAS")
    if destino:
        with open(destino, "w", encoding="utf-8") as archivo:
            archivo.writelines(f"{t}\n" for t in ESCRITURAS)
