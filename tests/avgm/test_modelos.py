"""The catalog and model constraints reject bad data in the database itself."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Recomendacion
from dependencias.models import Programacion
from fichas.models import CodigoObservacion, FichaTecnica
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, periodo

pytestmark = pytest.mark.django_db


def test_migrations_create_the_catalogs_and_roles():
    assert Modalidad.objects.count() == 6
    assert EjeTransversal.objects.count() == 4
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Enlace", "Analista IMM", "Directivo", "Administrador"
    }  # fmt: skip
    assert CodigoObservacion.objects.filter(clave="falta-evidencia").exists()


def test_creating_an_ejercicio_creates_four_trimestres_with_deadlines(settings):
    settings.AVGM_DIAS_PLAZO_ENTREGA = 15
    ejercicio = Ejercicio.objects.crear(2023)
    periodos = list(ejercicio.periodos.order_by("numero"))
    assert [p.clave for p in periodos] == ["T1", "T2", "T3", "T4"]
    assert periodos[0].inicio == datetime.date(2023, 1, 1)
    assert periodos[0].fin == datetime.date(2023, 3, 31)
    assert periodos[3].fin == datetime.date(2023, 12, 31)
    assert periodos[0].fecha_limite == datetime.date(2023, 4, 15)
    assert periodos[0].etiqueta == "Ene–Mar 2023"


def test_recomendacion_clave_is_unique():
    RecomendacionFactory(clave="R1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recomendacion.objects.create(clave="R1", texto="x", tipo="puntual")


def test_vigencia_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        Recomendacion.objects.create(
            clave="R9", texto="x", tipo="puntual", vigente_desde=2023, vigente_hasta=2021
        )


def test_vigentes_en_uses_the_ejercicio_universe():
    RecomendacionFactory(clave="A")
    RecomendacionFactory(clave="B", vigente_desde=2023)
    RecomendacionFactory(clave="C", vigente_hasta=2021)
    assert list(Recomendacion.objects.vigentes_en(2022).values_list("clave", flat=True)) == ["A"]


def test_one_ficha_per_meta_and_periodo():
    ficha = FichaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FichaTecnica.objects.create(meta=ficha.meta, periodo=ficha.periodo)


def test_quantities_cannot_be_negative():
    meta = MetaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programacion.objects.create(meta=meta, periodo=periodo(2022, 1), cantidad=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FichaTecnica.objects.create(meta=meta, periodo=periodo(2022, 1), cantidad_alcanzada=-3)


def test_a_submitted_ficha_must_keep_its_first_submission_time():
    meta = MetaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FichaTecnica.objects.create(meta=meta, periodo=periodo(2022, 1), estado="enviada")


def test_meta_clave_is_unique_within_an_ejercicio():
    MetaFactory(clave="DIF-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        MetaFactory(clave="DIF-01")


def test_programacion_must_use_a_periodo_of_the_metas_ejercicio():
    from django.core.exceptions import ValidationError

    meta = MetaFactory()  # ejercicio 2022
    fuera = Programacion(meta=meta, periodo=periodo(2023, 1), cantidad=3)
    with pytest.raises(ValidationError) as error:
        fuera.full_clean()
    assert "mismo ejercicio" in str(error.value)
    Programacion(meta=meta, periodo=periodo(2022, 1), cantidad=3).full_clean()
