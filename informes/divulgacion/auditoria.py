"""The audit statistical offices run on a suppressed table (τ-ARGUS, sdcTable), across versions.

For every small count a publication hides, its feasible range: the least and the greatest
value it can take given everything the public can read — every sum of every published table
(row totals, column totals, the grand total) in every version of the corte, the cells shown,
and what the rule tells of hidden cells (never negative; hidden for the first time, never
zero). Two linear programs per cell (`scipy.optimize.linprog`, HiGHS). The count is protected
when its range holds more than one value and reaches at least `UMBRAL`, so nobody can tell
it is small.

The same cell in two versions is one unknown when its value did not change (the attacker may
assume an unchanged cell; assuming it is the cautious side), two unknowns when it did.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from avgm.numeros import entero
from informes.divulgacion.tablas import Clave, Tabla, describir

UMBRAL = 5  # counts of people from 1 to UMBRAL - 1 are small
HOLGURA = 1e-6  # LP bounds are rounded inward to whole people within this tolerance

Incognita = tuple[Clave, int]  # a hidden cell and its true value: equal ones are one unknown


@dataclass(eq=False)
class Publicacion:
    """One version of a corte as the public can read it."""

    version: int
    valores: dict[Clave, int]
    tablas: list[Tabla]
    ocultas: frozenset[Clave]
    # What the labels and the rule tell of each hidden cell: (least, greatest or None).
    cotas: dict[Clave, tuple[int, int | None]] = field(default_factory=dict)
    # The cells that count people (`tablas.personas`); None: every cell does.
    personas: frozenset[Clave] | None = None

    def cuenta_personas(self, clave: Clave) -> bool:
        return self.personas is None or clave in self.personas

    def primarias(self) -> list[Clave]:
        """The hidden cells that are small counts of people, in the order the tables show
        them (a quantity of talleres hidden to protect a count is no count of people)."""
        vistas: dict[Clave, None] = {}
        for tabla in self.tablas:
            for clave in tabla.claves:
                if (
                    clave in self.ocultas
                    and 0 < self.valores[clave] < UMBRAL
                    and self.cuenta_personas(clave)
                ):
                    vistas.setdefault(clave)
        return list(vistas)

    def tabla_de(self, clave: Clave) -> str:
        return next(t.nombre for t in self.tablas if clave in t.claves)


@dataclass(frozen=True)
class Rango:
    """A hidden small count and how far the published tables narrow it."""

    version: int
    tabla: str
    clave: Clave
    valor: int
    minimo: int
    maximo: float  # math.inf when nothing published bounds it

    @property
    def protegido(self) -> bool:
        return self.maximo >= UMBRAL and self.maximo > self.minimo

    def mensaje(self) -> str:
        maximo = "sin límite" if math.isinf(self.maximo) else f"{int(self.maximo):,}"
        return (
            f"En la versión {self.version}, la tabla «{self.tabla}», {describir(self.clave)}, "
            f"oculta un conteo de personas menor que {UMBRAL} que puede deducirse de lo "
            f"publicado: queda entre {self.minimo:,} y {maximo}. Debe poder valer {UMBRAL} o "
            "más."
        )


class Sistema:
    """The equations every published sum states about the hidden cells of some versions."""

    def __init__(self, publicaciones: Iterable[Publicacion]):
        self.indice: dict[Incognita, int] = {}
        self.minimos: list[float] = []
        self.maximos: list[float | None] = []
        publicaciones = list(publicaciones)
        # A value any version shows for a cell is known wherever that cell keeps that value.
        self.conocidas = {
            (clave, pub.valores[clave])
            for pub in publicaciones
            for tabla in pub.tablas
            for clave in tabla.claves
            if clave not in pub.ocultas
        }
        filas: list[tuple[dict[int, float], float]] = []
        for pub in publicaciones:
            vistas: set = set()
            for tabla in pub.tablas:
                for total, partes in tabla.relaciones:
                    if (total, partes) in vistas:
                        continue  # a page repeating the dataset's row states nothing new
                    vistas.add((total, partes))
                    fila = self._ecuacion(pub, total, partes)
                    if fila is not None:
                        filas.append(fila)
        # SciPy loads only when an audit runs (publishing, in the worker), not with every
        # process that imports the label or the rule's version.
        import numpy as np

        self.matriz = np.zeros((len(filas), len(self.indice)))
        self.lados = np.zeros(len(filas))
        for i, (coeficientes, lado) in enumerate(filas):
            for j, c in coeficientes.items():
                self.matriz[i, j] = c
            self.lados[i] = lado

    def incognita(self, pub: Publicacion, clave: Clave) -> int:
        llave = (clave, pub.valores[clave])
        if llave not in self.indice:
            self.indice[llave] = len(self.indice)
            self.minimos.append(0)
            self.maximos.append(None)
        j = self.indice[llave]
        minimo, maximo = pub.cotas.get(clave, (0, None))
        if llave in self.conocidas:
            minimo = maximo = llave[1]
        self.minimos[j] = max(self.minimos[j], minimo)
        if maximo is not None:
            self.maximos[j] = maximo if self.maximos[j] is None else min(self.maximos[j], maximo)
        return j

    def _ecuacion(self, pub: Publicacion, total: Clave, partes: tuple[Clave, ...]):
        """Σ hidden parts − hidden total = visible total − Σ visible parts, or None if no
        hidden cell takes part."""
        coeficientes: dict[int, float] = {}
        lado = 0.0
        for clave, signo in [(total, -1), *((p, 1) for p in partes)]:
            if clave in pub.ocultas:
                j = self.incognita(pub, clave)
                coeficientes[j] = coeficientes.get(j, 0) + signo
            else:
                lado -= signo * pub.valores[clave]
        coeficientes = {j: c for j, c in coeficientes.items() if c}
        return (coeficientes, lado) if coeficientes else None

    def rango(self, pub: Publicacion, clave: Clave, *, solo_maximo: bool = False):
        """(least, greatest) whole values of a hidden cell; greatest is math.inf if unbounded."""
        j = self.indice.get((clave, pub.valores[clave]))
        if j is None:  # hidden, yet in no published sum
            return pub.cotas.get(clave, (0, None))[0], math.inf
        maximo = self._optimo(j, -1)
        minimo = None if solo_maximo else self._optimo(j, 1)
        return (
            None if minimo is None else math.ceil(minimo - HOLGURA),
            maximo if math.isinf(maximo) else math.floor(maximo + HOLGURA),
        )

    def _optimo(self, j: int, sentido: int) -> float:
        import numpy as np
        from scipy.optimize import linprog

        objetivo = np.zeros(len(self.indice))
        objetivo[j] = sentido
        resultado = linprog(
            objetivo,
            A_eq=self.matriz if len(self.lados) else None,
            b_eq=self.lados if len(self.lados) else None,
            bounds=list(zip(self.minimos, self.maximos, strict=True)),
            method="highs",
        )
        if resultado.status == 3:
            return math.inf
        if resultado.status != 0:
            raise ValueError(f"Las tablas publicadas no cuadran: {resultado.message}")
        return sentido * resultado.fun


def rangos(publicaciones: list[Publicacion]) -> list[Rango]:
    """The feasible range of every hidden small count of every version, solved together.

    A cell hidden with the same value in several versions is one unknown: reported once,
    under the last version that shows it.
    """
    sistema = Sistema(publicaciones)
    ultimas: dict[Incognita, Publicacion] = {}
    for pub in publicaciones:
        for clave in pub.primarias():
            ultimas[(clave, pub.valores[clave])] = pub
    resultado = []
    for (clave, valor), pub in ultimas.items():
        minimo, maximo = sistema.rango(pub, clave)
        resultado.append(Rango(pub.version, pub.tabla_de(clave), clave, valor, minimo, maximo))
    return resultado


def fallas(publicaciones: list[Publicacion]) -> list[Rango]:
    """The hidden small counts that the published tables narrow too much (empty: it passes)."""
    return [r for r in rangos(publicaciones) if not r.protegido]


RECHAZO = "No se publicó: la revisión de confidencialidad de las cifras falló."


class PublicacionInsegura(Exception):
    """A version would let someone narrow a hidden small count: it is not published."""

    def __init__(self, rangos_fallidos: list[Rango]):
        self.rangos = rangos_fallidos
        otros = len(rangos_fallidos) - 1
        super().__init__(
            f"{RECHAZO} {rangos_fallidos[0].mensaje()}"
            + (f" Hay {entero(otros)} celda(s) más en la misma situación." if otros else "")
        )
