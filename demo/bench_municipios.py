"""The bench's multi-municipio case: does a municipio's corte cost the same when the database
holds other municipios of the same size?

The state-scale ejercicio of the bench (2023, in the deployment's own municipio) is measured
alone first; then N − 1 synthetic municipios join, each with a 2023 ejercicio of the same
size, and every municipio's figures and report page are measured again. A corte's figures
read only its ejercicio's rows, so the ratio to the one-municipio measurement should stay
near 1x and the query count equal. Then the state corte: it reads the municipios' published
snapshots, never their live rows (`informes.estatal`): it is measured with the deployment's
own municipio published alone, then with every municipio published.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

ANIO = 2023
NUMERO = 4  # the state-scale corte: Ene–Dic
VECES = 15  # best of: pages of 10–20 ms need more than three tries on a shared machine


def medir_municipio(municipio, corte) -> dict:
    """Figures (best of `VECES`, no cache) and the report page (best of `VECES`, figures
    cached, after three visits) of `corte`, read by an analista of `municipio`, with their
    query counts."""
    from informes.cifras.figures import computar

    for cache in caches.all():  # the same cold start for every corte measured
        cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as consultas:
        computar(corte)
    t_cifras = min(_tiempo(lambda: computar(corte)) for _ in range(VECES))
    cliente = Client()
    cliente.force_login(_usuario(f"bench.{municipio.clave}", municipio, "ANALISTA"))
    url = reverse("informes:corte", args=[corte.ejercicio.anio, corte.hasta.clave])
    for _ in range(3):  # the first visit computes and keeps the figures; then warm
        cliente.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as consultas_pagina:
        respuesta = cliente.get(url)
    assert respuesta.status_code == 200, respuesta.status_code
    return {
        "municipio": municipio.nombre,
        "cifras": t_cifras,
        "consultas": len(consultas),
        "pagina": min(_tiempo(lambda: cliente.get(url)) for _ in range(VECES)),
        "consultas_pagina": len(consultas_pagina),
    }


def _tiempo(funcion) -> float:
    inicio = time.perf_counter()
    funcion()
    return time.perf_counter() - inicio


def sumar_municipios(n: int, *, dependencias: int, metas: int, fichas: int, generar) -> list:
    """`n` synthetic municipios, each with its institution and a 2023 ejercicio of the given
    size (the bench's `generar`); they are returned in order."""
    from avgm.models import Institucion, Municipio

    nuevos = []
    for i in range(1, n + 1):
        nombre = f"Municipio sintético {i}"
        institucion = Institucion.objects.create(
            nombre=f"Instituto Municipal de las Mujeres de {nombre}", municipio=nombre
        )
        municipio = Municipio.objects.create(
            nombre=nombre, clave=f"sintetico-{i}", institucion=institucion, orden=10 + i
        )
        generar(
            anio=ANIO,
            dependencias=dependencias,
            metas=metas,
            fichas=fichas,
            prefijo=f"M{i}",
            municipio=municipio,
        )
        nuevos.append(municipio)
    return nuevos


def corte_de(municipio):
    from avgm.models import Ejercicio
    from informes.cifras.figures import Corte

    ejercicio = Ejercicio.objects.get(municipio=municipio, anio=ANIO)
    return Corte.de(ejercicio, ejercicio.periodos.get(numero=NUMERO))


def publicar(municipio, corte) -> float:
    """Publish `corte` as the worker does (figures frozen and audited, PDF and Excel written),
    by an analista of `municipio`; the seconds it took."""
    from informes.publicacion import publicar as publicar_version

    usuario = _usuario(f"bench.{municipio.clave}", municipio, "ANALISTA")
    return _tiempo(lambda: publicar_version(corte, usuario=usuario))


def medir_estatal() -> dict:
    """The state corte of the bench's cut, read by the Coordinación estatal: computed from the
    published versions (best of `VECES`, no cache: once per publication), as pages get it
    (kept until something it reads changes), its page and its Excel, with the queries of
    computing it and of the page."""
    from informes.estatal.corte import calcular, corte_estatal
    from informes.estatal.excel import generar_excel

    for cache in caches.all():
        cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as consultas:
        corte = calcular(ANIO, NUMERO)
    cliente = Client()
    cliente.force_login(_usuario("bench.coordinacion", None, "COORDINACION"))
    url = reverse("informes:estatal_corte", args=[ANIO, f"T{NUMERO}"])
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200, respuesta.status_code
    reset_queries()
    with CaptureQueriesContext(connection) as consultas_pagina:
        cliente.get(url)
    return {
        "publicados": len(corte.publicados),
        "cifras": min(_tiempo(lambda: calcular(ANIO, NUMERO)) for _ in range(VECES)),
        "vigente": min(_tiempo(lambda: corte_estatal(ANIO, NUMERO)) for _ in range(VECES)),
        "consultas": len(consultas),
        "pagina": min(_tiempo(lambda: cliente.get(url)) for _ in range(VECES)),
        "consultas_pagina": len(consultas_pagina),
        "excel": min(_tiempo(lambda: generar_excel(corte)) for _ in range(3)),
    }


def escribir_estatal(stdout, filas: list[dict]) -> None:
    """The state corte as more municipios publish, against the first row (one published)."""
    solo = filas[0]
    stdout.write(
        f"{'publicados':<12}{'calcular':>10}{'razón':>7}{'consultas':>10}{'vigente':>9}"
        f"{'página':>9}{'razón':>7}{'cons. pág.':>11}{'Excel':>9}{'razón':>7}"
    )
    for f in filas:
        stdout.write(
            f"{f['publicados']:<12}{f['cifras'] * 1000:>8.1f}ms{f['cifras'] / solo['cifras']:>6.2f}x"
            f"{f['consultas']:>10}{f['vigente'] * 1000:>7.1f}ms"
            f"{f['pagina'] * 1000:>7.1f}ms{f['pagina'] / solo['pagina']:>6.2f}x"
            f"{f['consultas_pagina']:>11}{f['excel'] * 1000:>7.1f}ms{f['excel'] / solo['excel']:>6.2f}x"
        )


def _usuario(nombre: str, municipio, rol: str):
    """A bench account with role `rol` (a name in `avgm.plataforma.roles`), adscrita to
    `municipio` unless None."""
    from django.contrib.auth.models import Group

    from avgm.models import Adscripcion
    from avgm.plataforma import roles

    usuario, creado = get_user_model().objects.get_or_create(username=nombre)
    if creado:
        usuario.groups.add(Group.objects.get(name=getattr(roles, rol)))
        if municipio is not None:
            Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


def escribir(stdout, solo: dict, filas: list[dict]) -> None:
    """The table: each municipio against the one-municipio database, as ratios."""
    stdout.write(
        f"{'municipio':<28}{'cifras':>9}{'razón':>7}{'consultas':>10}"
        f"{'página':>9}{'razón':>7}{'cons. pág.':>11}"
    )

    def fila(f: dict, nombre: str) -> str:
        texto = (
            f"{nombre:<28}{f['cifras']:>8.3f}s{f['cifras'] / solo['cifras']:>6.2f}x"
            f"{f['consultas']:>10}"
        )
        return (
            texto + f"{f['pagina']:>8.3f}s{f['pagina'] / solo['pagina']:>6.2f}x"
            f"{f['consultas_pagina']:>11}"
        )

    stdout.write(fila(solo, f"{solo['municipio'][:16]} (solo)"))
    for f in filas:
        stdout.write(fila(f, f["municipio"][:28]))
