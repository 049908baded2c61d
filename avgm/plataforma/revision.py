"""The data revision: one number that every committed write to report data increases.

Every model of the domain apps (avgm, dependencias, fichas, informes) bumps it through
`post_save`, `post_delete` and `m2m_changed` (connected in `AvgmConfig.ready`); write paths
that bypass signals (`QuerySet.update`, `bulk_create`, `bulk_update`) call `marcar_cambio()`
themselves. The bump runs once per transaction, right after it commits, so it holds no lock
inside the writer's transaction and a reader that reads the revision before the data can
never cache new data under an old revision for long: the next bump makes the key obsolete.

Readers: `actual()` before computing, then key the cache by it; `memorizar` does both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F

APPS_CON_DATOS = frozenset({"avgm", "dependencias", "fichas", "informes"})


def actual() -> int:
    """The current revision (0 on a database that never changed)."""
    from avgm.models import RevisionDatos

    numero = RevisionDatos.objects.filter(pk=1).values_list("numero", flat=True).first()
    return numero or 0


T = TypeVar("T")
# Where `memorizar` looks, nearest first: this process's memory, then the cache the server's
# processes share (settings.CACHES). Every key holds the revision, so no tier can go stale.
NIVELES = ("local", "default")


def memorizar(clave: str, producir: Callable[[], T], segundos: int | None = None) -> T:
    """`producir()`, kept under `clave` at the current revision in every cache tier.

    The revision is read BEFORE producing (a write meanwhile only makes the entry obsolete).
    A transaction with uncommitted writes of its own reads newer data than the revision
    says: it produces and keeps nothing. Values go through pickle (Django's caches), so the
    caller may change what it gets without touching the kept copy.
    """
    if pendiente():
        return producir()
    llave = f"{clave}:r{actual()}"
    faltan = []
    for nivel in NIVELES:
        valor = caches[nivel].get(llave)
        if valor is not None:
            break
        faltan.append(nivel)
    else:
        valor = producir()
    for nivel in faltan:
        caches[nivel].set(llave, valor, segundos)
    return valor


def _incrementar() -> None:
    from avgm.models import RevisionDatos

    if not RevisionDatos.objects.filter(pk=1).update(numero=F("numero") + 1):
        RevisionDatos.objects.get_or_create(pk=1, defaults={"numero": 1})


class _Incremento:
    """One scheduled bump; remembers whether it ran, so a transaction schedules one only."""

    def __init__(self) -> None:
        self.ejecutado = False

    def __call__(self) -> None:
        self.ejecutado = True
        _incrementar()


def pendiente() -> bool:
    """Whether the current transaction wrote report data it has not committed yet (its bump is
    still queued): what it reads is then newer than `actual()`, so it must not use caches."""
    incremento = getattr(connection, "_avgm_incremento", None)
    # (A rollback drops the queue, and with it the bump.)
    return (
        incremento is not None
        and not incremento.ejecutado
        and any(funcion is incremento for _sids, funcion, *_resto in connection.run_on_commit)
    )


def marcar_cambio() -> None:
    """Bump the revision once, after the current transaction commits (now in autocommit)."""
    if pendiente():
        return  # still queued for this transaction
    incremento = _Incremento()
    connection._avgm_incremento = incremento
    transaction.on_commit(incremento)


def _al_cambiar(sender, **kwargs) -> None:
    from avgm.models import EventoBitacora, RevisionDatos

    if sender in (RevisionDatos, EventoBitacora) or getattr(
        kwargs.get("instance"), "_sin_revision", False
    ):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires pre_ and post_ actions: count the change once, after
    marcar_cambio()


def conectar() -> None:
    """Connect the bump to every model of the apps whose data reports read."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for modelo in apps.get_models():
        if modelo._meta.app_label not in APPS_CON_DATOS:
            continue
        uid = f"avgm.plataforma.revision.{modelo._meta.label_lower}"
        post_save.connect(_al_cambiar, sender=modelo, dispatch_uid=uid + ".save")
        post_delete.connect(_al_cambiar, sender=modelo, dispatch_uid=uid + ".delete")
        for campo in modelo._meta.local_many_to_many:
            through = campo.remote_field.through
            m2m_changed.connect(_al_cambiar, sender=through, dispatch_uid=uid + "." + campo.name)
