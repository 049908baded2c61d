"""The data revision grows with every committed write that a report could read."""

import pytest

from avgm.plataforma import revision
from dependencias.models import Programacion
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_saved_model_bumps_the_revision_once_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        factories.DependenciaFactory()
        factories.DependenciaFactory()
    assert len(callbacks) == 1  # one bump per transaction, however many rows it wrote
    assert revision.actual() == antes + 1


def test_moving_programacion_to_another_dependencia_bumps_the_revision(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # setup commits, as in real use
        meta = factories.MetaFactory(programado={1: 10})
        otra = factories.MetaFactory(ejercicio=meta.ejercicio)
    programacion = Programacion.objects.filter(meta=meta).first()
    assert programacion is not None
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        programacion.meta = otra
        programacion.cantidad = programacion.cantidad  # same total: counts would not see it
        programacion.save()
    assert revision.actual() == antes + 1


def test_a_bulk_write_that_calls_marcar_cambio_bumps_the_revision(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        meta = factories.MetaFactory(programado={1: 10})
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        Programacion.objects.filter(meta=meta).update(cantidad=7)  # no signal fires
        revision.marcar_cambio()
    assert revision.actual() == antes + 1


def test_a_rolled_back_write_does_not_bump_the_revision(django_capture_on_commit_callbacks):
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.DependenciaFactory()
    assert callbacks  # scheduled, but a rollback discards it: nothing ran
    assert revision.actual() == antes
