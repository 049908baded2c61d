"""Locust scenario of `make carga-publico` (deploy/carga/correr.sh publico): a press-note spike.

Anonymous visitors (no login, no session) on the public micrositio under /publico/: inicio,
the corte, recomendaciones and one recomendación, dependencias and one dependencia, the
series, the archive, the open-data index, the DCAT catalog and a dataset CSV. The pages to
visit are read from the server's own listings before the run (real claves, siglas and file
names of the published versions), outside the measurement.

Two classes, run as two phases against the same server with the same users and think time:
`Visitante` (the public pages) and `VisitanteVacia` (only the bare Django view,
/_bench/vacio/), so that the public pages' throughput is compared with the bare view's under
the same load. Each phase measures CARGA_MEDICION seconds once every user has started.
"""

from __future__ import annotations

import os
import random
import re
import time
import urllib.request
from urllib.parse import urljoin

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

MEDICION = float(os.environ.get("CARGA_MEDICION", "45"))
ESPERA = [float(s) for s in os.environ.get("CARGA_ESPERA", "0.5,1.5").split(",")]
ENLACES: dict[str, list[str]] = {}
INICIADOS = {"n": 0}
LISTADOS = {
    "recomendacion": ("/publico/recomendaciones/", r"/publico/recomendaciones/[^/\"]+/"),
    "dependencia": ("/publico/dependencias/", r"/publico/dependencias/[^/\"]+/"),
    "corte": ("/publico/archivo/", r"/publico/corte/\d{4}/[^/\"]+/"),
    "csv": ("/publico/datos/", r"/publico/datos/[^/\"]+/v\d+/[^/\"]+\.csv"),
}


def _leer(environment, url: str) -> str:
    with urllib.request.urlopen(urljoin(environment.host, url), timeout=30) as r:
        return r.read().decode("utf-8")


@events.test_start.add_listener
def _descubrir(environment, **_kw) -> None:
    """The real links of the published versions, read once before anyone starts. With several
    municipios /publico/ lists them and each has its micrositio under /publico/m/<clave>/: the
    visitors read CARGA_MUNICIPIO's (the first listed by default)."""
    claves = re.findall(r'href="/publico/m/([^/"]+)/"', _leer(environment, "/publico/"))
    if claves:
        prefijo = f"/publico/m/{os.environ.get('CARGA_MUNICIPIO') or claves[0]}/"
        for i, (peso, nombre, url) in enumerate(PAGINAS):
            if url.startswith("/publico/"):
                PAGINAS[i] = (peso, nombre, prefijo + url.removeprefix("/publico/"))
        for clave, (listado, patron) in list(LISTADOS.items()):
            LISTADOS[clave] = (
                prefijo + listado.removeprefix("/publico/"),
                re.escape(prefijo) + patron.removeprefix("/publico/"),
            )
        print(f"Varios municipios: se visita el micrositio {prefijo}")
    for clave, (listado, patron) in LISTADOS.items():
        html = _leer(environment, listado)
        ENLACES[clave] = sorted(set(re.findall(f'href="({patron})"', html)))
        if not ENLACES[clave]:
            raise SystemExit(f"Sin enlaces públicos en {listado}: ¿hay versiones publicadas?")


class Anonimo(FastHttpUser):
    abstract = True
    wait_time = between(*ESPERA)

    def on_start(self) -> None:
        INICIADOS["n"] += 1
        if INICIADOS["n"] == self.environment.runner.target_user_count:
            _medir(self.environment)


# (weight, name, a fixed URL or the key of ENLACES to pick one from): what 100 visitors read.
PAGINAS = [
    (4, "público: inicio", "/publico/"),
    (1, "público: corte", "corte"),
    (2, "público: recomendaciones", "/publico/recomendaciones/"),
    (4, "público: recomendación", "recomendacion"),
    (2, "público: dependencias", "/publico/dependencias/"),
    (3, "público: dependencia", "dependencia"),
    (1, "público: serie", "/publico/serie/"),
    (1, "público: archivo", "/publico/archivo/"),
    (1, "público: datos", "/publico/datos/"),
    (1, "público: catálogo JSON", "/publico/datos/catalogo.json"),
    (2, "público: CSV", "csv"),
]


class Visitante(Anonimo):
    @task
    def pagina(self) -> None:
        ((_peso, nombre, url),) = random.choices(PAGINAS, weights=[p[0] for p in PAGINAS])
        if not url.startswith("/"):
            url = random.choice(ENLACES[url])
        with self.client.get(url, name=nombre, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{url}: {r.status_code}")
            elif "set-cookie" in {k.lower() for k in r.headers}:
                r.failure(f"{url}: la página pública abrió una sesión")


class VisitanteVacia(Anonimo):
    @task
    def vacia(self) -> None:
        """Answered by the view itself: a redirect to the login page would measure that page."""
        with self.client.get(
            "/_bench/vacio/", name="vista vacía", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200 or r.text != "ok":
                r.failure(f"vista vacía: {r.status_code}")


def _medir(environment) -> None:
    """Every user has started: measure from zero, and end the phase after MEDICION seconds."""
    environment.stats.reset_all()
    print(
        f"Todos dentro ({INICIADOS['n']} usuarios anónimos); "
        f"se mide {MEDICION:.0f} s desde {time.strftime('%X')}"
    )
    gevent.spawn_later(MEDICION, environment.runner.quit)
