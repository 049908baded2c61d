"""The data revision: numbers that every committed write to report data increases.

Every model of the domain apps (avgm, dependencias, fichas, informes) bumps them through
`pre_save`/`post_save`, `pre_delete` and `m2m_changed` (connected in `AvgmConfig.ready`);
write paths that bypass signals (`QuerySet.update`, `bulk_create`, `bulk_update`) call
`marcar_cambio()` themselves. The bump runs once per transaction, right after it commits, so
it holds no lock inside the writer's transaction and a reader that reads the revision before
the data can never cache new data under an old revision for long: the next bump makes the
entry obsolete.

Scopes (`avgm.plataforma.ambitos`): a write bumps the global number (`actual()`, "everything
changed") and either the scope of the ejercicios whose rows it touched («e<pk>», before and
after the write: a row moved to another ejercicio changes both) or, for anything not confined
to an ejercicio, «*», which every corte reads. A corte's caches read only «*» and their
ejercicios' numbers (`version`), so a ficha saved in 2023 leaves 2022's figures valid.
Over-invalidation is safe (`marcar_cambio()` with no argument bumps «*»); a write that bumped
too little would be a bug.

Readers: `memorizar` keeps a value per key with the version it was computed at (one entry per
key in every tier: a newer version replaces the older one, nothing piles up) and recomputes
when the version moved. `memorizar_vigente` is for pages that may show the last figures while
one process (single-flight, a lock in the shared cache) computes the new ones.
"""

from __future__ import annotations

import contextvars
import datetime
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from avgm.plataforma import ambitos as rutas

APPS_CON_DATOS = rutas.APPS_CON_DATOS
GLOBAL = ""
TODO = rutas.TODO

Version = tuple[tuple[str, int], ...]


def actual() -> int:
    """The global revision: grows with every committed change (0 on a new database)."""
    from avgm.models import RevisionDatos

    numero = RevisionDatos.objects.filter(ambito=GLOBAL).values_list("numero", flat=True).first()
    return numero or 0


def version(ejercicios: Iterable[int] | None = None) -> Version:
    """The numbers a cache of data confined to `ejercicios` is keyed by: «*» and each
    ejercicio's scope (1 query). None: the global revision alone (data of any kind)."""
    from avgm.models import RevisionDatos

    if ejercicios is None:
        ambitos = [GLOBAL]
    else:
        ambitos = [TODO, *(rutas.de_ejercicio(pk) for pk in sorted(set(ejercicios)))]
    numeros = dict(RevisionDatos.objects.filter(ambito__in=ambitos).values_list("ambito", "numero"))
    return tuple((ambito, numeros.get(ambito, 0)) for ambito in ambitos)


def cubre(guardada: Version, pedida: Version) -> bool:
    """Whether an entry computed at `guardada` is at least as new as `pedida` (same scopes,
    none behind): its data were read after its numbers, so it holds every write `pedida` has."""
    if len(guardada) != len(pedida):
        return False
    return all(a == b and n >= m for (a, n), (b, m) in zip(guardada, pedida, strict=True))


T = TypeVar("T")
# Where the memos look, nearest first: this process's memory, then the cache the server's
# processes share (settings.CACHES). Every entry holds its version, so no tier can go stale.
NIVELES = ("local", "default")
# Inside a computation being kept, every nested memo must be fresh (never the last one).
_produciendo: contextvars.ContextVar[bool] = contextvars.ContextVar("produciendo", default=False)


@dataclass(frozen=True)
class Entrada(Generic[T]):
    version: Version
    calculado_en: float  # time.time() when its version was read, before reading the data
    valor: T


@dataclass(frozen=True)
class Vigente(Generic[T]):
    """What `memorizar_vigente` gives: the value, when its data were read, and whether it is
    the last one kept while a newer one is being computed."""

    valor: T
    calculado_en: datetime.datetime
    actualizando: bool


def _buscar(clave: str, pedida: Version) -> tuple[Entrada | None, Entrada | None, list[str]]:
    """(fresh entry, most recent stale entry, tiers that lack the fresh one)."""
    vieja: Entrada | None = None
    faltan = []
    for nivel in NIVELES:
        entrada = caches[nivel].get(clave)
        if isinstance(entrada, Entrada):
            if cubre(entrada.version, pedida):
                return entrada, None, faltan
            if vieja is None or entrada.calculado_en > vieja.calculado_en:
                vieja = entrada
        faltan.append(nivel)
    return None, vieja, faltan


def _guardar(clave: str, entrada: Entrada, niveles, segundos: int | None) -> None:
    for nivel in niveles:
        caches[nivel].set(clave, entrada, segundos)


