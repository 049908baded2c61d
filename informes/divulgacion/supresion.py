"""Which cells of a version's counts of people are hidden, chosen knowing every earlier version.

One label for every hidden cell (`ETIQUETA`), so a small count and the cell hidden to protect
it cannot be told apart. Zeros are always shown.

- **Primary**: a count from 1 to `UMBRAL` - 1, totals included.
- **Inherited**: every cell an earlier version of the corte hid stays hidden, so a correction
  never reveals what the previous version protected (such a cell may have become zero).
- **Complementary**: while the audit can narrow a hidden small count below `UMBRAL`, hide the
  cheapest set of cells that lets it move: a rectangle of the table with its margins (two
  rows, two columns; one corner is the small count), along which a value can be shifted
  without changing any published sum. Candidates are cells above zero that no earlier
  version showed with the same value (a cell known from elsewhere protects nothing); inner
  cells cost less than row totals, these less than the total row, and the grand total most.
  Each rectangle is kept only if the linear programme confirms it widens the range.
"""

from __future__ import annotations

from informes.divulgacion import tablas
from informes.divulgacion.auditoria import UMBRAL, Publicacion, Sistema
from informes.divulgacion.tablas import TODAS, TOTAL, Clave

ETIQUETA = "confidencial"
# The rule's version: frozen with each publication and part of the public pages' validators,
# so a change of rule is never hidden behind a cached page.
REGLA = 2
COLUMNAS = [columna for columna, _titulo in tablas.COLUMNAS]
COSTO_FILA_TOTAL = 3  # a dependencia's own total
COSTO_TOTALES = 5  # a cell of the TOTAL row
COSTO_GRAN_TOTAL = 8
INTENTOS = 25  # rectangles tried per step when none alone is enough


def cotas_de_la_regla(ocultas: frozenset[Clave], heredadas: frozenset[Clave]) -> dict:
    """What the rule itself tells the public: a cell hidden for the first time is not zero."""
    return {clave: (0 if clave in heredadas else 1, None) for clave in ocultas}


def _costo(clave: Clave) -> int:
    dependencia, _tipo, columna = clave
    if dependencia == TODAS:
        return COSTO_GRAN_TOTAL if columna == TOTAL else COSTO_TOTALES
    return COSTO_FILA_TOTAL if columna == TOTAL else 1


def _signo(fila: tuple[str, str], columna: str) -> int:
    """Totals enter their sums with the opposite sign of their parts."""
    return (-1 if fila == (TODAS, TODAS) else 1) * (-1 if columna == TOTAL else 1)


def _rectangulos(
    celda: Clave,
    filas: list[tuple[str, str]],
    valores: dict[Clave, int],
    ocultas: set[Clave],
    candidatas: set[Clave],
    minimos: dict[Clave, int],
) -> list[frozenset[Clave]]:
    """The cells each rectangle through `celda` would add (its corners not hidden yet, all
    of them candidates): first those that alone let it rise to `UMBRAL`, cheapest first."""
    a, c = celda[:2], celda[2]
    falta = UMBRAL - valores[celda]
    opciones = []
    for b in filas:
        if b == a:
            continue
        for d in COLUMNAS:
            if d == c:
                continue
            esquinas = {(*a, d): -1, (*b, c): -1, (*b, d): 1}
            if any(e not in ocultas and e not in candidatas for e in esquinas):
                continue
            # Raising `celda` by one moves each corner by ±1; those that go down limit it.
            base = _signo(a, c)
            capacidad = min(
                (
                    valores[e] - minimos.get(e, 1)
                    for e, s in esquinas.items()
                    if s * _signo(e[:2], e[2]) * base < 0
                ),
                default=None,
            )
            nuevas = frozenset(e for e in esquinas if e not in ocultas)
            if not nuevas:
                continue  # already hidden: the linear programme has counted it
            suficiente = capacidad is None or capacidad >= falta
            costo = (sum(_costo(e) for e in nuevas), sum(valores[e] for e in nuevas))
            opciones.append((not suficiente, costo, sorted(nuevas), nuevas))
    return [nuevas for *_orden, nuevas in sorted(opciones)]


def elegir(
    version: int,
    valores: dict[Clave, int],
    publicadas: list[tablas.Tabla],
    anteriores: list[Publicacion],
) -> Publicacion:
    """Version `version` of the corte as it will be published, after `anteriores`."""
    previas = anteriores[-1].ocultas if anteriores else frozenset()
    heredadas = frozenset(k for k in previas if k in valores)
    ocultas = {k for k, v in valores.items() if 0 < v < UMBRAL} | heredadas
    conocidas = {
        k
        for pub in anteriores
        for k, v in pub.valores.items()
        if k not in pub.ocultas and valores.get(k) == v
    }
    candidatas = {k for k, v in valores.items() if v > 0 and k not in conocidas}
    filas = list(dict.fromkeys(k[:2] for k in valores))

    def publicacion(celdas: set[Clave]) -> Publicacion:
        congeladas = frozenset(celdas)
        return Publicacion(
            version, valores, publicadas, congeladas, cotas_de_la_regla(congeladas, heredadas)
        )

    def maximo(celdas: set[Clave], celda: Clave) -> float:
        pub = publicacion(celdas)
        return Sistema([*anteriores, pub]).rango(pub, celda, solo_maximo=True)[1]

    for celda in publicacion(ocultas).primarias():
        alcanzado = maximo(ocultas, celda)
        while alcanzado < UMBRAL:
            minimos = cotas_de_la_regla(frozenset(ocultas), heredadas)
            mejor = None
            opciones = _rectangulos(
                celda, filas, valores, ocultas, candidatas, {k: m for k, (m, _) in minimos.items()}
            )
            for rectangulo in opciones[:INTENTOS]:
                nuevo = maximo(ocultas | rectangulo, celda)
                if nuevo >= UMBRAL:
                    mejor = (nuevo, rectangulo)
                    break
                if nuevo > alcanzado and (mejor is None or nuevo > mejor[0]):
                    mejor = (nuevo, rectangulo)
            if mejor is None:
                break  # nothing left to hide around it: the audit refuses the publication
            alcanzado, rectangulo = mejor
            ocultas |= rectangulo
    return publicacion(ocultas)
