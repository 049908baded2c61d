"""Rows a whole test module only reads, written once for it.

They are written in a transaction that stays open while the module's tests run: each test
nests its own in it (pytest-django's `db`, a savepoint rolled back after the test), and the
rows are rolled back after the module's last test, before any other module's test runs."""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import transaction
from django.test import override_settings

from avgm.plataforma import roles
from tests.factories import DependenciaFactory, EnlaceFactory, UserFactory

T = TypeVar("T")
# What tests/conftest.py's `_hasher_rapido` sets for every test, which has not run yet.
HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def una_vez(django_db_blocker, crear: Callable[[], T]) -> Iterator[T]:
    """The body of a module-scoped fixture: `yield from una_vez(django_db_blocker, crear)`."""
    with django_db_blocker.unblock():
        atomico = transaction.atomic()
        atomico.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=HASHERS):
            datos = crear()
        yield datos
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomico.__exit__(None, None, None)


def personas() -> dict:
    """tests/conftest.py's personas, with the same usernames, dependencias and roles."""
    dif = DependenciaFactory(siglas="DIF", nombre="Desarrollo Integral de la Familia")
    sspm = DependenciaFactory(siglas="SSPM", nombre="Secretaría de Seguridad Pública Municipal")
    return {
        "enlace_a": EnlaceFactory(usuario__username="enlace_a", dependencia=dif).usuario,
        "enlace_b": EnlaceFactory(usuario__username="enlace_b", dependencia=sspm).usuario,
        "analista": UserFactory(username="analista", rol=roles.ANALISTA),
        "directivo": UserFactory(username="directivo", rol=roles.DIRECTIVO),
        "administrador": UserFactory(username="administrador", rol=roles.ADMINISTRADOR),
    }
