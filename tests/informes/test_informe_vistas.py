"""Report pages: who sees them, the narrative, the drill-down, and a query count that stays put."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from avgm.models import Modalidad
from informes.models import NarrativaCorte
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    periodo,
)

pytestmark = pytest.mark.django_db

CORTE = reverse("informes:corte", args=[2022, "T2"])
NARRATIVA = reverse("informes:narrativa", args=[2022, "T2"])


@pytest.fixture
def datos(dependencia_a):
    """One impacted recomendación of dependencia A, one programada without progress."""
    ejercicio(2022)
    fem = Modalidad.objects.get(nombre="Violencia Feminicida")
    atendida = RecomendacionFactory(
        clave="R-1", texto="Capacitar al personal de atención.", modalidades=[fem]
    )
    pendiente = RecomendacionFactory(clave="R-2", texto="Crear un protocolo de atención laboral.")
    meta = MetaFactory(dependencia=dependencia_a, recomendaciones=[atendida], programado={1: 3})
    MetaFactory(dependencia=dependencia_a, recomendaciones=[pendiente], programado={2: 1})
    return FichaFactory(
        meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3
    )


@pytest.mark.parametrize(
    "url",
    [CORTE, reverse("informes:tablero"), reverse("informes:lista"), NARRATIVA,
     reverse("informes:corte_xlsx", args=[2022, "T2"]),
     reverse("informes:detalle", args=[2022, "T2", "impactadas"])],
)  # fmt: skip
def test_an_enlace_gets_403_on_every_report_page(client, enlace_a, datos, url):
    client.force_login(enlace_a)
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, datos):
    respuesta = client.get(CORTE)
    assert respuesta.status_code == 302
    assert reverse("login") in respuesta["Location"]


def test_a_directivo_reads_the_report_but_cannot_write_or_publish(client, directivo, datos):
    client.force_login(directivo)
    respuesta = client.get(CORTE)
    assert respuesta.status_code == 200
    assert "Informe de corte: Respuesta a la AVGM Ene–Jun 2022" in respuesta.text
    assert "Redactar narrativa" not in respuesta.text
    assert client.get(NARRATIVA).status_code == 403
    publicar = reverse("informes:publicar", args=[2022, "T2"])
    assert client.post(publicar).status_code == 403
    tablero = client.get(reverse("informes:tablero"))
    assert tablero.status_code == 200
    assert "50.0 %" in tablero.text  # 1 impactada of 2 programadas


def test_each_figure_links_to_what_is_behind_it(client, analista, datos):
    client.force_login(analista)
    pagina = client.get(CORTE).text
    url = reverse("informes:detalle", args=[2022, "T2", "impactadas"])
    assert f'href="{url}"' in pagina
    assert 'title="Recomendaciones programadas con al menos una meta' in pagina
    detalle = client.get(url)
    assert detalle.status_code == 200
    assert "R-1" in detalle.text and "R-2" not in detalle.text
    assert datos.folio in detalle.text  # the ficha, through _enlace_ficha.html
    modalidad = client.get(
        url.replace("impactadas", "modalidad"), {"clave": "Violencia Feminicida"}
    )
    assert "R-1" in modalidad.text
    programadas = client.get(
        url.replace("impactadas", "programadas"), {"clave": "Violencia Feminicida"}
    )
    assert "R-1" in programadas.text and "R-2" not in programadas.text  # R-2 has no modalidad
    assert client.get(url.replace("impactadas", "inventada")).status_code == 404


def test_the_narrative_starts_from_the_data_and_is_saved(client, analista, datos):
    client.force_login(analista)
    formulario = client.get(NARRATIVA)
    assert "Capacitar al personal de atención." in formulario.text  # most impacted
    assert "Crear un protocolo de atención laboral. Responsables: DIF." in formulario.text
    respuesta = client.post(
        NARRATIVA,
        {
            "principales": "Capacitación a servidores públicos",
            "areas_deficientes": "Violencia laboral",
            "recomendaciones": "",
            "compromisos": "Enviar fichas cada trimestre",
        },
        follow=True,
    )
    assert respuesta.redirect_chain[-1][0] == CORTE
    assert "Narrativa del corte Ene–Jun 2022 guardada." in respuesta.text
    assert "Capacitación a servidores públicos" in respuesta.text
    assert NarrativaCorte.objects.get().actualizada_por == analista


def _crecer(n: int, inicio: int) -> None:
    for i in range(inicio, inicio + n):
        dep = DependenciaFactory(siglas=f"D{i}")
        rec = RecomendacionFactory()
        meta = MetaFactory(dependencia=dep, recomendaciones=[rec], programado={1: 2, 2: 2})
        FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=1)
        FichaFactory(meta=meta, periodo=periodo(2022, 2), estado="enviada", cantidad_alcanzada=1)


def test_the_report_page_query_count_does_not_grow_with_the_data(
    client, analista, datos, django_assert_max_num_queries
):
    client.force_login(analista)
    client.get(CORTE)  # warm the session
    with CaptureQueriesContext(connection) as pequeno:
        assert client.get(CORTE).status_code == 200
    _crecer(30, 0)
    client.get(CORTE)  # the previous corte's figures are cached by data version
    with CaptureQueriesContext(connection) as grande:
        assert "D29" in client.get(CORTE).text
    assert len(grande) == len(pequeno)
    # session + user + groups; the corte's periodos (2); figures of the corte (14, with the
    # GIM section); the previous corte (1) and its figures (14: the test's transaction never
    # commits, so its writes are pending and no figures come from the cache); narrative; last
    # published; the institution (cover); the last published version's figures (what changed).
    with django_assert_max_num_queries(35):
        client.get(CORTE)
