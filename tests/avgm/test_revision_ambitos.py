"""A write makes obsolete only the cortes whose figures it can change: the scopes of the data
revision (the ejercicios its rows belong to, «*» for everything else). Over-invalidation is
safe; a write that left a corte's copy valid while changing its figures would be a bug."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avgm.models import RevisionDatos
from avgm.plataforma import revision
from dependencias.models import Programacion
from fichas.models import FichaTecnica, HistorialFicha
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from tests import factories
from tests.factories import ejercicio, periodo

pytestmark = pytest.mark.django_db


@pytest.fixture
def dos_ejercicios(django_capture_on_commit_callbacks):
    """A meta with a ficha in 2022 and another in 2023, committed (as in real use)."""
    with django_capture_on_commit_callbacks(execute=True):
        e22, e23 = ejercicio(2022), ejercicio(2023)
        rec = factories.RecomendacionFactory()
        m22 = factories.MetaFactory(ejercicio=e22, programado={1: 4}, recomendaciones=[rec])
        m23 = factories.MetaFactory(ejercicio=e23, programado={1: 4}, recomendaciones=[rec])
        f22 = factories.FichaFactory(meta=m22, estado=FichaTecnica.Estado.ENVIADA)
        f23 = factories.FichaFactory(meta=m23, estado=FichaTecnica.Estado.ENVIADA)
    return {"e22": e22, "e23": e23, "m22": m22, "m23": m23, "f22": f22, "f23": f23}


def _versiones(d):
    return revision.version([d["e22"].pk]), revision.version([d["e23"].pk])


def test_a_saved_ficha_makes_obsolete_its_ejercicio_only(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    antes22, antes23 = _versiones(dos_ejercicios)
    global_antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        ficha = FichaTecnica.objects.get(pk=dos_ejercicios["f22"].pk)  # nothing loaded with it
        ficha.estado = FichaTecnica.Estado.APROBADA
        ficha.save()
    despues22, despues23 = _versiones(dos_ejercicios)
    assert not revision.cubre(antes22, despues22)  # 2022's copies are obsolete
    assert despues23 == antes23  # 2023's stay valid
    assert revision.actual() == global_antes + 1  # what depends on everything still moves


def test_a_catalog_change_makes_every_corte_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        factories.DependenciaFactory()
    despues22, despues23 = _versiones(dos_ejercicios)
    assert not revision.cubre(antes22, despues22)
    assert not revision.cubre(antes23, despues23)


def test_marcar_cambio_alone_makes_every_corte_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        FichaTecnica.objects.filter(pk=dos_ejercicios["f23"].pk).update(cantidad_alcanzada=9)
        revision.marcar_cambio()
    despues22, despues23 = _versiones(dos_ejercicios)
    assert not revision.cubre(antes22, despues22)
    assert not revision.cubre(antes23, despues23)


def test_marcar_cambio_with_the_rows_written_makes_their_ejercicio_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        escritas = FichaTecnica.objects.filter(pk=dos_ejercicios["f23"].pk)
        escritas.update(cantidad_alcanzada=9)
        revision.marcar_cambio(escritas)
    despues22, despues23 = _versiones(dos_ejercicios)
    assert despues22 == antes22
    assert not revision.cubre(antes23, despues23)


def test_a_row_moved_to_another_ejercicio_makes_both_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    programacion = Programacion.objects.filter(meta=dos_ejercicios["m22"]).first()
    with django_capture_on_commit_callbacks(execute=True):
        otra = factories.MetaFactory(ejercicio=dos_ejercicios["e23"])
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        programacion = Programacion.objects.get(pk=programacion.pk)
        programacion.meta = otra
        programacion.periodo = periodo(2023, 1)
        programacion.save()
    despues22, despues23 = _versiones(dos_ejercicios)
    assert not revision.cubre(antes22, despues22)  # where it was
    assert not revision.cubre(antes23, despues23)  # where it is now


def test_rows_that_hang_from_a_ficha_make_its_ejercicio_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        HistorialFicha.objects.create(
            ficha_id=dos_ejercicios["f23"].pk,
            accion=HistorialFicha.Accion.DEVOLVER,
            estado_anterior="enviada",
            estado_nuevo="observada",
        )
    despues22, despues23 = _versiones(dos_ejercicios)
    assert despues22 == antes22
    assert not revision.cubre(antes23, despues23)


def test_linking_a_recomendacion_to_a_meta_makes_its_ejercicio_obsolete(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        otra = factories.RecomendacionFactory()
    antes22, antes23 = _versiones(dos_ejercicios)
    with django_capture_on_commit_callbacks(execute=True):
        dos_ejercicios["m22"].recomendaciones.add(otra)
    despues22, despues23 = _versiones(dos_ejercicios)
    assert not revision.cubre(antes22, despues22)
    assert despues23 == antes23


def test_a_write_to_one_ejercicio_leaves_the_other_cortes_figures_cached(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    corte22, corte23 = Corte.buscar(2022, "T1"), Corte.buscar(2023, "T1")
    calcular(corte22)
    assert calcular(corte23)["recomendaciones"]["impactadas"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        ficha = FichaTecnica.objects.get(pk=dos_ejercicios["f23"].pk)
        ficha.estado = FichaTecnica.Estado.APROBADA
        ficha.cantidad_alcanzada = 4
        ficha.save()
    with CaptureQueriesContext(connection) as consultas:
        calcular(corte22)
    assert len(consultas) == 1  # the version only: 2022's figures came from the cache
    assert calcular(corte23)["recomendaciones"]["impactadas"] == 1  # 2023's were recomputed


def test_each_scope_is_one_row_however_many_writes(
    dos_ejercicios, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            dos_ejercicios["f22"].save()
    ambitos = list(RevisionDatos.objects.values_list("ambito", flat=True))
    assert sorted(ambitos) == sorted(set(ambitos))
    assert f"e{dos_ejercicios['e22'].pk}" in ambitos