def _producir(clave: str, pedida: Version, producir: Callable[[], T], segundos) -> Entrada[T]:
    leida = time.time()
    marca = _produciendo.set(True)
    try:
        entrada = Entrada(pedida, leida, producir())
    finally:
        _produciendo.reset(marca)
    _guardar(clave, entrada, NIVELES, segundos)
    return entrada


def memorizar(
    clave: str,
    producir: Callable[[], T],
    segundos: int | None = None,
    *,
    ejercicios: Iterable[int] | None = None,
) -> T:
    """`producir()`, kept under `clave` with the version it was computed at, in every tier.

    The version (`version(ejercicios)`) is read BEFORE producing (a write meanwhile only makes
    the entry obsolete). A transaction with uncommitted writes of its own reads newer data
    than the version says: it produces and keeps nothing. Values go through pickle (Django's
    caches), so the caller may change what it gets without touching the kept copy.
    """
    if pendiente():
        return producir()
    pedida = version(ejercicios)
    entrada, _vieja, faltan = _buscar(clave, pedida)
    if entrada is None:
        return _producir(clave, pedida, producir, segundos).valor
    _guardar(clave, entrada, faltan, segundos)
    return entrada.valor


def _al_dia(vieja: Entrada, minimas: dict[str, int] | None) -> bool:
    """Whether `vieja` holds every write of the person asking (their session's marks)."""
    return all(numero >= (minimas or {}).get(ambito, 0) for ambito, numero in vieja.version)


def memorizar_vigente(
    clave: str,
    producir: Callable[[], T],
    *,
    ejercicios: Iterable[int],
    minimas: dict[str, int] | None = None,
    segundos: int | None = None,
) -> Vigente[T]:
    """Like `memorizar`, but a reader may get the last value kept while another process
    computes the new one: only one computes at a time (a lock in the shared cache), the others
    get the last value with `actualizando` and its time, and the next reader the new one. The
    lock is held at least AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS: writes arriving faster than
    that recompute a page once per interval, not once per write.

    `minimas` (the scope numbers this person wrote, `marcas_de`) must be covered: a person
    never gets a value older than their own writes. The last value is never older than
    AVGM_CACHE_VIGENTE_MAXIMA_SEGUNDOS either: past that the reader computes.
    """
    if pendiente():
        return Vigente(producir(), _fecha(time.time()), False)
    pedida = version(ejercicios)
    entrada, vieja, faltan = _buscar(clave, pedida)
    if entrada is not None:
        _guardar(clave, entrada, faltan, segundos)
        return Vigente(entrada.valor, _fecha(entrada.calculado_en), False)
    servible = (
        vieja is not None
        and not _produciendo.get()
        and _al_dia(vieja, minimas)
        and time.time() - vieja.calculado_en <= settings.AVGM_CACHE_VIGENTE_MAXIMA_SEGUNDOS
    )
    candado = f"{clave}:calculando"
    if servible and not caches["default"].add(candado, 1, CANDADO_SEGUNDOS):
        return Vigente(vieja.valor, _fecha(vieja.calculado_en), True)
    inicio = time.monotonic()
    try:
        nueva = _producir(clave, pedida, producir, segundos)
    finally:
        if servible:
            resto = settings.AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS - (time.monotonic() - inicio)
            if resto > 0:
                caches["default"].touch(candado, resto)
            else:
                caches["default"].delete(candado)
    return Vigente(nueva.valor, _fecha(nueva.calculado_en), False)


# A computation that died holding the lock (its process killed) frees it after this long.
CANDADO_SEGUNDOS = 120


def _fecha(segundos: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(segundos, tz=datetime.UTC)


# --- Writers ------------------------------------------------------------------------------

# The scope numbers this thread's last committed writes reached: the request middleware
# (`avgm.plataforma.middleware.LeerLoEscrito`) keeps them in the writer's session.
_escritas: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "escritas", default=None
)


def escritas() -> dict[str, int]:
    """The scope numbers of the writes committed in this thread since `olvidar_escritas`."""
    return dict(_escritas.get() or {})


def olvidar_escritas() -> None:
    _escritas.set(None)


def _incrementar(ambitos: set[str]) -> None:
    from avgm.models import RevisionDatos

    todos = {GLOBAL, *ambitos}
    if RevisionDatos.objects.filter(ambito__in=todos).update(numero=F("numero") + 1) < len(todos):
        existentes = set(
            RevisionDatos.objects.filter(ambito__in=todos).values_list("ambito", flat=True)
        )
        for ambito in todos - existentes:
            try:
                with transaction.atomic():
                    RevisionDatos.objects.create(ambito=ambito, numero=1)
            except IntegrityError:  # created meanwhile by another writer: bump it
                RevisionDatos.objects.filter(ambito=ambito).update(numero=F("numero") + 1)
    nuevas = dict(
        RevisionDatos.objects.filter(ambito__in=todos - {GLOBAL}).values_list("ambito", "numero")
    )
    previas = _escritas.get() or {}
    _escritas.set({**previas, **nuevas})


