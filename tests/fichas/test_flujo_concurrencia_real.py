"""Two analistas deciding on the same ficha at the same instant, in two real transactions."""

import threading

import pytest
from django.db import connection, connections

from avgm.plataforma import roles
from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # two threads, two real transactions
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need a server database"
    ),
]


def test_simultaneous_approve_and_return_exactly_one_wins(ficha_a, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    otra = UserFactory(username="analista2", rol=roles.ANALISTA)
    codigo = CodigoObservacion.objects.first()
    salida = threading.Barrier(2)
    resultados = []

    def actuar(paso):
        try:
            salida.wait()
            paso()
            resultados.append("ganó")
        except workflow.ConflictoDeVersion:
            resultados.append("conflicto")
        finally:
            connections.close_all()

    hilos = [
        threading.Thread(
            target=actuar,
            args=(lambda: workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=2),),
        ),
        threading.Thread(
            target=actuar,
            args=(
                lambda: workflow.ficha_devolver(
                    ficha=ficha,
                    usuario=otra,
                    version=2,
                    observaciones=[{"codigo": codigo, "texto": "Falta evidencia."}],
                ),
            ),
        ),
    ]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=30)
    assert sorted(resultados) == ["conflicto", "ganó"]
    ficha.refresh_from_db()
    assert ficha.version == 3
    assert ficha.estado in (FichaTecnica.Estado.APROBADA, FichaTecnica.Estado.OBSERVADA)
    assert ficha.historial.filter(accion__in=["aprobar", "devolver"]).count() == 1
