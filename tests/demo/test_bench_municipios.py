"""The bench's multi-municipio case builds municipios of the same size, each in its own rows,
and a corte's figures cost the same queries whatever the number of municipios."""

import pytest

from avgm.models import Municipio
from demo import bench_municipios as bm
from demo.management.commands.bench import generar
from dependencias.models import Dependencia, Meta
from fichas.models import FichaTecnica
from tests.factories import municipio_principal

pytestmark = pytest.mark.django_db

TAMANO = {"dependencias": 4, "metas": 12, "fichas": 30}


def test_each_added_municipio_has_its_own_ejercicio_of_the_same_size():
    generar(anio=bm.ANIO, prefijo="E", **TAMANO)
    otros = bm.sumar_municipios(2, generar=generar, **TAMANO)
    assert Municipio.objects.count() == 3
    for municipio in [municipio_principal(), *otros]:
        corte = bm.corte_de(municipio)
        assert Dependencia.objects.filter(municipio=municipio).count() == TAMANO["dependencias"]
        assert Meta.objects.filter(ejercicio=corte.ejercicio).count() == TAMANO["metas"]
        metas = Meta.objects.filter(ejercicio=corte.ejercicio)
        assert FichaTecnica.objects.filter(meta__in=metas).count() == TAMANO["fichas"]
        assert (
            not Meta.objects.filter(ejercicio=corte.ejercicio)
            .exclude(dependencia__municipio=municipio)
            .exists()
        )


def test_a_cortes_figures_take_the_same_queries_with_more_municipios():
    generar(anio=bm.ANIO, prefijo="E", **TAMANO)
    principal = municipio_principal()
    solo = bm.medir_municipio(principal, bm.corte_de(principal))
    otros = bm.sumar_municipios(2, generar=generar, **TAMANO)
    varios = [bm.medir_municipio(m, bm.corte_de(m)) for m in [principal, *otros]]
    assert {f["consultas"] for f in varios} == {solo["consultas"]}
