"""After agreement, programación and recomendaciones change only by an approved request;
the Excel import of metas asks instead of rewriting."""

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora
from dependencias.excel import importacion
from dependencias.models import Programacion, SolicitudModificacion
from planeacion import workflow
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db
S = SolicitudModificacion.Estado


def _pedir(meta, quien, t2=8, recomendaciones=None):
    return workflow.modificacion_solicitar(
        meta=meta,
        usuario=quien,
        justificacion="Se suman dos planteles al programa.",
        programacion={1: 10, 2: t2, 3: 0, 4: 0},
        recomendaciones=recomendaciones or list(meta.recomendaciones.all()),
    )


def _programado(meta):
    return dict(Programacion.objects.filter(meta=meta).values_list("periodo__numero", "cantidad"))


def test_an_approved_request_changes_the_meta_and_keeps_every_version(acordada, enlace_a, analista):
    nueva = RecomendacionFactory(clave="R-2")
    solicitud = _pedir(acordada, enlace_a, t2=8, recomendaciones=[nueva])
    assert _programado(acordada) == {1: 10, 2: 5}  # nothing changes until the IMM approves
    workflow.modificacion_aprobar(solicitud=solicitud, usuario=analista, comentario="De acuerdo")
    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.decidida_por) == (S.APROBADA, analista)
    assert _programado(acordada) == {1: 10, 2: 8}
    assert list(acordada.recomendaciones.values_list("clave", flat=True)) == ["R-2"]
    v1, v2 = acordada.versiones.order_by("numero")
    assert (v1.programacion["2"], v1.recomendaciones) == (5, ["R-1"])
    assert (v2.programacion["2"], v2.recomendaciones) == (8, ["R-2"])
    evento = EventoBitacora.objects.get(tipo="modificacion_meta")
    assert evento.antes["programacion"]["2"] == 5 and evento.despues["programacion"]["2"] == 8


def test_a_rejected_request_leaves_the_meta_as_agreed(acordada, enlace_a, analista):
    solicitud = _pedir(acordada, enlace_a)
    with pytest.raises(workflow.PasoNoPermitido, match="motivo"):
        workflow.modificacion_rechazar(solicitud=solicitud, usuario=analista, motivo=" ")
    workflow.modificacion_rechazar(solicitud=solicitud, usuario=analista, motivo="Sin sustento")
    assert SolicitudModificacion.objects.get().estado == S.RECHAZADA
    assert _programado(acordada) == {1: 10, 2: 5}
    assert acordada.versiones.count() == 1
    with pytest.raises(workflow.PasoNoPermitido, match="rechazada"):
        workflow.modificacion_aprobar(solicitud=solicitud, usuario=analista)


def test_only_the_imm_decides_and_outsiders_cannot_ask(acordada, enlace_a, enlace_b):
    with pytest.raises(workflow.PasoNoPermitido):
        _pedir(acordada, enlace_b)
    solicitud = _pedir(acordada, enlace_a)
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.modificacion_aprobar(solicitud=solicitud, usuario=enlace_a)


def test_a_new_request_replaces_the_pending_one(acordada, enlace_a):
    primera = _pedir(acordada, enlace_a, t2=8)
    segunda = _pedir(acordada, enlace_a, t2=9)
    primera.refresh_from_db()
    assert (primera.estado, segunda.estado) == (S.SUSTITUIDA, S.PENDIENTE)


def test_the_request_page_warns_when_a_changed_trimestre_has_an_approved_ficha(
    client, acordada, enlace_a, analista
):
    FichaFactory(meta=acordada, periodo=acordada.ejercicio.periodos.get(numero=2),
                 estado="aprobada", cantidad_alcanzada=5)  # fmt: skip
    solicitud = _pedir(acordada, enlace_a, t2=8)
    assert workflow.trimestres_con_ficha_aprobada(solicitud) == ["T2"]
    client.force_login(analista)
    pagina = client.get(reverse("planeacion:modificacion", args=[solicitud.pk]))
    assert "T2 ya tiene una ficha técnica aprobada" in pagina.content.decode()


def _fila_metas(meta, t1, t2):
    return [
        meta.ejercicio.anio, meta.dependencia.siglas, meta.clave, meta.descripcion,
        meta.linea_accion, meta.tipo_accion.nombre, meta.unidad_medida, "R-1", t1, t2, 0, 0,
    ]  # fmt: skip


def test_an_import_that_changes_an_agreed_programacion_becomes_a_request(
    acordada, analista, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    contenido = libro(Metas=[ENCABEZADOS["Metas"], _fila_metas(acordada, 12, 5)])
    vista = importacion.previsualizar(contenido).como_dict()["hojas"][0]
    assert vista["solicitudes"] == 1
    assert vista["cambiadas"][0]["modificacion"] == ["T1"]
    importacion.aplicar(contenido, usuario=analista, nombre="plan.xlsx")
    assert _programado(acordada) == {1: 10, 2: 5}  # never silently rewritten
    solicitud = SolicitudModificacion.objects.get()
    assert solicitud.origen == "importacion" and solicitud.estado == S.PENDIENTE
    assert solicitud.propuesta["programacion"] == {"1": 12, "2": 5, "3": 0, "4": 0}
    assert "plan.xlsx" in solicitud.justificacion
    workflow.modificacion_aprobar(solicitud=solicitud, usuario=analista)
    assert _programado(acordada) == {1: 12, 2: 5}


def test_an_import_still_rewrites_metas_that_were_never_agreed(dependencia_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    RecomendacionFactory(clave="R-1")
    meta = MetaFactory(clave="DIF-09", dependencia=dependencia_a, programado={1: 10, 2: 5})
    importacion.aplicar(libro(Metas=[ENCABEZADOS["Metas"], _fila_metas(meta, 12, 5)]))
    assert _programado(meta) == {1: 12, 2: 5}
    assert not SolicitudModificacion.objects.exists()


def test_a_refused_request_is_shown_again_with_what_the_enlace_typed(client, acordada, enlace_a):
    client.force_login(enlace_a)
    respuesta = client.post(
        reverse("planeacion:modificacion_solicitar", args=[acordada.pk]),
        {"justificacion": "Se suman dos planteles al programa.", "t1": -3, "t2": 5, "t3": 0,
         "t4": 0},
    )  # fmt: skip
    assert respuesta.status_code == 400  # no redirect: nothing typed is dropped
    pagina = respuesta.content.decode()
    assert "Se suman dos planteles al programa." in pagina
    assert "No se registró la solicitud" in pagina
    assert not SolicitudModificacion.objects.exists()


def test_a_rejection_without_a_reason_keeps_the_page_and_asks_for_it(
    client, acordada, enlace_a, analista
):
    solicitud = _pedir(acordada, enlace_a)
    client.force_login(analista)
    respuesta = client.post(
        reverse("planeacion:modificacion_rechazar", args=[solicitud.pk]), {"motivo": ""}
    )
    assert respuesta.status_code == 400
    assert "Indique el motivo del rechazo." in respuesta.content.decode()
    solicitud.refresh_from_db()
    assert solicitud.estado == S.PENDIENTE
