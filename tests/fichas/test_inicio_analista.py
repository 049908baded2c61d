"""The analista's home costs the same with 3 or 40 dependencias: the response table is counted in
SQL, rendered once per revision of its ejercicio and shared by every analista."""

import pytest
from django.urls import reverse

from avgm.plataforma import roles
from tests.factories import DependenciaFactory, MetaFactory, UserFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

TABLA = "fichas/_respuesta_dependencias.html"


def _dependencias(cuantas: int) -> list:
    ejercicio(2022)
    dependencias = [DependenciaFactory() for _ in range(cuantas)]
    for d in dependencias:
        MetaFactory(dependencia=d, programado={1: 2})
    return dependencias


def test_each_row_links_to_the_dependencias_queue_and_its_enlaces(client, analista):
    d = _dependencias(2)[0]
    client.force_login(analista)
    html = client.get(reverse("inicio"), {"periodo": periodo(2022, 1).pk}).content.decode()
    cola = f"{reverse('fichas:cola')}?dependencia={d.pk}&periodo={periodo(2022, 1).pk}"
    assert f'href="{cola}&estado="' in html
    assert f'href="{reverse("fichas:enlaces", args=[d.pk])}"' in html
    assert d.siglas in html


@pytest.mark.parametrize("cuantas", [3, 40])
def test_the_table_is_rendered_once_for_every_analista(
    client, analista, cuantas, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as in real use
        _dependencias(cuantas)
    url = f"{reverse('inicio')}?periodo={periodo(2022, 1).pk}"
    client.force_login(analista)
    # The same bound at both sizes (one of them: which municipio the analista works in).
    with django_assert_max_num_queries(16):
        primera = client.get(url)
    assert TABLA in [t.name for t in primera.templates]

    client.force_login(UserFactory(username="analista2", rol=roles.ANALISTA))
    segunda = client.get(url)
    assert TABLA not in [t.name for t in segunda.templates]  # the kept rows
    assert segunda.content.decode().count("enlaces</a>") == cuantas
