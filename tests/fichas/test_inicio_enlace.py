"""The enlace's home: most urgent metas first, 50 a page, as fast with 60 metas as with 5."""

import pytest
from django.urls import reverse

from fichas.views.inicio import METAS_POR_PAGINA
from tests.factories import FichaFactory, MetaFactory, ejercicio

pytestmark = pytest.mark.django_db

# Session, user, roles, the enlace's dependencias, periodos (with their metas without a
# ficha: the default one and the page's count and «pendientes» come from them), each
# periodo's fichas by estado, the page with its fichas; the planning's notices (open rounds,
# proposals by estado; the dependencias' siglas only when there is a notice); the
# institution; the session's first activity mark (three statements): the same however many
# metas the dependencia has.
CONSULTAS = 13


def _metas(dependencia, n):
    ejercicio(2022)
    return [
        MetaFactory(dependencia=dependencia, clave=f"M-{i:03d}", programado={1: 10})
        for i in range(n)
    ]


@pytest.mark.parametrize("cuantas", [5, 60])
def test_the_home_costs_the_same_queries_with_few_or_many_metas(
    client, enlace_a, dependencia_a, cuantas, django_assert_max_num_queries
):
    _metas(dependencia_a, cuantas)
    client.force_login(enlace_a)
    with django_assert_max_num_queries(CONSULTAS):
        respuesta = client.get(reverse("inicio"))
    assert len(respuesta.context["metas"]) == min(cuantas, METAS_POR_PAGINA)


def test_a_long_list_is_split_in_pages_with_the_urgent_ones_first(client, enlace_a, dependencia_a):
    metas = _metas(dependencia_a, METAS_POR_PAGINA + 10)
    observada = metas[-1]  # last by clave, first by urgency
    FichaFactory(meta=observada, estado="observada", creada_por=enlace_a)
    aprobada = metas[0]
    FichaFactory(meta=aprobada, estado="aprobada", creada_por=enlace_a)
    client.force_login(enlace_a)

    primera = client.get(reverse("inicio"))
    claves = [m.clave for m in primera.context["metas"]]
    assert claves[0] == observada.clave
    assert aprobada.clave not in claves
    html = primera.text
    assert f"Metas 1 a {METAS_POR_PAGINA} de {METAS_POR_PAGINA + 10}" in html
    assert "Siguiente »" in html
    # Every meta but the approved one still needs the enlace (sin iniciar or observada).
    assert primera.context["pendientes"] == METAS_POR_PAGINA + 9

    periodo = primera.context["periodo"]
    segunda = client.get(reverse("inicio"), {"periodo": periodo.pk, "pagina": 2})
    claves_2 = [m.clave for m in segunda.context["metas"]]
    assert len(claves_2) == 10 and claves_2[-1] == aprobada.clave
    assert not set(claves) & set(claves_2)
    assert "« Anterior" in segunda.text


def test_each_meta_shows_its_state_deadline_and_action_with_labels_for_a_phone(
    client, enlace_a, dependencia_a
):
    (meta,) = _metas(dependencia_a, 1)
    client.force_login(enlace_a)
    html = client.get(reverse("inicio")).text
    # Cells name their column (a card per meta below 768 px) and the button names its meta.
    for etiqueta in ["Estado", "Entrega", "Programado", "Acumulado aprobado"]:
        assert f'data-label="{etiqueta}"' in html
    assert "tabla-apilada" in html
    assert f'Iniciar ficha<span class="visually-hidden"> de la meta {meta.clave}</span>' in html
    assert '<span class="visually-hidden">Acción</span>' in html  # no empty header


def test_the_deadline_is_also_said_relative_to_today(client, enlace_a, dependencia_a):
    _metas(dependencia_a, 1)
    client.force_login(enlace_a)
    respuesta = client.get(reverse("inicio"))
    periodo = respuesta.context["periodo"]
    from avgm.templatetags.avgm_numeros import relativa

    hace = relativa(periodo.fecha_limite)
    assert hace.startswith("hace ") and "," in hace  # 2022's deadlines are > 999 days past
    assert f"({hace})" in respuesta.text  # beside the deadline
    assert f"Vencida {hace}" in respuesta.text  # the meta's row, grouped the Mexican way
