"""The state corte is kept between visits and computed again only when something it reads
changes: a publication, the GIM's evaluations, the cut's periodos; a ficha saved in some
municipio changes nothing it shows, so the kept corte stays."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avgm.models import Recomendacion, ValoracionGIM
from avgm.plataforma import roles
from fichas.models import FichaTecnica
from informes.estatal.corte import corte_estatal
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    periodo,
)
from tests.informes.test_estatal import archivos, borrador_chihuahua, evaluacion, publicar_juarez

pytestmark = pytest.mark.django_db
__all__ = ["archivos"]  # its autouse fixture: publishing without rendering a PDF


@pytest.fixture
def estado(django_capture_on_commit_callbacks):
    """Juárez published its 2022 T2; Chihuahua did not. Committed, as in real use: the data
    revision moves only when a write commits."""
    with django_capture_on_commit_callbacks(execute=True):
        analista = UserFactory(username="analista.estado", rol=roles.ANALISTA)
        meta = MetaFactory(
            ejercicio=ejercicio(2022),
            dependencia=DependenciaFactory(siglas="DIF"),
            recomendaciones=[RecomendacionFactory(clave="R-001")],
            programado={1: 10},
        )
        ficha = FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=5)
        publicar_juarez(analista)
        chihuahua = borrador_chihuahua()
    return {"analista": analista, "ficha": ficha, "chihuahua": chihuahua}


def _leido():
    """The state corte as a page gets it, and how many queries that took."""
    with CaptureQueriesContext(connection) as consultas:
        corte = corte_estatal(2022, 2)
    return corte, len(consultas)


def _juarez(corte):
    return next(f for f in corte.municipios if f.municipio == municipio_principal())


def test_kept_between_visits_and_through_a_saved_ficha(estado, django_capture_on_commit_callbacks):
    primero, _ = _leido()
    assert _juarez(primero).informe.version == 1
    _corte, consultas = _leido()
    assert consultas == 2  # the cut's periodos and the revision: nothing recomputed

    with django_capture_on_commit_callbacks(execute=True):
        ficha = FichaTecnica.objects.get(pk=estado["ficha"].pk)
        ficha.cantidad_alcanzada = 9
        ficha.save()
    _corte, consultas = _leido()
    assert consultas == 2


def test_a_new_publication_shows_at_once(estado, django_capture_on_commit_callbacks):
    _leido()
    with django_capture_on_commit_callbacks(execute=True):
        publicar_juarez(estado["analista"], errata="Se corrigió una cifra.")
    corte, consultas = _leido()
    assert _juarez(corte).informe.version == 2
    assert consultas > 2


def test_a_gim_evaluation_shows_at_once(estado, django_capture_on_commit_callbacks):
    antes, _ = _leido()
    r001 = next(r for r in antes.recomendaciones if r.clave == "R-001")
    assert r001.celdas[0].valoracion is None
    with django_capture_on_commit_callbacks(execute=True):
        evaluacion(
            municipio_principal(),
            datetime.date(2022, 6, 1),
            {Recomendacion.objects.get(clave="R-001"): ValoracionGIM.Valor.CUMPLIDA},
        )
    despues, _ = _leido()
    r001 = next(r for r in despues.recomendaciones if r.clave == "R-001")
    assert r001.celdas[0].valoracion == ValoracionGIM.Valor.CUMPLIDA


def test_a_changed_end_of_the_cut_recomputes(estado, django_capture_on_commit_callbacks):
    antes, _ = _leido()
    chihuahua = estado["chihuahua"]
    t2 = periodo(2022, 2, chihuahua)
    with django_capture_on_commit_callbacks(execute=True):
        t2.fin = t2.fin - datetime.timedelta(days=5)
        t2.save()
    despues, _ = _leido()
    fila = next(f for f in despues.municipios if f.municipio == chihuahua)
    assert fila.fin == t2.fin != next(f for f in antes.municipios if f.municipio == chihuahua).fin
