"""The review steps of a ficha are in the bitácora: who sent, returned, approved or reopened
which ficha (of which dependencia and periodo), and which evidence was withdrawn, so «who
reopened which fichas this week» is one filter of /bitacora/ and its CSV."""

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora
from fichas import workflow
from fichas.models import CodigoObservacion
from fichas.workflow import ConflictoDeVersion
from tests.factories import FichaFactory, MetaFactory

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo
OBSERVACION = {"codigo": None, "texto": "Falta la lista de asistencia.", "campos": []}
DE_FICHAS = [Tipo.FICHA_ENVIADA, Tipo.FICHA_DEVUELTA, Tipo.FICHA_APROBADA, Tipo.FICHA_REABIERTA]


def _eventos():
    """The bitácora without the events of the personas' accounts being created."""
    return EventoBitacora.objects.filter(tipo__in=[*DE_FICHAS, Tipo.EVIDENCIA_RETIRADA])


def _ciclo(ficha, enlace, analista):
    """Send, return, send again, approve and reopen `ficha`."""
    obs = {**OBSERVACION, "codigo": CodigoObservacion.objects.get(clave="falta-evidencia")}
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    ficha = workflow.ficha_devolver(
        ficha=ficha, usuario=analista, version=ficha.version, observaciones=[obs]
    )
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    ficha = workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=ficha.version)
    return workflow.ficha_reabrir(
        ficha=ficha, usuario=analista, version=ficha.version, motivo="Cifra mal capturada"
    )


def test_each_review_step_records_the_ficha_its_dependencia_periodo_and_estado(
    ficha_a, enlace_a, analista
):
    _ciclo(ficha_a, enlace_a, analista)
    eventos = list(_eventos().order_by("pk"))
    assert [(e.tipo, e.usuario) for e in eventos] == [
        (Tipo.FICHA_ENVIADA, enlace_a),
        (Tipo.FICHA_DEVUELTA, analista),
        (Tipo.FICHA_ENVIADA, enlace_a),
        (Tipo.FICHA_APROBADA, analista),
        (Tipo.FICHA_REABIERTA, analista),
    ]
    assert [(e.antes, e.despues) for e in eventos] == [
        ({"Estado": "Borrador"}, {"Estado": "Enviada"}),
        ({"Estado": "Enviada"}, {"Estado": "Observada"}),
        ({"Estado": "Observada"}, {"Estado": "Enviada"}),
        ({"Estado": "Enviada"}, {"Estado": "Aprobada"}),
        ({"Estado": "Aprobada"}, {"Estado": "Observada"}),
    ]
    reabierta = eventos[-1]
    assert (reabierta.objeto_tipo, reabierta.objeto_id) == ("fichas.fichatecnica", str(ficha_a.pk))
    assert reabierta.descripcion == "Ficha de la meta DIF-01 (DIF), T1 2022: reabierta"
    assert reabierta.detalle == {
        "Dependencia": "DIF", "Periodo": "T1 2022", "Meta": "DIF-01",
        "Comentario": "Cifra mal capturada",
    }  # fmt: skip


def test_a_withdrawn_evidence_is_recorded_with_its_ficha(ficha_a, enlace_a, media_tmp):
    datos = {"url": "https://juarez.gob.mx/lista", "descripcion": "Lista", "medio_verificacion": ""}
    ficha, evidencia = workflow.evidencia_agregar(
        ficha=ficha_a, usuario=enlace_a, version=ficha_a.version, datos=datos
    )
    workflow.evidencia_retirar(
        evidencia=evidencia, usuario=enlace_a, version=ficha.version, motivo="Archivo equivocado"
    )
    evento = _eventos().get()  # adding evidence is the ficha's own history only
    assert (evento.tipo, evento.usuario) == (Tipo.EVIDENCIA_RETIRADA, enlace_a)
    clave = "Evidencia «https://juarez.gob.mx/lista»"
    assert (evento.antes, evento.despues) == ({clave: "Vigente"}, {clave: "Retirada"})
    assert evento.detalle["Comentario"].endswith("Archivo equivocado")


def test_a_refused_step_leaves_no_event(ficha_a, enlace_a):
    with pytest.raises(ConflictoDeVersion):
        workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version + 1)
    assert not _eventos().exists()


def test_who_reopened_which_fichas_is_one_filter_of_the_page_and_the_csv(
    client, ficha_a, enlace_a, analista
):
    _ciclo(ficha_a, enlace_a, analista)
    client.force_login(analista)
    pagina = client.get(reverse("bitacora"), {"tipo": Tipo.FICHA_REABIERTA}).text
    for tipo in [*DE_FICHAS, Tipo.EVIDENCIA_RETIRADA]:
        assert f'value="{tipo.value}"' in pagina and tipo.label in pagina  # in the type filter
    assert pagina.count("Ficha de la meta DIF-01 (DIF), T1 2022") == 1
    assert '<strong>Estado:</strong> <span class="text-muted">Aprobada</span> → Observada' in pagina
    csv = b"".join(
        client.get(reverse("bitacora_csv"), {"tipo": Tipo.FICHA_REABIERTA}).streaming_content
    ).decode("utf-8")
    assert "Ficha aprobada reabierta" in csv and "Estado: Aprobada" in csv


@pytest.mark.parametrize("fichas", [1, 6])
def test_the_page_costs_the_same_queries_with_few_or_many_ficha_steps(
    client, enlace_a, analista, dependencia_a, django_assert_max_num_queries, fichas
):
    for n in range(fichas):
        meta = MetaFactory(clave=f"DIF-{n:02d}", dependencia=dependencia_a, programado={1: 1})
        _ciclo(FichaFactory(meta=meta, actividades="Taller"), enlace_a, analista)
    client.force_login(analista)
    client.get(reverse("bitacora"))  # the first request marks the session's start (a write)
    # session, user, its groups (capabilities), count, one page with authors, author choices,
    # the institution (footer)
    with django_assert_max_num_queries(7):
        respuesta = client.get(reverse("bitacora"))
    assert [e.tipo in DE_FICHAS for e, *_ in respuesta.context["filas"]].count(True) == 5 * fichas
