"""Sensible defaults: the directivo opens the latest official report, the report selector
offers the last closed periodo, and the analista's home says when its list is cut."""

import pytest
from django.urls import reverse

from fichas.views.inicio import COLA_EN_INICIO
from informes.models import InformePublicado
from tests.factories import FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


def _cerrar(*periodos):
    for p in periodos:
        p.cerrado = True
        p.save()


def _publicado(anio, numero, version, por):
    return InformePublicado.objects.create(
        ejercicio=ejercicio(anio), hasta=periodo(anio, numero), version=version, figuras={},
        pdf="informes/x.pdf", sha256="0" * 64, publicado_por=por,
        errata="Corrección de cifras." if version > 1 else "",
        publicado_en=periodo(anio, numero).fecha_limite.isoformat() + "T12:00:00Z",
    )  # fmt: skip


def test_the_directivo_lands_on_the_last_published_report(client, directivo, analista):
    _publicado(2022, 1, 1, analista)
    ultimo = _publicado(2022, 2, 2, analista)
    _publicado(2022, 2, 1, analista)
    _cerrar(periodo(2022, 1), periodo(2022, 2), periodo(2022, 3))  # closed after publishing
    client.force_login(directivo)
    respuesta = client.get(reverse("inicio"))
    assert respuesta["Location"] == reverse("informes:publicado", args=[ultimo.pk])


def test_with_nothing_published_the_directivo_lands_on_the_last_closed_corte(client, directivo):
    ejercicio(2021)
    ejercicio(2022)
    _cerrar(periodo(2021, 4), periodo(2022, 1), periodo(2022, 2))
    client.force_login(directivo)
    assert client.get(reverse("inicio"))["Location"] == reverse("informes:corte", args=[2022, "T2"])


def test_with_nothing_closed_the_directivo_lands_on_the_overview(client, directivo):
    ejercicio(2022)
    client.force_login(directivo)
    assert client.get(reverse("inicio"))["Location"] == reverse("informes:tablero")


def test_the_report_selector_defaults_to_the_last_closed_periodo(client, analista):
    ejercicio(2022)
    _cerrar(periodo(2022, 1), periodo(2022, 2))
    client.force_login(analista)
    html = client.get(reverse("informes:lista")).text
    assert f'<option value="{periodo(2022, 2).pk}" selected>' in html
    assert html.count(" selected>") == 1


def test_the_analista_home_says_the_queue_is_cut_and_links_the_full_list(client, analista):
    ejercicio(2022)
    total = COLA_EN_INICIO + 7
    for _ in range(total):
        FichaFactory(meta=MetaFactory(programado={1: 1}), estado="enviada")
    client.force_login(analista)
    html = client.get(reverse("inicio")).text
    assert f"Se muestran {COLA_EN_INICIO} de {total}" in html
    assert f'<a href="{reverse("fichas:cola")}">Ver la lista completa</a>' in html


def test_a_whole_queue_is_not_called_cut(client, analista):
    ejercicio(2022)
    FichaFactory(meta=MetaFactory(programado={1: 1}), estado="enviada")
    client.force_login(analista)
    assert "Se muestran" not in client.get(reverse("inicio")).text
