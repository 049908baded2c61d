"""The planning round, step by step: open, carry forward, return, resubmit, agree."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from avgm.models import Ejercicio, EventoBitacora
from dependencias.models import Meta
from fichas.models import CodigoObservacion
from planeacion import workflow
from planeacion.models import PropuestaMeta
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, TipoAccionFactory

pytestmark = pytest.mark.django_db
E = PropuestaMeta.Estado


@pytest.fixture
def ronda(analista, enlace_a, enlace_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return workflow.ronda_abrir(
            anio=2023,
            fecha_limite=timezone.localdate() + datetime.timedelta(days=30),
            usuario=analista,
        )


def _devolver(propuesta, analista, campos=("t1",)):
    return workflow.propuesta_devolver(
        propuesta=propuesta,
        usuario=analista,
        version=propuesta.version,
        observaciones=[
            {
                "codigo": CodigoObservacion.objects.get(clave="planeacion-otro"),
                "texto": "El T1 parece alto para el primer trimestre.",
                "campos": list(campos),
            }
        ],
    )


def test_opening_creates_the_ejercicio_with_its_trimestres_and_tells_every_enlace(ronda):
    assert Ejercicio.objects.get(anio=2023).periodos.count() == 4
    assert ronda.ejercicio.anio == 2023
    destinatarios = {d for m in mail.outbox for d in m.to}
    assert {"enlace_a@juarez.gob.mx", "enlace_b@juarez.gob.mx"} <= destinatarios
    assert "Planeación 2023" in mail.outbox[0].subject
    assert EventoBitacora.objects.filter(tipo="planeacion_abierta").count() == 1


def test_a_round_opens_once_and_only_for_analistas(ronda, analista, enlace_a):
    with pytest.raises(workflow.PasoNoPermitido, match="ya está abierta"):
        workflow.ronda_abrir(anio=2023, fecha_limite=ronda.fecha_limite, usuario=analista)
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.ronda_abrir(anio=2024, fecha_limite=ronda.fecha_limite, usuario=enlace_a)


def test_carrying_forward_copies_the_meta_and_drops_recomendaciones_out_of_force(
    ronda, dependencia_a, enlace_a
):
    vigente = RecomendacionFactory(clave="R-1")
    vencida = RecomendacionFactory(clave="R-2", vigente_hasta=2022)
    meta = MetaFactory(
        dependencia=dependencia_a, programado={1: 10, 3: 4}, recomendaciones=[vigente, vencida]
    )
    propuesta = workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)
    assert propuesta.estado == E.BORRADOR
    assert propuesta.origen == meta
    assert (propuesta.descripcion, propuesta.tipo_accion) == (meta.descripcion, meta.tipo_accion)
    assert propuesta.programacion == [10, 0, 4, 0]
    assert list(propuesta.recomendaciones.all()) == [vigente]
    with pytest.raises(workflow.PasoNoPermitido, match="ya tiene una propuesta"):
        workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)


def test_an_enlace_proposes_only_for_its_own_dependencias(ronda, dependencia_a, enlace_b):
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.propuesta_crear(
            ronda=ronda, dependencia=dependencia_a, usuario=enlace_b, datos={"descripcion": "X"}
        )


def test_a_proposal_needs_recomendaciones_and_quantities_before_it_is_sent(
    ronda, dependencia_a, enlace_a
):
    propuesta = workflow.propuesta_crear(
        ronda=ronda, dependencia=dependencia_a, usuario=enlace_a, datos={"descripcion": "Taller"}
    )
    with pytest.raises(workflow.PasoNoPermitido, match="recomendación"):
        workflow.propuesta_enviar(propuesta=propuesta, usuario=enlace_a, version=propuesta.version)


def test_return_resubmit_and_agree_make_an_official_meta_with_who_and_when(
    ronda, dependencia_a, enlace_a, analista, django_capture_on_commit_callbacks
):
    rec = RecomendacionFactory(clave="R-9")
    propuesta = workflow.propuesta_crear(
        ronda=ronda,
        dependencia=dependencia_a,
        usuario=enlace_a,
        datos={
            "descripcion": "Capacitar a 200 servidoras públicas",
            "tipo_accion": TipoAccionFactory(),
            "unidad_medida": "Personas",
            "recomendaciones": [rec],
            "t1": 80,
            "t2": 40,
        },
    )
    propuesta = workflow.propuesta_enviar(propuesta=propuesta, usuario=enlace_a, version=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propuesta = _devolver(propuesta, analista)
    assert propuesta.estado == E.DEVUELTA
    assert mail.outbox[0].to == ["enlace_a@juarez.gob.mx"]
    assert "El T1 parece alto" in mail.outbox[0].body

    propuesta = workflow.propuesta_guardar(
        propuesta=propuesta, usuario=enlace_a, version=propuesta.version, datos={"t1": 50}
    )
    propuesta = workflow.propuesta_enviar(
        propuesta=propuesta, usuario=enlace_a, version=propuesta.version
    )
    historial = list(propuesta.historial.all())
    assert workflow.cambios_desde_devolucion(historial) == {"t1": ["80", "50"]}

    with django_capture_on_commit_callbacks(execute=True):
        propuesta = workflow.propuesta_acordar(
            propuesta=propuesta, usuario=analista, version=propuesta.version
        )
    meta = Meta.objects.get(ejercicio__anio=2023)
    assert propuesta.meta == meta and propuesta.estado == E.ACORDADA
    assert (meta.propuesta_por, meta.acordada_por) == (enlace_a, analista)
    assert meta.acordada_en is not None
    assert meta.clave == "DIF-2023-01"
    assert meta.estado_programacion() == {
        "programacion": {"1": 50, "2": 40, "3": 0, "4": 0},
        "recomendaciones": [rec.pk],
    }
    assert meta.versiones.get().numero == 1
    evento = EventoBitacora.objects.get(tipo="meta_acordada")
    assert evento.objeto_id == str(meta.pk) and evento.usuario == analista
    assert "acordó la meta DIF-2023-01" in mail.outbox[-1].body


def test_a_carried_meta_keeps_its_clave_with_the_new_year(ronda, dependencia_a, enlace_a, analista):
    rec = RecomendacionFactory()
    meta = MetaFactory(
        clave="JRZ-2022-007", dependencia=dependencia_a, programado={2: 3}, recomendaciones=[rec]
    )
    FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=3)
    p = workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)
    p = workflow.propuesta_enviar(propuesta=p, usuario=enlace_a, version=p.version)
    p = workflow.propuesta_acordar(propuesta=p, usuario=analista, version=p.version)
    assert p.meta.clave == "JRZ-2023-007"


def test_only_the_imm_agrees_and_only_what_was_sent(ronda, dependencia_a, enlace_a, analista):
    p = workflow.propuesta_crear(
        ronda=ronda, dependencia=dependencia_a, usuario=enlace_a, datos={"descripcion": "X"}
    )
    with pytest.raises(workflow.PasoNoPermitido, match="enviada"):
        workflow.propuesta_acordar(propuesta=p, usuario=analista, version=p.version)
    with pytest.raises(workflow.PasoNoPermitido, match="analista"):
        workflow.propuesta_acordar(propuesta=p, usuario=enlace_a, version=p.version)
    with pytest.raises(workflow.ConflictoDeVersion):
        workflow.propuesta_guardar(propuesta=p, usuario=enlace_a, version=99, datos={"t1": 1})
    retirada = workflow.propuesta_retirar(propuesta=p, usuario=enlace_a, version=p.version)
    assert PropuestaMeta.objects.filter(pk=retirada.pk, estado=E.RETIRADA).exists()


def test_a_return_with_an_observacion_missing_its_code_is_shown_again_with_the_text(
    client, ronda, dependencia_a, enlace_a, analista
):
    from django.urls import reverse

    meta = MetaFactory(dependencia=dependencia_a, programado={1: 10},
                       recomendaciones=[RecomendacionFactory()])  # fmt: skip
    propuesta = workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)
    propuesta = workflow.propuesta_enviar(
        propuesta=propuesta, usuario=enlace_a, version=propuesta.version
    )
    client.force_login(analista)
    respuesta = client.post(
        reverse("planeacion:propuesta_devolver", args=[propuesta.pk]),
        {"version": propuesta.version, "obs-TOTAL_FORMS": 1, "obs-INITIAL_FORMS": 0,
         "obs-0-codigo": "", "obs-0-texto": "El T1 parece alto para el arranque."},
    )  # fmt: skip
    assert respuesta.status_code == 400  # re-rendered, not redirected: the text is kept
    assert "El T1 parece alto para el arranque." in respuesta.content.decode()
    propuesta.refresh_from_db()
    assert propuesta.estado == E.ENVIADA
