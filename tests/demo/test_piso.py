"""The bench's floor (demo/piso.py) computes exactly the figures the report computes: a floor
that counted less, or counted differently, would flatter the figures it is compared with."""

import pytest

from avgm.models import Ejercicio
from demo.piso import cifras_del_piso, piso
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular


@pytest.mark.parametrize("hasta", [1, 2])
def test_the_floor_equals_the_report_on_the_demo(demo_cargada, hasta):
    ej = Ejercicio.objects.get(anio=2022)
    corte = Corte.de(ej, ej.periodos.get(numero=hasta))
    suelo = piso(corte)
    assert suelo == cifras_del_piso(calcular(corte))
    # Not an empty comparison: the demo has late fichas and dependencias that did not answer.
    respuestas = suelo["respuesta_por_dependencia"].values()
    assert suelo["oportunidad"]["a_tiempo"] < suelo["oportunidad"]["esperadas"]
    assert any(r["reportadas"] < r["esperadas"] for r in respuestas)
    assert suelo["recomendaciones"]["impactadas"] > 0
