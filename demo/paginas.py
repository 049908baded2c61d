"""Server time of the portal's busiest pages at demo size (Django test client, median of N),
next to a bare view measured in the same run: `manage.py bench` prints them as ratios."""

from __future__ import annotations

import logging
import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

# Targets of the server-time measurements (server time, idle, demo size).
META_MS = {"enlace": 15, "analista": 15, "informe": 30}


def _mediana_ms(cliente: Client, url: str, veces: int) -> float:
    respuesta = cliente.get(url)  # warm: session, caches, templates
    assert respuesta.status_code == 200, (url, respuesta.status_code)
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        cliente.get(url)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos)


def _cliente(username: str) -> Client:
    # Production settings redirect plain HTTP and trust the proxy's header.
    cliente = Client(secure=True, headers={"x-forwarded-proto": "https"})
    cliente.force_login(get_user_model().objects.get(username=username))
    return cliente


def paginas(anio: int = 2022, hasta: str = "T2") -> list[tuple[str, str, str]]:
    """(name, persona, URL) of the measured pages, on the loaded demo."""
    from fichas.models import FichaTecnica

    enlace = get_user_model().objects.get(username="enlace.dif")
    ficha = FichaTecnica.objects.filter(meta__dependencia__enlaces__usuario=enlace).first()
    enviada = FichaTecnica.objects.filter(estado=FichaTecnica.Estado.ENVIADA).first()
    return [
        ("enlace: inicio", "enlace.dif", reverse("inicio")),
        ("enlace: ficha", "enlace.dif", reverse("fichas:ficha", args=[ficha.pk])),
        ("analista: inicio", "analista", reverse("inicio")),
        ("analista: cola", "analista", reverse("fichas:cola")),
        ("analista: ficha", "analista", reverse("fichas:ficha", args=[enviada.pk])),
        ("directivo: tablero", "directivo", reverse("informes:tablero")),
        ("informe de corte", "directivo", reverse("informes:corte", args=[anio, hasta])),
    ]


def medir_paginas(veces: int = 15) -> tuple[float, list[tuple[str, float]]]:
    """The bare view's median (ms) and each page's, measured in the same run (without the
    request log lines, which would bury the figures)."""
    registro = logging.getLogger("avgm.peticiones")
    nivel = registro.level
    registro.setLevel(logging.WARNING)
    try:
        return _medir_paginas(veces)
    finally:
        registro.setLevel(nivel)


def medir_inicio_analista(periodos: list[int], veces: int = 15) -> list[dict]:
    """The analista's home on each periodo (pk): dependencias listed, server time with the
    data unchanged (median of `veces`) and right after a change (every cache emptied first)."""
    from django.core.cache import caches

    from fichas.selectors import respuesta_por_dependencia

    registro = logging.getLogger("avgm.peticiones")
    registro.setLevel(logging.WARNING)
    cliente = _cliente("analista")
    filas = []
    for pk in periodos:
        url = f"{reverse('inicio')}?periodo={pk}"
        quieta = _mediana_ms(cliente, url, veces)
        tiempos = []
        for _ in range(max(3, veces // 3)):
            for alias in ("local", "default"):
                caches[alias].clear()
            inicio = time.perf_counter()
            cliente.get(url)
            tiempos.append((time.perf_counter() - inicio) * 1000)
        from avgm.models import Periodo

        n = len(respuesta_por_dependencia(Periodo.objects.get(pk=pk)))
        filas.append(
            {"dependencias": n, "quieta": quieta, "tras_cambio": statistics.median(tiempos)}
        )
    return filas


def _medir_paginas(veces: int) -> tuple[float, list[tuple[str, float]]]:
    clientes: dict[str, Client] = {}
    vacia = _mediana_ms(_cliente("directivo"), "/_bench/vacio/", veces)
    filas = []
    for nombre, persona, url in paginas():
        cliente = clientes.setdefault(persona, _cliente(persona))
        filas.append((nombre, _mediana_ms(cliente, url, veces)))
    return vacia, filas
