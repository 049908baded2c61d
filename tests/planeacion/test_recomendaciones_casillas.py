"""«Recomendaciones que atiende» is a list of checkboxes grouped by tipo, searchable with
JavaScript; without it the boxes post like any form, and the planning pages start with what
the enlace has to do."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from avgm.models import Modalidad, Recomendacion
from planeacion import workflow
from planeacion.models import PropuestaMeta
from tests.factories import MetaFactory, RecomendacionFactory

pytestmark = pytest.mark.django_db
T = Recomendacion.Tipo


@pytest.fixture
def ronda(analista):
    return workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=20), usuario=analista
    )


@pytest.fixture
def recomendaciones():
    feminicida = Modalidad.objects.get(nombre="Violencia Feminicida")
    return [
        RecomendacionFactory(clave="R-001", tipo=T.PERMANENTE, modalidades=[feminicida]),
        RecomendacionFactory(clave="R-002", tipo=T.PUNTUAL),
        RecomendacionFactory(clave="R-003", tipo=T.COORDINACION),
        RecomendacionFactory(clave="R-004", tipo=T.PERMANENTE),
    ]


def test_the_proposal_offers_checkboxes_grouped_by_tipo(
    client, ronda, dependencia_a, enlace_a, recomendaciones
):
    client.force_login(enlace_a)
    html = client.get(reverse("planeacion:propuesta_nueva", args=[2023, dependencia_a.pk])).text
    assert "<select" not in html[html.index("Recomendaciones vigentes") :].split("</fieldset>")[0]
    grupos = re.findall(r'<legend class="small fw-semibold mb-1">([^<]+)</legend>', html)
    assert grupos == [
        "Permanente · Metas básicas",
        "Puntual · Metas especializadas",
        "De coordinación · Metas coordinadas con los tres niveles de gobierno",
    ]
    permanentes = html[html.index(grupos[0]) : html.index(grupos[1])]
    assert "R-001" in permanentes and "R-004" in permanentes and "R-002" not in permanentes
    assert 'type="checkbox" name="recomendaciones"' in html
    assert 'data-corto="R-001"' in html and "· Feminicida" in html  # searchable modalidad
    # The search, the chips and the count wait, hidden, for the script (no inline script).
    assert re.search(r'class="casillas-herramientas" data-herramientas hidden', html)
    assert re.search(r'<script src="/static/js/casillas\.js"></script>', html)
    assert 'href="/static/css/casillas.css"' in html


def test_without_javascript_the_checked_boxes_are_exactly_what_is_saved(
    client, ronda, dependencia_a, enlace_a, recomendaciones
):
    uno, dos, tres, cuatro = recomendaciones
    client.force_login(enlace_a)
    client.post(
        reverse("planeacion:propuesta_nueva", args=[2023, dependencia_a.pk]),
        {"descripcion": "Campaña en escuelas", "recomendaciones": [dos.pk, cuatro.pk],
         "t1": 3, "t2": 0, "t3": 0, "t4": 0},
    )  # fmt: skip
    propuesta = PropuestaMeta.objects.get()
    assert set(propuesta.recomendaciones.values_list("clave", flat=True)) == {"R-002", "R-004"}
    # The page shows them checked; unchecking one and saving keeps exactly the other.
    url = reverse("planeacion:propuesta", args=[propuesta.pk])
    html = client.get(url).text
    marcadas = re.findall(r'value="(\d+)"[^>]*checked', html)
    assert sorted(int(pk) for pk in marcadas) == sorted([dos.pk, cuatro.pk])
    client.post(
        url,
        {"version": propuesta.version, "descripcion": "Campaña en escuelas",
         "recomendaciones": [cuatro.pk], "t1": 3, "t2": 0, "t3": 0, "t4": 0},
    )  # fmt: skip
    assert list(propuesta.recomendaciones.values_list("clave", flat=True)) == ["R-004"]


def test_the_modification_request_uses_the_same_list(
    client, dependencia_a, enlace_a, analista, recomendaciones
):
    uno, dos, *_ = recomendaciones
    meta = MetaFactory(dependencia=dependencia_a, programado={1: 4}, recomendaciones=[uno],
                       acordada_por=analista, acordada_en=timezone.now())  # fmt: skip
    client.force_login(enlace_a)
    html = client.get(reverse("planeacion:meta", args=[meta.pk])).text
    assert f'value="{uno.pk}"' in html and 'type="checkbox" name="recomendaciones"' in html
    client.post(
        reverse("planeacion:modificacion_solicitar", args=[meta.pk]),
        {"justificacion": "Suma una recomendación.", "t1": 4, "t2": 0, "t3": 0, "t4": 0,
         "recomendaciones": [uno.pk, dos.pk]},
    )  # fmt: skip
    solicitud = meta.solicitudes.get()
    assert sorted(solicitud.propuesta["recomendaciones"]) == sorted([uno.pk, dos.pk])


def test_the_enlaces_planning_pages_start_with_what_to_do(
    client, ronda, dependencia_a, enlace_a, recomendaciones
):
    devuelta = PropuestaMeta.objects.create(
        ronda=ronda, dependencia=dependencia_a, descripcion="Talleres en secundarias",
        propuesta_por=enlace_a, estado=PropuestaMeta.Estado.DEVUELTA,
    )  # fmt: skip
    PropuestaMeta.objects.create(
        ronda=ronda, dependencia=dependencia_a, descripcion="Campaña de radio",
        propuesta_por=enlace_a,
    )  # fmt: skip
    client.force_login(enlace_a)
    html = client.get(reverse("planeacion:dependencia", args=[2023, dependencia_a.pk])).text
    por_hacer = html.index('id="por-hacer"')
    assert por_hacer < html.index('id="propuestas"') < html.index('id="cobertura"')
    tarea = html[por_hacer : html.index("</section>", por_hacer)]
    assert tarea.index("Talleres en secundarias") < tarea.index("Campaña de radio")
    assert "devuelta con observaciones" in tarea and "Proponer una meta nueva" in tarea
    assert reverse("planeacion:propuesta", args=[devuelta.pk]) in tarea

    html = client.get(reverse("planeacion:ronda", args=[2023])).text
    assert html.index('id="sus-dependencias"') < html.index('id="cobertura"')
    suyas = html[html.index('id="sus-dependencias"') : html.index('id="cobertura"')]
    assert "1 devuelta · 1 borrador" in suyas
    assert reverse("planeacion:dependencia", args=[2023, dependencia_a.pk]) in suyas
