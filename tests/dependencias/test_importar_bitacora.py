"""An applied import has an author: one bitácora event with the file and each changed row,
and a new data revision (the import writes in bulk, bypassing save signals)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from avgm.models import EventoBitacora
from avgm.plataforma import revision
from dependencias.excel import importacion
from dependencias.models import Programacion
from tests.factories import DependenciaFactory, MetaFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db

IMPORTAR = reverse("dependencias:importar")
VISTA = reverse("dependencias:importar_vista_previa")
APLICAR = reverse("dependencias:importar_aplicar")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meta(django_capture_on_commit_callbacks):
    """DIF-01, programmed 10 in T1 and 5 in T2 of 2022; its setup commits, as in real use."""
    with django_capture_on_commit_callbacks(execute=True):
        meta = MetaFactory(clave="DIF-01", dependencia__siglas="DIF", programado={1: 10, 2: 5})
        DependenciaFactory(siglas="IMM", nombre="Viejo nombre", titular="")
    return meta


def _t1_de(meta, cantidad):
    """A workbook that only changes the T1 programmed for `meta`."""
    return libro(
        Metas=[
            ["Ejercicio", "Dependencia", "Clave", "Meta", "T1"],
            [meta.ejercicio.anio, meta.dependencia.siglas, meta.clave, meta.descripcion, cantidad],
        ]
    )


def _subir_y_aplicar(client, contenido, nombre="plan.xlsx"):
    client.post(IMPORTAR, {"archivo": SimpleUploadedFile(nombre, contenido)})
    huella = client.get(VISTA).context["form"].initial["huella"]
    return client.post(APLICAR, {"huella": huella})


def test_an_applied_import_writes_one_event_with_file_hash_summary_and_changed_rows(
    client, analista, meta, django_capture_on_commit_callbacks
):
    contenido = libro(
        Dependencias=[ENCABEZADOS["Dependencias"], ["IMM", "Instituto", "Ana"], ["NUEVA", "Nueva"]],
        Metas=[
            ["Ejercicio", "Dependencia", "Clave", "Meta", "T1", "T2"],
            [2022, "DIF", "DIF-01", meta.descripcion, 12, 5],
        ],
    )
    client.force_login(analista)
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        _subir_y_aplicar(client, contenido)

    assert revision.actual() == antes + 1

    evento = EventoBitacora.objects.get(tipo=EventoBitacora.Tipo.IMPORTACION)
    assert evento.tipo == EventoBitacora.Tipo.IMPORTACION
    assert evento.usuario == analista
    assert "«plan.xlsx»" in evento.descripcion
    assert evento.detalle["archivo"] == "plan.xlsx"
    assert evento.detalle["sha256"] == hashlib.sha256(contenido).hexdigest()
    assert evento.detalle["hojas"] == [
        {"hoja": "Dependencias", "nuevas": 1, "con_cambios": 1, "sin_cambio": 0,
         "claves_nuevas": ["NUEVA"]},
        {"hoja": "Metas", "nuevas": 0, "con_cambios": 1, "sin_cambio": 0, "claves_nuevas": []},
    ]  # fmt: skip
    assert evento.detalle["cambios"] == [
        {"hoja": "Dependencias", "fila": 2, "clave": "IMM",
         "antes": {"nombre": "Viejo nombre", "titular": ""},
         "despues": {"nombre": "Instituto", "titular": "Ana"}},
        {"hoja": "Metas", "fila": 2, "clave": "DIF-01", "ejercicio": 2022,
         "antes": {"t1": 10}, "despues": {"t1": 12}},
    ]  # fmt: skip


def test_a_bulk_only_import_bumps_the_data_revision(meta, django_capture_on_commit_callbacks):
    antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        importacion.aplicar(_t1_de(meta, 12), nombre="t1.xlsx")
    assert Programacion.objects.get(meta=meta, periodo__numero=1).cantidad == 12
    assert revision.actual() == antes + 1
    assert (
        EventoBitacora.objects.get(tipo=EventoBitacora.Tipo.IMPORTACION).usuario is None
    )  # a command run names no person


def test_a_rejected_import_records_nothing_and_keeps_the_revision(
    meta, django_capture_on_commit_callbacks
):
    antes = revision.actual()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(importacion.ImportacionRechazada),
    ):
        importacion.aplicar(_t1_de(meta, -3))
    assert not EventoBitacora.objects.exists()
    assert revision.actual() == antes
