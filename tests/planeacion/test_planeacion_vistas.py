"""The planning pages: what each persona sees and can do (the matrix covers the status codes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planeacion import workflow
from planeacion.models import PropuestaMeta
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ronda(analista):
    return workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=20), usuario=analista
    )


def test_an_analista_opens_a_round_from_the_page(client, analista, enlace_a):
    client.force_login(analista)
    respuesta = client.post(
        reverse("planeacion:ronda_abrir"),
        {"anio": 2023, "fecha_limite": (timezone.localdate() + datetime.timedelta(days=5))},
        follow=True,
    )
    assert respuesta.redirect_chain[-1][0] == reverse("planeacion:ronda", args=[2023])
    assert "Planeación 2023 abierta" in respuesta.content.decode()


def test_the_enlace_sees_last_years_programmed_against_approved_and_carries_it(
    client, ronda, dependencia_a, enlace_a
):
    meta = MetaFactory(clave="DIF-01", dependencia=dependencia_a, programado={1: 10, 2: 10},
                       recomendaciones=[RecomendacionFactory()])  # fmt: skip
    FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=7)
    client.force_login(enlace_a)
    url = reverse("planeacion:dependencia", args=[2023, dependencia_a.pk])
    pagina = client.get(url).content.decode()
    assert "DIF-01" in pagina and "35.0 %" in pagina  # 7 of 20 approved
    respuesta = client.post(
        reverse("planeacion:propuesta_arrastrar", args=[2023, dependencia_a.pk, meta.pk])
    )
    propuesta = PropuestaMeta.objects.get()
    assert respuesta.url == reverse("planeacion:propuesta", args=[propuesta.pk])
    assert "ya propuesta" in client.get(url).content.decode()


def test_the_enlace_saves_a_proposal_and_the_change_is_in_its_history(
    client, ronda, dependencia_a, enlace_a
):
    rec = RecomendacionFactory(clave="R-7")
    client.force_login(enlace_a)
    client.post(
        reverse("planeacion:propuesta_nueva", args=[2023, dependencia_a.pk]),
        {"descripcion": "Campaña en escuelas", "recomendaciones": [rec.pk], "t1": 3, "t2": 0,
         "t3": 0, "t4": 0, "unidad_medida": "Campañas"},
    )  # fmt: skip
    propuesta = PropuestaMeta.objects.get()
    assert (propuesta.descripcion, propuesta.t1, propuesta.propuesta_por) == (
        "Campaña en escuelas", 3, enlace_a,
    )  # fmt: skip
    url = reverse("planeacion:propuesta", args=[propuesta.pk])
    client.post(url, {"descripcion": "Campaña en escuelas", "recomendaciones": [rec.pk], "t1": 5,
                      "t2": 0, "t3": 0, "t4": 0, "version": propuesta.version})  # fmt: skip
    propuesta.refresh_from_db()
    assert propuesta.t1 == 5
    assert "Programado T1" in client.get(url).content.decode()


def test_the_analista_sees_coverage_by_modalidad_and_the_review_queue(
    client, ronda, dependencia_a, enlace_a, analista
):
    p = workflow.propuesta_crear(
        ronda=ronda, dependencia=dependencia_a, usuario=enlace_a,
        datos={"descripcion": "Taller de nuevas masculinidades",
               "recomendaciones": [RecomendacionFactory()], "t1": 1},
    )  # fmt: skip
    workflow.propuesta_enviar(propuesta=p, usuario=enlace_a, version=p.version)
    client.force_login(analista)
    pagina = client.get(reverse("planeacion:ronda", args=[2023])).content.decode()
    assert "Propuestas por revisar (1)" in pagina
    assert "Taller de nuevas masculinidades" in pagina
    assert "Cobertura por modalidad" in pagina and "Cobertura por eje transversal" in pagina
    assert "Sin corte publicado" in pagina


def test_a_directivo_reads_the_progress_but_gets_no_forms(client, ronda, directivo, enlace_a,
                                                         dependencia_a):  # fmt: skip
    p = workflow.propuesta_crear(
        ronda=ronda, dependencia=dependencia_a, usuario=enlace_a,
        datos={"descripcion": "X", "recomendaciones": [RecomendacionFactory()], "t1": 1},
    )  # fmt: skip
    workflow.propuesta_enviar(propuesta=p, usuario=enlace_a, version=p.version)
    client.force_login(directivo)
    ronda_html = client.get(reverse("planeacion:ronda", args=[2023])).content.decode()
    assert "Avance por dependencia" in ronda_html
    pagina = client.get(reverse("planeacion:propuesta", args=[p.pk])).content.decode()
    assert "Acordar la meta" not in pagina and "Guardar cambios" not in pagina
    assert "Abrir planeación" not in client.get(reverse("planeacion:inicio")).content.decode()
