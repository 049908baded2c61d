"""Typed observaciones become rows the same way for fichas and for the planning round."""

import pytest

from fichas.models import CodigoObservacion
from fichas.observaciones import preparar

pytestmark = pytest.mark.django_db


def test_codes_are_read_in_one_query_texts_stripped_and_only_pinnable_fields_kept(
    django_assert_num_queries,
):
    uno, otro = CodigoObservacion.objects.filter(uso=CodigoObservacion.Uso.FICHA)[:2]
    tecleadas = [
        {"codigo": uno.pk, "texto": "  Falta la lista  ", "campos": ["actividades", "x"]},
        {"codigo": str(otro.pk), "texto": "Sin fuente", "campos": []},
        {"codigo": otro, "texto": "Ya es objeto"},
        {"codigo": uno.pk, "texto": "   "},  # nothing written: dropped
    ]
    with django_assert_num_queries(1):  # the two codes given by pk, together
        listas = preparar(tecleadas, ["actividades"])
    assert listas == [
        {"codigo": uno, "texto": "Falta la lista", "campos": ["actividades"]},
        {"codigo": otro, "texto": "Sin fuente", "campos": []},
        {"codigo": otro, "texto": "Ya es objeto", "campos": []},
    ]
