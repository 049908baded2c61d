"""`manage.py auditar_supresion` audits what the micrositio shows of each published corte."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from informes.cifras.figures import Corte
from informes.models import InformePublicado
from informes.publicacion import publicar
from tests.factories import DependenciaFactory, FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture
def publicada(analista) -> InformePublicado:
    """DIF served 3 women and 40 men, SSPM 25 and 12."""
    ejercicio(2022)
    for siglas, mujeres, hombres in (("DIF", 3, 40), ("SSPM", 25, 12)):
        FichaFactory(
            meta=MetaFactory(dependencia=DependenciaFactory(siglas=siglas), programado={1: 5}),
            periodo=periodo(2022, 1),
            estado="aprobada",
            cantidad_alcanzada=5,
            mujeres_18_29=mujeres,
            hombres_18_29=hombres,
        )
    return publicar(Corte.buscar(2022, "T2"), usuario=analista)


def _auditar(**opciones) -> str:
    salida = StringIO()
    call_command("auditar_supresion", stdout=salida, **opciones)
    return salida.getvalue()


def test_a_corte_published_by_this_rule_passes(publicada):
    salida = _auditar(ejercicio=2022, hasta="t2")
    assert "Corte 2022 hasta T2: versiones 1;" in salida
    assert "0 fallas." in salida


def test_a_pattern_that_gives_a_count_away_fails_naming_the_cell(publicada):
    figuras = publicada.figuras
    tipo = figuras["publico"]["metas_por_dependencia_y_tipo"][0]["tipo_accion"]
    figuras["publico"]["supresion"]["ocultas"] = [["DIF", tipo, "mujeres"]]  # alone in its row
    InformePublicado.objects.filter(pk=publicada.pk).update(figuras=figuras)
    salida = StringIO()
    with pytest.raises(CommandError, match="1 conteo"):
        call_command("auditar_supresion", stdout=salida)
    assert f"fila «DIF — {tipo}», columna «atenciones a mujeres»" in salida.getvalue()
    assert "queda entre 3 y 3" in salida.getvalue()


def test_it_says_when_there_is_nothing_to_audit(db):
    with pytest.raises(CommandError, match="No hay versiones publicadas"):
        _auditar()
