"""Figures are written the Mexican way and a division by zero is N/A, never 0 %."""

from decimal import Decimal

from django.template import Context, Template

from avgm import numeros


def test_thousands_are_grouped_with_commas():
    assert numeros.entero(22533) == "22,533"


def test_percentages_round_half_up_with_one_decimal():
    assert numeros.porcentaje(18, 51) == "35.3 %"
    assert numeros.porcentaje(1, 8) == "12.5 %"
    assert numeros.porcentaje(1, 16) == "6.3 %"  # 6.25 rounds up, not to even


def test_division_by_zero_is_not_available():
    assert numeros.porcentaje(0, 0) == "N/A"
    assert numeros.fraccion(3, 0) is None
    assert numeros.porcentaje_de_fraccion(None) == "N/A"


def test_money():
    assert numeros.pesos(Decimal("1234.5")) == "$ 1,234.50"
    assert numeros.pesos(2800000) == "$ 2,800,000.00"


def test_template_filters_and_django_localisation_agree():
    html = Template(
        "{% load avgm_numeros %}{{ n|entero }} {{ f|porcentaje }} {{ n }} {{ d|date:'SHORT_DATE_FORMAT' }}"
    ).render(Context({"n": 22533, "f": 18 / 51, "d": __import__("datetime").date(2022, 6, 30)}))
    assert html == "22,533 35.3 % 22,533 30/06/2022"


def test_every_figure_is_formatted_by_one_function():
    from avgm.numeros import formatear

    assert formatear(1 / 16, "porcentaje") == "6.3 %"  # half-up, never float rounding (6.2)
    assert formatear(10 / 81, "porcentaje") == "12.3 %"  # no double rounding via 4 decimals
    assert formatear(None, "porcentaje") == "N/A"
    assert formatear(2.25, "dias") == "2.3"
    assert formatear(22533) == "22,533"
