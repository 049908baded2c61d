"""The queue's and the bitácora's filters are FilterSets with the old GET parameters: an
invalid filter narrows nothing, and the queue's catalog options are read once per data
revision."""

import datetime

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora
from avgm.plataforma import bitacora, revision
from fichas.filters import FiltroFichas
from fichas.models import FichaTecnica
from tests.factories import FichaFactory, MetaFactory, periodo

pytestmark = pytest.mark.django_db


@pytest.fixture
def fichas(dependencia_a, dependencia_b):
    return [
        FichaFactory(meta=MetaFactory(dependencia=dependencia_a), estado="enviada"),
        FichaFactory(meta=MetaFactory(dependencia=dependencia_b), estado="aprobada"),
    ]


def _pks(qs):
    return set(qs.values_list("pk", flat=True))


def test_an_invalid_queue_filter_narrows_nothing_not_only_its_valid_fields(fichas, dependencia_a):
    filtro = FiltroFichas({"estado": "ninguno", "dependencia": dependencia_a.pk})
    assert not filtro.is_valid()
    assert _pks(filtro.filtrar(FichaTecnica.objects.all())) == {f.pk for f in fichas}


def test_the_queue_counts_narrow_by_every_filter_but_the_one_left_out(fichas, dependencia_a):
    filtro = FiltroFichas({"estado": "aprobada", "dependencia": dependencia_a.pk})
    assert _pks(filtro.qs) == set()
    assert _pks(filtro.filtrar(FichaTecnica.objects.all(), sin=("estado",))) == {fichas[0].pk}


def test_the_queue_options_are_read_once_per_data_revision(
    fichas, monkeypatch, django_assert_num_queries
):
    # As if the test's writes were committed: the revision stays put, so the cache keeps.
    monkeypatch.setattr(revision, "pendiente", lambda: False)
    str(FiltroFichas({}).form)  # reads dependencias, periodos and tipos de acción once
    with django_assert_num_queries(1):  # the data revision; no catalog is read again
        html = str(FiltroFichas({}).form)
    assert f'<option value="{periodo(2022, 4).pk}">T4 2022</option>' in html


def test_the_export_offers_only_the_dependencias_given(fichas, dependencia_b):
    from dependencias.models import Dependencia

    filtro = FiltroFichas(dependencias=Dependencia.objects.filter(pk=dependencia_b.pk))
    opciones = [v for v, _ in filtro.form.fields["dependencia"].choices]
    assert opciones[1:] == [dependencia_b.pk] and len(opciones) == 2


def test_an_inverted_bitacora_range_lists_every_event_with_the_error(client, analista):
    for dia in ("uno", "dos"):
        bitacora.registrar(EventoBitacora.Tipo.ROLES, usuario=analista, descripcion=f"Evento {dia}")
    client.force_login(analista)
    hoy = datetime.date.today()
    respuesta = client.get(
        reverse("bitacora"),
        {"desde": hoy.isoformat(), "hasta": (hoy - datetime.timedelta(days=1)).isoformat()},
    )
    assert respuesta.context["pagina"].paginator.count == EventoBitacora.objects.count()
    assert "posterior a la fecha «hasta»" in respuesta.text