class _Incremento:
    """One scheduled bump; remembers whether it ran (a transaction schedules one only) and
    the scopes its transaction touched."""

    def __init__(self) -> None:
        self.ejecutado = False
        self.ambitos: set[str] = set()
        self.objetos: dict[type, set] = defaultdict(set)

    def __call__(self) -> None:
        self.ejecutado = True
        self.ambitos |= rutas.resolver(self.objetos)
        _incrementar(self.ambitos)


def pendiente() -> bool:
    """Whether the current transaction wrote report data it has not committed yet (its bump is
    still queued): what it reads is then newer than `version()`, so it must not use caches."""
    return _pendiente() is not None


def _pendiente() -> _Incremento | None:
    incremento = getattr(connection, "_avgm_incremento", None)
    # (A rollback drops the queue, and with it the bump.)
    if (
        incremento is not None
        and not incremento.ejecutado
        and any(funcion is incremento for _sids, funcion, *_resto in connection.run_on_commit)
    ):
        return incremento
    return None


def _programar(anotar: Callable[[_Incremento], None]) -> None:
    """Add scopes (`anotar`) to this transaction's bump, scheduled once after its commit. In
    autocommit the bump runs at once: the scopes are noted before it is scheduled."""
    incremento = _pendiente()
    if incremento is not None:
        anotar(incremento)
        return
    incremento = _Incremento()
    anotar(incremento)
    connection._avgm_incremento = incremento
    transaction.on_commit(incremento)


def marcar_cambio(*objetos) -> None:
    """Bump the revision once, after the current transaction commits (now in autocommit).

    With no argument every cached corte becomes obsolete («*»: right for any bulk write).
    With the rows (or querysets) a bulk write touched, only the ejercicios they belong to.
    """

    def anotar(incremento: _Incremento) -> None:
        if not objetos:
            incremento.ambitos.add(TODO)
        for objeto in objetos:
            rutas.anotar(incremento, objeto)

    _programar(anotar)


def _al_cambiar(sender, instance=None, **kwargs) -> None:
    from avgm.models import EventoBitacora, RevisionDatos

    if sender in (RevisionDatos, EventoBitacora) or getattr(instance, "_sin_revision", False):
        return
    accion = kwargs.get("action")
    if accion is not None and not accion.startswith("post_"):
        return  # m2m_changed fires pre_ and post_ actions: count the change once, after
    if kwargs.get("raw"):
        marcar_cambio()  # fixtures: no related rows to follow yet
        return
    previos = instance.__dict__.pop(_PREVIOS, set())

    def anotar(incremento: _Incremento) -> None:
        incremento.ambitos |= previos
        rutas.anotar(incremento, instance)

    _programar(anotar)


# Where `_antes_de_cambiar` leaves, on the instance, the scopes its row had before the write.
_PREVIOS = "_avgm_ambitos_previos"


def _antes_de_cambiar(sender, instance=None, **kwargs) -> None:
    """Before an UPDATE or DELETE: the ejercicios the row belonged to (a move changes both),
    bumped with the new ones once the write is done (never before it: a reader in between
    would keep the old data under the new number)."""
    if getattr(instance, "_sin_revision", False) or kwargs.get("raw"):
        return
    if instance.pk is None or instance._state.adding or not rutas.con_ruta(sender):
        return
    instance.__dict__[_PREVIOS] = rutas.anteriores(sender, instance.pk)


def conectar() -> None:
    """Connect the bump to every model of the apps whose data reports read."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    for modelo in apps.get_models():
        if modelo._meta.app_label not in APPS_CON_DATOS:
            continue
        uid = f"avgm.plataforma.revision.{modelo._meta.label_lower}"
        pre_save.connect(_antes_de_cambiar, sender=modelo, dispatch_uid=uid + ".pre_save")
        pre_delete.connect(_antes_de_cambiar, sender=modelo, dispatch_uid=uid + ".pre_delete")
        post_save.connect(_al_cambiar, sender=modelo, dispatch_uid=uid + ".save")
        post_delete.connect(_al_cambiar, sender=modelo, dispatch_uid=uid + ".delete")
        for campo in modelo._meta.local_many_to_many:
            through = campo.remote_field.through
            m2m_changed.connect(_al_cambiar, sender=through, dispatch_uid=uid + "." + campo.name)
