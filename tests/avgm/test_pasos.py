"""The kernel every review step stands on: the version check, the lock, the versioned save,
the history row and what changed since the last return (fichas and planning alike)."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avgm.plataforma import pasos
from fichas.models import FichaTecnica, HistorialFicha
from planeacion.models import HistorialPropuesta

pytestmark = pytest.mark.django_db


def test_a_page_loaded_before_someone_else_saved_is_refused_naming_the_object(ficha_a):
    vista = ficha_a.version  # both people opened the ficha at this version
    primera = pasos.bloquear(ficha_a, vista, que="esta ficha")
    primera.lugar = "Sector Sur"
    pasos.guardar(primera, ["lugar"])
    with pytest.raises(
        pasos.ConflictoDeVersion, match="Otra pestaña o persona modificó esta ficha"
    ) as e:
        pasos.bloquear(ficha_a, vista, que="esta ficha")
    assert isinstance(e.value, pasos.PasoNoPermitido)  # views catch the one base class
    assert e.value.que == "esta ficha"
    # Without a version (a step that has none to compare) the current row comes back.
    assert pasos.bloquear(ficha_a, None, que="esta ficha").lugar == "Sector Sur"


def test_a_step_starts_only_from_its_estados_and_says_where_the_object_is(ficha_a):
    with pytest.raises(pasos.PasoNoPermitido) as e:
        pasos.bloquear(
            ficha_a,
            ficha_a.version,
            que="esta ficha",
            desde={FichaTecnica.Estado.ENVIADA},
            si_no="La ficha está {estado}: no se aprueba.",
        )
    assert type(e.value) is pasos.PasoNoPermitido  # not a version conflict
    assert str(e.value) == "La ficha está borrador: no se aprueba."


@pytest.mark.skipif(not connection.features.has_select_for_update_of, reason="no row locks")
def test_the_lock_is_on_the_objects_own_row_and_the_relations_come_joined(ficha_a):
    with CaptureQueriesContext(connection) as consultas:
        fresca = pasos.bloquear(ficha_a, ficha_a.version, "meta__dependencia", que="esta ficha")
        siglas = fresca.meta.dependencia.siglas
    (sql,) = [q["sql"] for q in consultas.captured_queries]  # one SELECT ... FOR UPDATE OF
    assert f'FOR UPDATE OF "{FichaTecnica._meta.db_table}"' in sql
    assert siglas == "DIF"


def test_the_save_writes_only_the_named_fields_and_the_database_bumps_the_version(ficha_a):
    fresca = pasos.bloquear(ficha_a, ficha_a.version, que="esta ficha")
    antes = fresca.actualizada_en
    fresca.lugar = "Sector Norte"
    fresca.actividades = "No se nombró: no se guarda."
    pasos.guardar(fresca, ["lugar"])
    assert fresca.version == 2  # reloaded: a number again, not the F() expression
    guardada = FichaTecnica.objects.get(pk=ficha_a.pk)
    assert (guardada.lugar, guardada.version) == ("Sector Norte", 2)
    assert guardada.actividades == ficha_a.actividades
    assert guardada.actualizada_en > antes  # auto_now fields go with every versioned save


def test_two_writers_from_the_same_read_never_store_the_same_next_version(ficha_a):
    una, otra = FichaTecnica.objects.get(pk=ficha_a.pk), FichaTecnica.objects.get(pk=ficha_a.pk)
    pasos.guardar(una, [])
    pasos.guardar(otra, [])  # still holds version 1 in memory
    assert FichaTecnica.objects.get(pk=ficha_a.pk).version == 3


def test_the_history_row_says_who_did_what_with_the_comment_and_the_changes(ficha_a, enlace_a):
    evento = pasos.registrar(
        HistorialFicha,
        "ficha",
        ficha_a,
        accion=HistorialFicha.Accion.EDITAR,
        usuario=enlace_a,
        comentario="Corregí el lugar.",
        cambios={"lugar": ["Sector Centro", "Sector Sur"]},
        estado_nuevo=ficha_a.estado,  # a column only the ficha's history has
    )
    fila = ficha_a.historial.get()
    assert fila == evento
    assert (fila.accion, fila.usuario, fila.comentario) == ("editar", enlace_a, "Corregí el lugar.")
    assert (fila.cambios, fila.estado_nuevo) == (
        {"lugar": ["Sector Centro", "Sector Sur"]},
        "borrador",
    )
    sin_cambios = pasos.registrar(
        HistorialFicha, "ficha", ficha_a, accion="enviar", usuario=enlace_a
    )
    assert sin_cambios.cambios == {}


def _fila(pk, accion, cambios=None):
    fecha = datetime.datetime(2022, 4, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=pk)
    return SimpleNamespace(pk=pk, fecha=fecha, accion=accion, cambios=cambios or {})


def test_changes_since_the_last_return_run_from_the_first_before_to_the_last_after():
    historial = [
        _fila(1, "editar", {"lugar": ["", "Centro"]}),
        _fila(2, "devolver"),
        _fila(3, "editar", {"lugar": ["Centro", "Sur"], "t1": ["80", "60"]}),  # before the last
        _fila(4, "enviar"),
        _fila(5, "devolver"),
        _fila(6, "editar", {"lugar": ["Sur", "Norte"], "t1": ["60", "50"]}),
        _fila(7, "editar", {"lugar": ["Norte", "Poniente"], "t1": ["50", "60"]}),  # t1 back
        _fila(8, "enviar", {"lugar": ["x", "y"]}),  # only edits count
    ]
    assert pasos.cambios_desde_devolucion(historial) == {"lugar": ["Sur", "Poniente"]}
    assert pasos.cambios_desde_devolucion(historial[:1]) == {}  # never returned


def test_both_histories_store_edits_and_returns_under_the_values_the_kernel_reads():
    for accion in (HistorialFicha.Accion, HistorialPropuesta.Accion):
        assert (accion.EDITAR, accion.DEVOLVER) == (pasos.EDITAR, pasos.DEVOLVER)
