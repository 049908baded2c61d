"""Every transition of fichas.workflow: allowed from which state, by which role, recorded."""

import datetime

import pytest
from django.utils import timezone

from avgm.plataforma import revision
from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica, HistorialFicha
from tests.factories import FichaFactory, periodo

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


def _obs(campos=()):
    return [
        {
            "codigo": CodigoObservacion.objects.get(clave="falta-evidencia"),
            "texto": "Falta la lista de asistencia.",
            "campos": list(campos),
        }
    ]


def _hacer(paso, ficha, quien):
    v = ficha.version
    if paso == "guardar":
        return workflow.ficha_guardar(ficha=ficha, usuario=quien, datos={"lugar": "X"}, version=v)
    if paso == "enviar":
        return workflow.ficha_enviar(ficha=ficha, usuario=quien, version=v)
    if paso == "devolver":
        return workflow.ficha_devolver(ficha=ficha, usuario=quien, version=v, observaciones=_obs())
    if paso == "aprobar":
        return workflow.ficha_aprobar(ficha=ficha, usuario=quien, version=v)
    if paso == "reabrir":
        return workflow.ficha_reabrir(ficha=ficha, usuario=quien, version=v, motivo="Error")
    raise AssertionError(paso)


# (step, who may do it, states it starts from, state it leaves)
PASOS = [
    ("guardar", "enlace_a", {E.BORRADOR, E.OBSERVADA}, None),
    ("enviar", "enlace_a", {E.BORRADOR, E.OBSERVADA}, E.ENVIADA),
    ("devolver", "analista", {E.ENVIADA}, E.OBSERVADA),
    ("aprobar", "analista", {E.ENVIADA}, E.APROBADA),
    ("reabrir", "analista", {E.APROBADA}, E.OBSERVADA),
]


@pytest.mark.parametrize("estado", list(E))
@pytest.mark.parametrize(("paso", "rol", "desde", "hacia"), PASOS)
def test_each_step_is_allowed_only_from_its_states(
    request, ficha_a, estado, paso, rol, desde, hacia
):
    ficha_a.estado = estado
    ficha_a.primer_envio_en = None if estado == E.BORRADOR else timezone.now()
    ficha_a.save()
    quien = request.getfixturevalue(rol)
    eventos = HistorialFicha.objects.count()
    if estado in desde:
        resultado = _hacer(paso, ficha_a, quien)
        assert resultado.estado == (hacia or estado)
        assert resultado.version == ficha_a.version + 1
        assert HistorialFicha.objects.count() > eventos
    else:
        with pytest.raises(workflow.PasoNoPermitido):
            _hacer(paso, ficha_a, quien)
        ficha_a.refresh_from_db()
        assert ficha_a.estado == estado
        assert HistorialFicha.objects.count() == eventos


@pytest.mark.parametrize(("paso", "rol", "desde", "hacia"), PASOS)
@pytest.mark.parametrize("intruso", ["enlace_b", "directivo"])
def test_no_step_is_allowed_to_the_wrong_role(request, ficha_a, paso, rol, desde, hacia, intruso):
    estado = sorted(desde)[0]
    ficha_a.estado = estado
    ficha_a.primer_envio_en = None if estado == E.BORRADOR else timezone.now()
    ficha_a.save()
    with pytest.raises(workflow.PasoNoPermitido):
        _hacer(paso, ficha_a, request.getfixturevalue(intruso))
    # And the other side of the desk cannot do it either.
    otro = "analista" if rol == "enlace_a" else "enlace_a"
    with pytest.raises(workflow.PasoNoPermitido):
        _hacer(paso, ficha_a, request.getfixturevalue(otro))
    ficha_a.refresh_from_db()
    assert ficha_a.estado == estado


def test_a_return_without_an_observacion_is_refused(ficha_a, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    with pytest.raises(workflow.PasoNoPermitido, match="al menos una observación"):
        workflow.ficha_devolver(
            ficha=ficha, usuario=analista, version=ficha.version, observaciones=[]
        )
    ficha.refresh_from_db()
    assert ficha.estado == E.ENVIADA


def test_first_submission_time_survives_a_return_and_resubmission(ficha_a, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    primero = ficha.primer_envio_en
    ficha = workflow.ficha_devolver(
        ficha=ficha, usuario=analista, version=ficha.version, observaciones=_obs(["lugar"])
    )
    ficha = workflow.ficha_guardar(
        ficha=ficha, usuario=enlace_a, datos={"lugar": "Sector Sur"}, version=ficha.version
    )
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)
    assert ficha.primer_envio_en == primero
    assert ficha.enviada_en > primero
    assert workflow.cambios_desde_devolucion(list(ficha.historial.all())) == {
        "lugar": ["Sector Centro", "Sector Sur"]
    }
    assert list(ficha.historial.values_list("accion", flat=True)) == [
        "enviar", "devolver", "editar", "enviar",
    ]  # fmt: skip


def test_a_late_first_submission_stays_late_and_an_early_one_stays_on_time(ficha_a, enlace_a):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    # Today (2026) is long after the 2022 deadline.
    assert ficha.tardia
    ficha.primer_envio_en = timezone.make_aware(datetime.datetime(2022, 4, 5, 10))
    assert not ficha.tardia


def test_no_aplica_needs_a_justification_to_be_submitted(ficha_a, enlace_a):
    ficha = workflow.ficha_guardar(
        ficha=ficha_a, usuario=enlace_a, datos={"no_aplica": True}, version=1
    )
    with pytest.raises(workflow.PasoNoPermitido, match="justificación"):
        workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)


