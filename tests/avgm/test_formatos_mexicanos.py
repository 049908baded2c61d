"""Mexican formats everywhere: the ficha history (12,500.50), durations, relative dates."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from avgm import numeros
from fichas import workflow


def test_a_figure_kept_as_text_is_grouped_and_keeps_its_decimals():
    assert numeros.cifra_texto("12500.50") == "12,500.50"
    assert numeros.cifra_texto("1500") == "1,500"
    assert numeros.cifra_texto("-2500.5") == "-2,500.5"
    assert numeros.cifra_texto("Sector 1500") == "Sector 1500"  # words stay as typed
    assert numeros.cifra_texto("") == ""


def test_durations_are_said_in_spanish():
    assert numeros.duracion(datetime.timedelta(minutes=15)) == "15 minutos"
    assert numeros.duracion(datetime.timedelta(hours=1)) == "1 hora"
    assert numeros.duracion(datetime.timedelta(minutes=90)) == "1 hora y 30 minutos"
    assert numeros.duracion(datetime.timedelta(days=2, minutes=1)) == "2 días y 1 minuto"
    assert numeros.duracion(None) == "N/A"


def test_dates_relative_to_today():
    hoy = datetime.date(2024, 5, 10)
    assert numeros.relativa(datetime.date(2024, 5, 7), hoy) == "hace 3 días"
    assert numeros.relativa(datetime.date(2024, 5, 12), hoy) == "en 2 días"
    assert numeros.relativa(hoy, hoy) == "hoy"
    assert numeros.relativa(datetime.date(2024, 5, 9), hoy) == "ayer"
    assert numeros.relativa(datetime.date(2024, 5, 11), hoy) == "mañana"
    assert numeros.relativa(datetime.date(2021, 5, 10), hoy) == "hace 1,096 días"
    assert numeros.relativa(None, hoy) == "N/A"


@pytest.mark.django_db
def test_the_ficha_history_writes_figures_the_mexican_way(client, ficha_a, enlace_a):
    workflow.ficha_guardar(
        ficha=ficha_a,
        usuario=enlace_a,
        datos={
            "presupuesto_ejercido": Decimal("12500.50"),
            "cantidad_alcanzada": 1500,
            "no_aplica": True,
            "lugar": "Sector 2500",
        },
        version=ficha_a.version,
    )
    client.force_login(enlace_a)
    historial = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text.split('id="historial"')[
        1
    ]
    assert "<del>0.00</del> → 12,500.50" in historial
    assert "<del>10</del> → 1,500" in historial
    assert "12500.50" not in historial
    assert "→ Sector 2500" in historial  # text stays as typed
    assert "<del>No</del> → Sí" in historial
