"""The planning round per municipio: each municipio opens, proposes, covers and hears about
its own round; nothing of another municipio's planning reaches its people."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from avgm.models import Adscripcion, Ejercicio
from avgm.plataforma import roles
from planeacion import avisos, cobertura, workflow
from planeacion.models import PropuestaMeta, RondaPlaneacion
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)

pytestmark = pytest.mark.django_db
PLAZO = datetime.timedelta(days=20)


def adscrito(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


@pytest.fixture
def chihuahua(db):
    return otro_municipio()


@pytest.fixture
def analista_a(chihuahua):
    return adscrito(UserFactory(username="analista_a", rol=roles.ANALISTA), municipio_principal())


@pytest.fixture
def analista_b(chihuahua):
    return adscrito(UserFactory(username="analista_b", rol=roles.ANALISTA), chihuahua)


@pytest.fixture
def enlace_de_a(analista_a, dependencia_a, enlace_a):
    return adscrito(enlace_a, municipio_principal())


@pytest.fixture
def dependencia_de_b(chihuahua):
    return DependenciaFactory(siglas="DIFCUU", nombre="DIF Chihuahua", municipio=chihuahua)


@pytest.fixture
def enlace_de_b(dependencia_de_b, chihuahua):
    usuario = EnlaceFactory(
        usuario__username="enlace_cuu", usuario__email="enlace@chihuahua.gob.mx",
        dependencia=dependencia_de_b,
    ).usuario  # fmt: skip
    return adscrito(usuario, chihuahua)


def _abrir(usuario, anio=2023):
    return workflow.ronda_abrir(
        anio=anio, fecha_limite=timezone.localdate() + PLAZO, usuario=usuario
    )


@pytest.fixture
def rondas(analista_a, analista_b, enlace_de_a, enlace_de_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _abrir(analista_a), _abrir(analista_b, 2024)


def _propuesta(ronda, dependencia, enlace):
    return workflow.propuesta_crear(
        ronda=ronda, dependencia=dependencia, usuario=enlace,
        datos={"descripcion": f"Propuesta de {dependencia.siglas}", "t1": 1},
    )  # fmt: skip


def test_a_round_opens_in_the_ejercicio_of_the_analistas_municipio(analista_a, analista_b):
    ejercicio(2023)  # the principal's 2023 exists already
    de_a = _abrir(analista_a)
    de_b = _abrir(analista_b)
    assert de_a.ejercicio.municipio == municipio_principal()
    assert de_b.ejercicio.municipio == otro_municipio()
    assert de_b.ejercicio.periodos.count() == 4
    assert Ejercicio.objects.filter(anio=2023).count() == 2
    with pytest.raises(workflow.PasoNoPermitido, match="ya está abierta"):
        _abrir(analista_b)


def test_an_analista_without_municipio_opens_nothing(chihuahua, analista):
    with pytest.raises(workflow.PasoNoPermitido, match="adscrita"):
        _abrir(analista)
    assert not RondaPlaneacion.objects.exists()


def test_only_the_rounds_municipios_enlaces_are_told(rondas):
    por_ronda = {}
    for m in mail.outbox:
        por_ronda.setdefault("2024" in m.subject, set()).update(m.to)
    assert por_ronda[False] == {"enlace_a@juarez.gob.mx"}
    assert por_ronda[True] == {"enlace@chihuahua.gob.mx"}


def test_an_analista_of_a_sees_none_of_bs_rounds_or_proposals(
    client, rondas, analista_a, dependencia_a, enlace_de_a, dependencia_de_b, enlace_de_b
):
    ronda_a, ronda_b = rondas
    propia = _propuesta(ronda_a, dependencia_a, enlace_de_a)
    ajena = _propuesta(ronda_b, dependencia_de_b, enlace_de_b)
    client.force_login(analista_a)
    inicio = client.get(reverse("planeacion:inicio")).content.decode()
    assert reverse("planeacion:ronda", args=[2023]) in inicio
    assert reverse("planeacion:ronda", args=[2024]) not in inicio
    assert client.get(reverse("planeacion:ronda", args=[2024])).status_code == 404
    assert client.get(reverse("planeacion:propuesta", args=[ajena.pk])).status_code == 404
    assert client.get(reverse("planeacion:propuesta", args=[propia.pk])).status_code == 200
    assert (
        client.get(reverse("planeacion:dependencia", args=[2023, dependencia_de_b.pk])).status_code
        == 404
    )
    pagina = client.get(reverse("planeacion:ronda", args=[2023])).content.decode()
    assert "DIFCUU" not in pagina and dependencia_a.siglas in pagina
    # A forged step on B's proposal is refused like a missing one.
    respuesta = client.post(
        reverse("planeacion:propuesta_acordar", args=[ajena.pk]), {"version": ajena.version}
    )
    assert respuesta.status_code == 404
    assert PropuestaMeta.objects.get(pk=ajena.pk).estado == PropuestaMeta.Estado.BORRADOR


def test_an_enlace_of_b_cannot_reach_as_round_nor_propose_into_it(
    client, rondas, dependencia_de_b, enlace_de_b
):
    ronda_a, _ = rondas
    client.force_login(enlace_de_b)
    assert client.get(reverse("planeacion:ronda", args=[2023])).status_code == 404
    with pytest.raises(workflow.PasoNoPermitido, match="municipio"):
        _propuesta(ronda_a, dependencia_de_b, enlace_de_b)


def test_a_meta_of_another_municipio_answers_404(client, rondas, analista_a, dependencia_de_b):
    meta = MetaFactory(
        clave="CUU-01", dependencia=dependencia_de_b, ejercicio=ejercicio(2022, otro_municipio())
    )
    client.force_login(analista_a)
    assert client.get(reverse("planeacion:meta", args=[meta.pk])).status_code == 404


def test_coverage_counts_only_the_recomendaciones_that_apply_to_the_municipio(rondas):
    ronda_a, ronda_b = rondas
    comun = RecomendacionFactory(clave="R-COMUN")
    solo_b = RecomendacionFactory(clave="R-CUU")
    solo_b.municipios.set([otro_municipio()])
    claves_a = {r["clave"] for r in cobertura.cobertura(ronda_a)["sin_propuesta"]}
    claves_b = {r["clave"] for r in cobertura.cobertura(ronda_b)["sin_propuesta"]}
    assert comun.clave in claves_a and comun.clave in claves_b
    assert solo_b.clave in claves_b and solo_b.clave not in claves_a


def test_an_enlace_hears_only_of_its_municipios_round(rondas, enlace_de_a, enlace_de_b):
    assert [a.titulo for a in avisos.pendientes(enlace_de_a)] == [
        f"Planeación 2023 abierta: propuestas hasta el {rondas[0].fecha_limite:%d/%m/%Y}"
    ]
    assert [a.titulo.split(":")[0] for a in avisos.pendientes(enlace_de_b)] == [
        "Planeación 2024 abierta"
    ]


def test_a_sent_proposal_is_announced_to_its_municipios_analistas_only(
    rondas, analista_a, analista_b, dependencia_de_b, enlace_de_b,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _, ronda_b = rondas
    propuesta = _propuesta(ronda_b, dependencia_de_b, enlace_de_b)
    propuesta.recomendaciones.set([RecomendacionFactory(clave="R-9")])
    propuesta.t1 = 2
    propuesta.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.propuesta_enviar(
            propuesta=propuesta, usuario=enlace_de_b, version=propuesta.version
        )
    destinatarios = {d for m in mail.outbox for d in m.to}
    assert analista_b.email in destinatarios
    assert analista_a.email not in destinatarios
