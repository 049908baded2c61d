"""Fixtures the planning tests share."""

import pytest
from django.utils import timezone

from planeacion import workflow
from tests.factories import MetaFactory, RecomendacionFactory


@pytest.fixture
def acordada(dependencia_a, enlace_a, analista):
    """An agreed meta of 2022 (version 1): T1 10, T2 5, answering R-1."""
    meta = MetaFactory(
        clave="DIF-01",
        dependencia=dependencia_a,
        programado={1: 10, 2: 5},
        recomendaciones=[RecomendacionFactory(clave="R-1")],
        propuesta_por=enlace_a,
        acordada_por=analista,
        acordada_en=timezone.now(),
    )
    workflow._nueva_version(meta, usuario=analista, motivo="Acuerdo")
    return meta
