"""Each corte's figures are computed once per data revision and shared through the database
cache; a committed write shows at once, and a transaction never sees figures older than its
own uncommitted writes. These tests commit for real (transaction=True): the revision only
moves after a commit."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from avgm.plataforma import revision
from fichas.models import FichaTecnica
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio

# serialized_rollback: the catalogs the migrations load are restored for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def cache_de_base_de_datos(settings):
    """The portal's own cache: the table the migrations create, shared by every process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "avgm_cache",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def ficha():
    ejercicio(2022)
    meta = MetaFactory(programado={1: 4}, recomendaciones=[RecomendacionFactory()])
    return FichaFactory(meta=meta, estado=FichaTecnica.Estado.ENVIADA, cantidad_alcanzada=4)


def _corte() -> Corte:
    return Corte.buscar(2022, "T1")


def test_unchanged_data_reads_the_figures_from_the_cache(ficha):
    corte = _corte()
    primera = calcular(corte)
    with CaptureQueriesContext(connection) as consultas:
        segunda = calcular(corte)
    assert segunda == primera
    # The data revision only: the entry comes from this process's memory.
    assert len(consultas) == 1


def test_another_process_reads_the_figures_from_the_shared_table(ficha):
    corte = _corte()
    primera = calcular(corte)
    caches["local"].clear()  # what a second gunicorn process starts with
    with CaptureQueriesContext(connection) as consultas:
        segunda = calcular(corte)
    assert segunda == primera
    # The data revision and the table's entry: nothing is recomputed.
    assert len(consultas) == 2
    assert any("avgm_cache" in q["sql"] for q in consultas)


def test_a_committed_write_shows_at_once(ficha):
    corte = _corte()
    assert calcular(corte)["recomendaciones"]["impactadas"] == 0
    antes = revision.actual()
    ficha.estado = FichaTecnica.Estado.APROBADA
    ficha.save()
    assert revision.actual() > antes
    assert calcular(corte)["recomendaciones"]["impactadas"] == 1


def test_a_transaction_sees_its_own_uncommitted_writes(ficha):
    corte = _corte()
    assert calcular(corte)["recomendaciones"]["impactadas"] == 0
    with transaction.atomic():
        ficha.estado = FichaTecnica.Estado.APROBADA
        ficha.save()
        assert calcular(corte)["recomendaciones"]["impactadas"] == 1
        transaction.set_rollback(True)
    assert calcular(corte)["recomendaciones"]["impactadas"] == 0


def test_the_report_page_computes_nothing_when_the_data_did_not_change(ficha, client):
    from avgm.plataforma import roles
    from tests.factories import UserFactory

    client.force_login(UserFactory(rol=roles.ANALISTA))
    assert client.get("/informes/corte/2022/T1/").status_code == 200
    with CaptureQueriesContext(connection) as consultas:
        assert client.get("/informes/corte/2022/T1/").status_code == 200
    assert not any("fichas_fichatecnica" in q["sql"] for q in consultas)


def _plantillas(respuesta) -> set[str]:
    return {t.name for t in respuesta.templates}


def _cuerpo(respuesta) -> str:
    html = respuesta.content.decode()
    return html[html.index("Pase el puntero") : html.rindex("</section>")]


def test_the_report_body_is_rendered_once_per_data_revision_for_every_reader(ficha, client):
    from avgm.plataforma import roles
    from tests.factories import UserFactory

    url = "/informes/corte/2022/T1/"
    client.force_login(UserFactory(rol=roles.ANALISTA))
    primera = client.get(url)
    assert "informes/_contenido.html" in _plantillas(primera)
    assert 'id="publicar"' in primera.content.decode()  # the analista's own control

    client.force_login(UserFactory(rol=roles.DIRECTIVO))
    segunda = client.get(url)
    assert "informes/_contenido.html" not in _plantillas(segunda)  # the kept body
    assert _cuerpo(segunda) == _cuerpo(primera)
    assert 'id="publicar"' not in segunda.content.decode()  # no one else's controls

    # A committed approval is a new revision: the body is rendered again, with the new figure.
    ficha.estado = FichaTecnica.Estado.APROBADA
    ficha.save()
    tercera = client.get(url)
    assert "informes/_contenido.html" in _plantillas(tercera)
    assert _cuerpo(tercera) != _cuerpo(segunda)


def _informe(respuesta) -> str:
    html = respuesta.content.decode()
    return html[html.index('<div class="informe">') : html.index("</main>")]


def test_the_tablero_is_rendered_once_per_data_revision(ficha, client):
    from avgm.plataforma import roles
    from tests.factories import UserFactory

    client.force_login(UserFactory(rol=roles.DIRECTIVO))
    primera = client.get("/informes/tablero/")
    assert "informes/_tablero.html" in _plantillas(primera)
    segunda = client.get("/informes/tablero/")
    assert "informes/_tablero.html" not in _plantillas(segunda)
    assert _informe(segunda) == _informe(primera)
    ficha.estado = FichaTecnica.Estado.APROBADA
    ficha.save()
    tercera = client.get("/informes/tablero/")
    assert "informes/_tablero.html" in _plantillas(tercera)
    assert _informe(tercera) != _informe(segunda)


def test_the_queue_filter_lists_a_dependencia_created_after_it_was_shown(ficha, client):
    from avgm.plataforma import roles
    from tests.factories import DependenciaFactory, UserFactory

    client.force_login(UserFactory(rol=roles.ANALISTA))
    assert "Bomberos" not in client.get("/fichas/cola/").content.decode()
    DependenciaFactory(siglas="Bomberos")
    assert "Bomberos" in client.get("/fichas/cola/").content.decode()
