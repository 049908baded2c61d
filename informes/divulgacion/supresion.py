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
REGLA = 3  # 3: the quantities of units that count people are protected too
COLUMNAS = [columna for columna, _titulo in tablas.COLUMNAS]
COSTO_FILA_TOTAL = 3  # a dependencia's own total
COSTO_TOTALES = 5  # a cell of the TOTAL row
COSTO_GRAN_TOTAL = 8
INTENTOS = 25  # rectangles tried per step when none alone is enough


def cotas_de_la_regla(
    ocultas: frozenset[Clave], heredadas: frozenset[Clave], invisibles=frozenset(), publicas=None
) -> dict:
    """What the rule itself tells the public: a cell hidden for the first time is not zero
    (zeros are shown); a quantity no page prints (`tablas.invisibles`) may be anything.
    `publicas`: what else the version tells of a cell (`tablas.cotas_por_estado`)."""
    cotas = {}
    for clave in ocultas:
        minimo, maximo = (0 if clave in heredadas or clave in invisibles else 1), None
        otro_minimo, otro_maximo = (publicas or {}).get(clave, (0, None))
        minimo = max(minimo, otro_minimo)
        if otro_maximo is not None:
            maximo = otro_maximo
        cotas[clave] = (min(minimo, maximo) if maximo is not None else minimo, maximo)
    return cotas


def _costo(clave: Clave) -> int:
    dependencia, _tipo, columna = clave
    if tablas.es_cantidad(clave):
        if dependencia == TODAS:
            return COSTO_GRAN_TOTAL
        return COSTO_FILA_TOTAL if columna == tablas.ALCANZADO else 1
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


def _cantidades(
    celda: Clave,
    publicadas: list[tablas.Tabla],
    valores: dict[Clave, int],
    ocultas: set[Clave],
    candidatas: set[Clave],
    minimos: dict[Clave, int],
    personas: frozenset[Clave] | None,
) -> list[frozenset[Clave]]:
    """The cells each way of protecting a hidden quantity would add, for the tree of sums
    the quantities form (each meta in its row's sum, each row in the total): first those
    that alone let it rise to `UMBRAL`, then those hiding the fewest quantities that count
    no people (what the public may always read of talleres or campañas), cheapest first.

    - a meta: another meta of its row (the row's sum stays, the two share it);
    - a meta or a row: its row and another row with one of its metas (the total stays);
    - a meta or a row: its row and the total;
    - the total: a row and one of its metas.
    """
    falta = UMBRAL - valores[celda]
    partes: dict[Clave, tuple[Clave, ...]] = {}
    for tabla in publicadas:
        for total, suyas in tabla.relaciones:
            if tablas.es_cantidad(total) and total != tablas.TOTAL_ALCANZADO:
                partes[total] = suyas
    fila = next((g for g, suyas in partes.items() if celda in suyas), None)
    if celda in partes:
        fila = celda
    opciones = []

    def agregar(celdas: set[Clave], *, cede: Clave | None) -> None:
        nuevas = frozenset(c for c in celdas if c not in ocultas)
        if not nuevas or any(c not in candidatas for c in nuevas):
            return
        # `cede`: the cell that goes down as the count goes up (None: nothing bounds it).
        capacidad = None if cede is None else valores[cede] - minimos.get(cede, 1)
        suficiente = capacidad is None or capacidad >= falta
        ajenas = sum(1 for c in nuevas if personas is not None and c not in personas)
        costo = (sum(_costo(c) for c in nuevas), sum(valores[c] for c in nuevas))
        opciones.append((not suficiente, ajenas, costo, sorted(nuevas), nuevas))

    if celda == tablas.TOTAL_ALCANZADO:
        for g, suyas in partes.items():
            for otra in suyas:
                agregar({g, otra}, cede=otra)
    elif fila is not None:
        if fila != celda:
            for otra in partes[fila]:
                if otra != celda:
                    agregar({otra}, cede=otra)
        for g, suyas in partes.items():
            if g != fila:
                for otra in suyas:
                    agregar({fila, g, otra}, cede=otra)
        agregar({fila, tablas.TOTAL_ALCANZADO}, cede=None)
    return [nuevas for *_orden, nuevas in sorted(opciones)]


def elegir(
    version: int,
    valores: dict[Clave, int],
    publicadas: list[tablas.Tabla],
    anteriores: list[Publicacion],
    *,
    personas: frozenset[Clave] | None = None,
    invisibles: frozenset[Clave] = frozenset(),
    publicas: dict | None = None,
) -> Publicacion:
    """Version `version` of the corte as it will be published, after `anteriores`.

    `personas`: the cells that count people (None: all of them); only those are primary.
    `invisibles`: quantities no page prints, always unknowns (`tablas.invisibles`).
    `publicas`: bounds the version states otherwise (`tablas.cotas_por_estado`).
    """
    previas = anteriores[-1].ocultas if anteriores else frozenset()
    heredadas = frozenset(k for k in previas if k in valores)
    ocultas = {
        k
        for k, v in valores.items()
        if 0 < v < UMBRAL and (personas is None or k in personas) and k not in invisibles
    }
    ocultas |= heredadas | invisibles
    conocidas = {
        k
        for pub in anteriores
        for k, v in pub.valores.items()
        if k not in pub.ocultas and valores.get(k) == v
    }
    candidatas = {k for k, v in valores.items() if v > 0 and k not in conocidas}
    filas = list(dict.fromkeys(k[:2] for k in valores if not tablas.es_cantidad(k)))

    def publicacion(celdas: set[Clave]) -> Publicacion:
        congeladas = frozenset(celdas)
        cotas = cotas_de_la_regla(congeladas, heredadas, invisibles, publicas)
        return Publicacion(version, valores, publicadas, congeladas, cotas, personas)

    def maximo(celdas: set[Clave], celda: Clave) -> float:
        pub = publicacion(celdas)
        return Sistema([*anteriores, pub]).rango(pub, celda, solo_maximo=True)[1]

    for celda in publicacion(ocultas).primarias():
        alcanzado = maximo(ocultas, celda)
        while alcanzado < UMBRAL:
            cotas = cotas_de_la_regla(frozenset(ocultas), heredadas, invisibles, publicas)
            minimos = {k: m for k, (m, _) in cotas.items()}
            mejor = None
            if tablas.es_cantidad(celda):
                opciones = _cantidades(
                    celda, publicadas, valores, ocultas, candidatas, minimos, personas
                )
            else:
                opciones = _rectangulos(celda, filas, valores, ocultas, candidatas, minimos)
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
