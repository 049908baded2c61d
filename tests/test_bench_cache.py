"""Each corte's figures are computed once per data revision and shared through the database
cache; a committed write shows at once, and a transaction never sees figures older than its
own uncommitted writes. These tests commit for real (transaction=True): the revision only
moves after a commit."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from avgm import revision
from fichas.models import FichaTecnica
from informes.corte import Corte
from informes.figures import calcular
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
        }
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
    # The data revision and the cache entry: nothing is recomputed.
    assert len(consultas) == 2


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
    from avgm import roles
    from tests.factories import UserFactory

    client.force_login(UserFactory(rol=roles.ANALISTA))
    assert client.get("/informes/corte/2022/T1/").status_code == 200
    with CaptureQueriesContext(connection) as consultas:
        assert client.get("/informes/corte/2022/T1/").status_code == 200
    assert not any("fichas_fichatecnica" in q["sql"] for q in consultas)
