"""The suppression pattern of published versions: frozen with each one, checked before it.

A version published since the pattern is frozen carries it in its snapshot (`"supresion"`:
the rule, the label and the hidden cells). A version published before that is shown with
the pattern this rule chooses for it, version after version of its corte, so it is shown
the same way every time.
"""

from __future__ import annotations

from functools import lru_cache

from informes.divulgacion import tablas
from informes.divulgacion.auditoria import Publicacion, PublicacionInsegura, fallas
from informes.divulgacion.supresion import ETIQUETA, REGLA, cotas_de_la_regla, elegir
from informes.divulgacion.tablas import Clave
from informes.models import InformePublicado


def _elegir(version: int, instantanea: dict, anteriores: list[Publicacion]) -> Publicacion:
    """The pattern this rule chooses for `instantanea` as version `version`."""
    return elegir(
        version,
        tablas.valores(instantanea),
        tablas.publicadas(instantanea),
        anteriores,
        personas=tablas.personas(instantanea),
        invisibles=tablas.invisibles(instantanea),
        publicas=tablas.cotas_por_estado(instantanea),
    )


def _publicacion(version: int, instantanea: dict, anteriores: list[Publicacion]) -> Publicacion:
    congelada = instantanea.get("supresion")
    if congelada is None:
        return _elegir(version, instantanea, anteriores)
    ocultas = frozenset(tuple(k) for k in congelada["ocultas"])
    heredadas = ocultas & (anteriores[-1].ocultas if anteriores else frozenset())
    cotas = cotas_de_la_regla(
        ocultas, heredadas, tablas.invisibles(instantanea), tablas.cotas_por_estado(instantanea)
    )
    return Publicacion(
        version,
        tablas.valores(instantanea),
        tablas.publicadas(instantanea),
        ocultas,
        cotas,
        tablas.personas(instantanea),
    )


def del_corte(ejercicio_id: int, hasta_id: int, *, hasta_version: int | None = None):
    """Every published version of a corte up to `hasta_version`, as the public reads them."""
    informes = InformePublicado.objects.del_corte(ejercicio_id, hasta_id).order_by("version")
    if hasta_version is not None:
        informes = informes.filter(version__lte=hasta_version)
    publicaciones: list[Publicacion] = []
    for version, figuras in informes.values_list("version", "figuras"):
        instantanea = figuras.get("publico")
        if instantanea is not None:  # versions older than the snapshot show no atenciones
            publicaciones.append(_publicacion(version, instantanea, publicaciones))
    return publicaciones


def patron(informe: InformePublicado) -> tuple[frozenset[Clave], str]:
    """The cells a published version hides, and the label they read."""
    instantanea = informe.figuras.get("publico") or {}
    congelada = instantanea.get("supresion")
    if congelada is not None:
        return frozenset(tuple(k) for k in congelada["ocultas"]), congelada["etiqueta"]
    if not instantanea:
        return frozenset(), ETIQUETA
    return _elegido(informe.ejercicio_id, informe.hasta_id, informe.version, informe.sha256)


@lru_cache(maxsize=64)
def _elegido(ejercicio_id: int, hasta_id: int, version: int, sha256: str) -> tuple:
    """The pattern this rule chooses for a version frozen without one, computed once per
    process: the version and those before it never change (its PDF's SHA-256 is in the key so
    a reused row id never answers for another version)."""
    publicaciones = del_corte(ejercicio_id, hasta_id, hasta_version=version)
    return publicaciones[-1].ocultas, ETIQUETA


def proteger(ejercicio_id: int, hasta_id: int, version: int, instantanea: dict) -> dict:
    """The pattern to freeze with a new version of a corte, once the audit of it together
    with every earlier version passes; `PublicacionInsegura` (naming the cell) if it fails."""
    anteriores = del_corte(ejercicio_id, hasta_id, hasta_version=version - 1)
    nueva = _elegir(version, instantanea, anteriores)
    malas = fallas([*anteriores, nueva])
    if malas:
        raise PublicacionInsegura(malas)
    return {
        "regla": REGLA,
        "etiqueta": ETIQUETA,
        "ocultas": sorted(list(clave) for clave in nueva.ocultas),
    }


RANKINGS = {
    "recomendaciones_menos_atendidas": lambda f: (
        f["fichas_con_avance"],
        f["avance_medio"] or 0,
        f["clave"],
    ),
    "recomendaciones_mas_atendidas": lambda f: (
        -f["fichas_con_avance"],
        -(f["avance_medio"] or 0),
        f["clave"],
    ),
}


def sin_avance_deducible(figuras: dict) -> dict:
    """`figuras` (with its frozen "publico" pattern) without the «avance medio» that would
    give back a hidden quantity.

    A recomendación's «avance medio de sus metas» is the mean of alcanzado / programado
    (capped at 1) over its metas, and every programado is public: with the other metas'
    quantities shown, it returns a hidden one. A published version leaves it empty (N/A) for
    each recomendación answered by a meta whose quantity the pattern hides, and sorts its
    rankings without it, so neither the value nor its place in the ranking tells it.
    """
    publico = figuras["publico"]
    ocultas = {tuple(k) for k in publico["supresion"]["ocultas"]}
    claves = {
        r["clave"]
        for r in publico["recomendaciones"]
        if any(tablas.de_meta(m) in ocultas for m in r["metas"])
    }
    if not claves:
        return figuras
    nuevas = dict(figuras)
    for lista, orden in RANKINGS.items():
        filas = [{**f, "avance_medio": None} if f["clave"] in claves else f for f in figuras[lista]]
        nuevas[lista] = sorted(filas, key=orden)
    return nuevas
