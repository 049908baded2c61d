"""The report's JSON follows its documented schema, old keys included."""

import datetime
import json

import jsonschema
import pytest

from avgm.models import EvaluacionGIM, ValoracionGIM
from informes.cifras.figures import Corte, calcular
from informes.salidas.formatos import como_json
from informes.salidas.json_informe import ESQUEMA, VERSION_ESQUEMA
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio

pytestmark = pytest.mark.django_db


@pytest.fixture
def datos():
    ejercicio(2022)
    rec = RecomendacionFactory()
    RecomendacionFactory()  # in force, without a meta
    meta = MetaFactory(recomendaciones=[rec], programado={1: 2, 2: 2})
    FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=1)
    evaluacion = EvaluacionGIM.objects.create(fecha=datetime.date(2022, 8, 1), referencia="GIM")
    ValoracionGIM.objects.create(evaluacion=evaluacion, recomendacion=rec, valoracion="no_cumplida")
    corte = Corte.buscar(2022, "T2")
    return json.loads(como_json(corte, calcular(corte)))


def test_the_json_validates_against_its_schema(datos):
    esquema = json.loads(ESQUEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(esquema)
    jsonschema.validate(datos, esquema, cls=jsonschema.Draft202012Validator)
    assert esquema["version"] == datos["esquema"]["version"] == VERSION_ESQUEMA
    assert datos["estado"] == {"borrador": True, "version_publicada": None, "publicado_en": None}


def test_the_schema_rejects_a_fraction_above_one(datos):
    esquema = json.loads(ESQUEMA.read_text())
    datos["recomendaciones"]["avance"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(datos, esquema, cls=jsonschema.Draft202012Validator)


def test_clear_names_sit_beside_the_old_keys(datos):
    fila = datos["respuesta_por_dependencia"][0]
    assert fila["respuesta_en_el_corte"] == fila["corte"]
    assert fila["respuesta_por_periodo"] == fila["periodos"]
    comparacion = datos["comparacion_con_corte_anterior"]
    assert comparacion["corte_anterior"] == "Ene–Mar 2022"
    avance = next(i for i in comparacion["indicadores"] if i["clave"] == "avance")
    assert avance["actual"] == datos["recomendaciones"]["avance"]
    assert datos["valoracion_gim"]["discrepancias"] == 1
