"""Shared personas (the permission ladder) and fixtures."""

import pytest

from avgm import roles
from tests.factories import DependenciaFactory, EnlaceFactory, UserFactory


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
