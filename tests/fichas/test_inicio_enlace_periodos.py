"""The enlace's home opens on the current periodo, counts each periodo's fichas so work still
owed elsewhere is one click away, and says when the planning round awaits the enlace."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from avgm.models import Ejercicio, Periodo
from avgm.models.catalogo import fechas_trimestre
from fichas.models import FichaTecnica
from planeacion import workflow as planeacion
from planeacion.models import PropuestaMeta
from tests.factories import FichaFactory, MetaFactory, periodo

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


@pytest.fixture
def hoy(monkeypatch):
    def fijar(fecha: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: fecha)

    return fijar


@pytest.fixture
def metas(dependencia_a):
    """Three metas of DIF programmed in T1, T2 and T3 of 2022."""
    return [
        MetaFactory(dependencia=dependencia_a, clave=f"DIF-0{n}", programado={1: 5, 2: 5, 3: 5})
        for n in (1, 2, 3)
    ]


def test_it_opens_on_the_current_periodo_not_on_the_oldest_owed(client, enlace_a, metas, hoy):
    hoy(periodo(2022, 3).fecha_limite)  # T3's fichas are due today; T1's were never sent
    client.force_login(enlace_a)
    respuesta = client.get(reverse("inicio"))
    assert respuesta.context["periodo"] == periodo(2022, 3)
    t1 = respuesta.context["conteos"][0]
    assert (t1.periodo, t1.por_hacer) == (periodo(2022, 1), 3)
    assert f'href="?periodo={periodo(2022, 1).pk}"' in respuesta.text


def test_each_periodo_counts_its_fichas_by_what_they_need(client, enlace_a, metas, hoy):
    uno, dos, tres = metas
    FichaFactory(meta=uno, estado=E.APROBADA)
    FichaFactory(meta=dos, estado=E.OBSERVADA)
    FichaFactory(meta=tres, estado=E.ENVIADA)
    FichaFactory(meta=uno, periodo=periodo(2022, 2), estado=E.BORRADOR)
    hoy(datetime.date(2022, 7, 5))  # T2 is due
    client.force_login(enlace_a)
    respuesta = client.get(reverse("inicio"))
    conteos = {
        c.periodo.numero: (c.por_hacer, c.devueltas, c.enviadas, c.aprobadas)
        for c in respuesta.context["conteos"]
    }
    assert conteos == {1: (0, 1, 1, 1), 2: (3, 0, 0, 0), 3: (3, 0, 0, 0)}
    html = respuesta.text
    tabla = html[
        html.index('id="conteos-periodos"') : html.index(
            "</nav>", html.index('id="conteos-periodos"')
        )
    ]
    assert 'aria-current="page"' in tabla and "actual" in tabla
    assert tabla.index("T1 2022") < tabla.index("T2 2022") < tabla.index("T3 2022")


def test_another_periodo_chosen_says_which_is_current(client, enlace_a, metas, hoy):
    hoy(datetime.date(2022, 7, 5))
    client.force_login(enlace_a)
    html = client.get(reverse("inicio"), {"periodo": periodo(2022, 1).pk}).text
    assert "Está viendo T1 2022; el trimestre actual es" in html
    assert f'<a href="?periodo={periodo(2022, 2).pk}">T2 2022</a>' in html


def test_an_open_planning_round_is_announced_with_a_way_to_it(
    client, enlace_a, enlace_b, analista, dependencia_a, metas
):
    client.force_login(enlace_a)
    assert "Planeación 2023" not in client.get(reverse("inicio")).text  # no round yet
    ronda = planeacion.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=30), usuario=analista
    )
    html = client.get(reverse("inicio")).text
    assert f"Planeación 2023 abierta: propuestas hasta el {ronda.fecha_limite:%d/%m/%Y}" in html
    assert "DIF todavía no propone metas." in html
    assert reverse("planeacion:dependencia", args=[2023, dependencia_a.pk]) in html
    # A returned proposal still waits for the enlace after the deadline.
    propuesta = PropuestaMeta.objects.create(
        ronda=ronda, dependencia=dependencia_a, descripcion="Talleres", propuesta_por=enlace_a,
        estado=PropuestaMeta.Estado.DEVUELTA,
    )  # fmt: skip
    type(ronda).objects.filter(pk=ronda.pk).update(fecha_limite=datetime.date(2022, 12, 1))
    html = client.get(reverse("inicio")).text
    assert "Planeación 2023: el IMM le devolvió propuestas" in html
    assert "DIF: 1 propuesta devuelta." in html
    propuesta.estado = PropuestaMeta.Estado.ENVIADA
    propuesta.save()
    assert "Planeación 2023" not in client.get(reverse("inicio")).text
    client.force_login(enlace_b)  # SSPM: no metas, no proposals, the round is closed
    assert "Planeación 2023" not in client.get(reverse("inicio")).text


def test_the_periodo_links_carry_the_plain_id(client, enlace_a, dependencia_a):
    """An id past 999 is never written «1,001» (the portal groups numbers by thousands)."""
    anio = Ejercicio.objects.create(anio=2022)
    for n in range(1, 5):
        inicio, fin = fechas_trimestre(2022, n)
        Periodo.objects.create(
            pk=1000 + n, ejercicio=anio, numero=n, inicio=inicio, fin=fin, fecha_limite=fin
        )
    MetaFactory(dependencia=dependencia_a, programado={1: 5, 2: 5})
    client.force_login(enlace_a)
    respuesta = client.get(reverse("inicio"), {"periodo": 1001})
    assert respuesta.context["periodo"].pk == 1001
    assert 'href="?periodo=1001"' in respuesta.text and 'href="?periodo=1002"' in respuesta.text
    assert "periodo=1,00" not in respuesta.text
