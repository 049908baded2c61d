"""The schema version: which migrations a database (or a backup's manifest) has applied,
against the ones this code ships.

A backup records the migrations applied per app; a restore compares them with the code's
before touching anything, the start-up check and /salud/ compare the live database's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

Migracion = tuple[str, str]  # (app label, migration name)


@dataclass(frozen=True)
class _Codigo:
    """What the code ships: the graph's nodes, every migration file, the squashes."""

    nodos: frozenset[Migracion]
    en_disco: frozenset[Migracion]
    apps: frozenset[str]
    reemplazos: dict[Migracion, frozenset[Migracion]]


@cache
def _codigo() -> _Codigo:
    # The code does not change while a process runs: load the graph once, not per request.
    cargador = MigrationLoader(None, ignore_no_migrations=True)
    return _Codigo(
        nodos=frozenset(cargador.graph.nodes),
        en_disco=frozenset(cargador.disk_migrations),
        apps=frozenset(cargador.migrated_apps),
        reemplazos={
            clave: frozenset(migracion.replaces)
            for clave, migracion in cargador.replacements.items()
        },
    )


@dataclass(frozen=True)
class Diferencia:
    """How an applied set differs from the code.

    `faltan`: migrations of the code not applied there (`migrate` is needed);
    `sobran`: applied there and unknown to this code (that schema is newer than the code).
    Apps this code does not install are left out: their tables are never read here.
    """

    faltan: tuple[str, ...]
    sobran: tuple[str, ...]

    @property
    def igual(self) -> bool:
        return not self.faltan and not self.sobran


def _nombres(migraciones) -> tuple[str, ...]:
    return tuple(f"{app}.{nombre}" for app, nombre in sorted(migraciones))


def comparar(aplicadas: set[Migracion]) -> Diferencia:
    codigo = _codigo()
    efectivas = set(aplicadas)
    for squash, reemplazadas in codigo.reemplazos.items():
        # A squash counts as applied when everything it replaces is, and the other way round.
        if reemplazadas <= efectivas:
            efectivas.add(squash)
        if squash in efectivas:
            efectivas |= reemplazadas
    faltan = codigo.nodos - efectivas
    sobran = {m for m in aplicadas if m[0] in codigo.apps and m not in codigo.en_disco}
    return Diferencia(faltan=_nombres(faltan), sobran=_nombres(sobran))


def del_manifiesto(migraciones: dict[str, list[str]]) -> set[Migracion]:
    return {(app, nombre) for app, nombres in migraciones.items() for nombre in nombres}


def aplicadas(alias: str = "default") -> set[Migracion]:
    """The migrations recorded in the database (none on a database never migrated)."""
    return set(MigrationRecorder(connections[alias]).applied_migrations())


def por_app(migraciones: set[Migracion]) -> dict[str, list[str]]:
    """The manifest's shape: app label -> sorted migration names."""
    resultado: dict[str, list[str]] = {}
    for app, nombre in sorted(migraciones):
        resultado.setdefault(app, []).append(nombre)
    return resultado


def migraciones(cuantas: int) -> str:
    """«1 migración», «3 migraciones»."""
    return f"{cuantas} migración" if cuantas == 1 else f"{cuantas} migraciones"


def faltan(cuantas: int) -> str:
    """«falta 1 migración», «faltan 3 migraciones»."""
    return f"{'falta' if cuantas == 1 else 'faltan'} {migraciones(cuantas)}"


def resumen(nombres: tuple[str, ...], cuantas: int = 3) -> str:
    """«fichas.0004_x, informes.0008_y y 5 más»: enough to recognise, short enough for a line."""
    texto = ", ".join(nombres[:cuantas])
    if len(nombres) > cuantas:
        texto += f" y {len(nombres) - cuantas} más"
    return texto
