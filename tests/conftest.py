"""Shared personas (the permission ladder) and fixtures."""

import pytest
from django.test import override_settings

from avgm.plataforma import roles
from tests.factories import DependenciaFactory, EnlaceFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _nada_en_el_checkout(tmp_path_factory):
    """Tests never write into the checkout: media and report caches live in a temporary
    folder for the whole session, before any module-scoped fixture (the demo) runs."""
    raiz = tmp_path_factory.mktemp("avgm-var")
    with override_settings(MEDIA_ROOT=raiz / "media", AVGM_CACHE_INFORMES=raiz / "cache"):
        yield


@pytest.fixture(autouse=True)
def renders_en_la_peticion(settings):
    """Tasks run inside the request that queues them (the immediate backend);
    tests/test_informe_render.py runs the real database backend and `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def dependencia_a(db):
    """The dependencia whose data the tests look at."""
    return DependenciaFactory(siglas="DIF", nombre="Desarrollo Integral de la Familia")


@pytest.fixture
def dependencia_b(db):
    """Another dependencia: its enlace must never see dependencia_a's data."""
    return DependenciaFactory(siglas="SSPM", nombre="Secretaría de Seguridad Pública Municipal")


@pytest.fixture
def enlace_a(dependencia_a):
    """Enlace of dependencia A."""
    return EnlaceFactory(usuario__username="enlace_a", dependencia=dependencia_a).usuario


@pytest.fixture
def enlace_b(dependencia_b):
    """Enlace of dependencia B (an outsider to A's data)."""
    return EnlaceFactory(usuario__username="enlace_b", dependencia=dependencia_b).usuario


@pytest.fixture
def analista(db):
    """IMM statistics staff: reviews everything."""
    return UserFactory(username="analista", rol=roles.ANALISTA)


@pytest.fixture
def directivo(db):
    """Read-only director."""
    return UserFactory(username="directivo", rol=roles.DIRECTIVO)


@pytest.fixture
def administrador(db):
    """Keeps accounts (Django admin); not a superuser, reads no seguimiento data."""
    return UserFactory(username="administrador", rol=roles.ADMINISTRADOR)


# --- Fichas workflow (issue 3) ---


@pytest.fixture
def media_tmp(settings, tmp_path):
    """Uploaded evidence goes to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meta_a(dependencia_a):
    """A meta of dependencia A programmed 10 in T1 and 5 in T2 of 2022."""
    from tests.factories import MetaFactory

    return MetaFactory(clave="DIF-01", dependencia=dependencia_a, programado={1: 10, 2: 5})


@pytest.fixture
def ficha_a(meta_a, enlace_a):
    """A borrador of meta_a in T1, filled so it can be submitted."""
    from tests.factories import FichaFactory

    return FichaFactory(
        meta=meta_a,
        creada_por=enlace_a,
        cantidad_alcanzada=10,
        actividades="Taller de sensibilización con personal de guardia.",
        lugar="Sector Centro",
    )


@pytest.fixture(autouse=True)
def _hasher_rapido(settings):
    """Personas are created per test: hash their passwords quickly (not a security setting)."""
    # PBKDF2 stays accepted for data loaded before this fixture (the module-scoped demo).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _caches_temporales(settings, tmp_path):
    """Tests never write into the checkout: the report's disk cache (draft PDFs, render
    locks) lives in a temporary folder, and the in-memory cache starts empty (its keys use
    the data revision, which stays put while on_commit callbacks do not run)."""
    from django.core.cache import caches

    settings.AVGM_CACHE_INFORMES = tmp_path / "cache-informes"
    # The portal's shared cache is a database table; tests that do not touch the database
    # use memory (tests/test_bench_cache.py covers the database cache itself).
    memoria = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": memoria, "LOCATION": "pruebas-default"},
        "local": {"BACKEND": memoria, "LOCATION": "pruebas-local"},
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()