def test_a_closed_periodo_is_read_only_for_enlaces_until_reopened(ficha_a, enlace_a, analista):
    workflow.periodo_cerrar(periodo=ficha_a.periodo, usuario=analista)
    with pytest.raises(workflow.PasoNoPermitido, match="cerrado"):
        workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.periodo_reabrir(periodo=ficha_a.periodo, usuario=enlace_a)
    workflow.periodo_reabrir(periodo=ficha_a.periodo, usuario=analista)
    assert workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1).estado == E.ENVIADA


def test_carry_forward_copies_context_never_quantities(meta_a, enlace_a):
    FichaFactory(
        meta=meta_a,
        estado=E.APROBADA,
        cantidad_alcanzada=10,
        mujeres_18_29=7,
        actividades="Taller",
        lugar="Sector Centro",
        coordinacion="Con la FEM",
    )
    nueva = workflow.ficha_crear(
        meta=meta_a, periodo=periodo(2022, 2), usuario=enlace_a, arrastrar=True
    )
    assert (nueva.actividades, nueva.lugar, nueva.coordinacion) == (
        "Taller", "Sector Centro", "Con la FEM",
    )  # fmt: skip
    assert (nueva.cantidad_alcanzada, nueva.mujeres_18_29) == (0, 0)
    assert "T1" in nueva.historial.get().comentario


def test_expected_medios_de_verificacion_are_listed_until_declared(ficha_a, enlace_a, media_tmp):
    assert workflow.medios_faltantes(ficha_a) == ["Lista de asistencia", "Fotografías"]
    workflow.evidencia_agregar(
        ficha=ficha_a,
        usuario=enlace_a,
        version=1,
        datos={"url": "https://juarez.gob.mx/f", "medio_verificacion": "fotografías"},
    )
    assert workflow.medios_faltantes(ficha_a) == ["Lista de asistencia"]
    # The page passes the evidence it already loaded: the same answer, a withdrawn one aside.
    evidencias = list(ficha_a.evidencias.all())
    assert workflow.medios_faltantes(ficha_a, evidencias) == ["Lista de asistencia"]
    evidencias[0].retirada_en = timezone.now()
    assert workflow.medios_faltantes(ficha_a, evidencias) == ["Lista de asistencia", "Fotografías"]


def test_the_enlace_answers_an_observacion_and_it_is_recorded(ficha_a, enlace_a, analista):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    ficha = workflow.ficha_devolver(
        ficha=ficha, usuario=analista, version=ficha.version, observaciones=_obs()
    )
    observacion = ficha.observaciones.get()
    with pytest.raises(workflow.PasoNoPermitido):
        workflow.observacion_responder(
            observacion=observacion, usuario=analista, version=ficha.version, respuesta="x"
        )
    ficha = workflow.observacion_responder(
        observacion=observacion, usuario=enlace_a, version=ficha.version, respuesta="Adjunta."
    )
    observacion.refresh_from_db()
    assert observacion.respuesta == "Adjunta." and observacion.respondida_en
    assert "Adjunta." in ficha.historial.last().comentario


def _eventos_de(periodo_):
    from avgm.models import EventoBitacora

    return EventoBitacora.objects.filter(objeto_tipo="avgm.periodo", objeto_id=str(periodo_.pk))


@pytest.mark.parametrize(
    "paso, tipo, antes",
    [("periodo_cerrar", "periodo_cerrado", False), ("periodo_reabrir", "periodo_reabierto", True)],
)
def test_closing_and_reopening_a_periodo_is_recorded_and_bumps_the_revision(
    analista, django_capture_on_commit_callbacks, paso, tipo, antes
):
    with django_capture_on_commit_callbacks(execute=True):  # setup commits, as in real use
        t4 = periodo(2022, 4)
        type(t4).objects.filter(pk=t4.pk).update(cerrado=antes)
    revision_antes = revision.actual()
    with django_capture_on_commit_callbacks(execute=True):
        resultado = getattr(workflow, paso)(periodo=t4, usuario=analista)
    assert resultado.cerrado is not antes
    assert revision.actual() == revision_antes + 1  # report caches keyed by it go stale
    (evento,) = _eventos_de(t4)
    assert evento.tipo == tipo
    assert evento.usuario == analista
    assert evento.antes == {"cerrado": antes}
    assert evento.despues == {"cerrado": not antes}
    assert str(t4) in evento.descripcion


def test_closing_a_closed_periodo_changes_and_records_nothing(analista):
    t4 = periodo(2022, 4)
    workflow.periodo_cerrar(periodo=t4, usuario=analista)
    workflow.periodo_cerrar(periodo=t4, usuario=analista)
    assert _eventos_de(t4).count() == 1


def test_a_refused_close_leaves_the_periodo_open_and_the_bitacora_empty(enlace_a, directivo):
    t4 = periodo(2022, 4)
    for intruso in (enlace_a, directivo):
        with pytest.raises(workflow.PasoNoPermitido):
            workflow.periodo_cerrar(periodo=t4, usuario=intruso)
    t4.refresh_from_db()
    assert t4.cerrado is False
    assert not _eventos_de(t4).exists()
