"""Coverage of the recomendaciones in force while planning, on small hand-built data."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from avgm.models import EjeTransversal, Modalidad
from informes.models import InformePublicado
from planeacion import cobertura, workflow
from planeacion.models import PropuestaMeta
from tests.factories import (
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    municipio_principal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mundo(analista, dependencia_a, enlace_a):
    """Four recomendaciones in force in 2023 (and one that ended in 2022):
    R-1 (Laboral, Justicia) has an agreed meta, R-2 (Laboral) a proposal under review,
    R-3 (Familiar) only a borrador, R-4 (Laboral, Justicia) nothing."""
    laboral = Modalidad.objects.get(nombre="Violencia Laboral")
    familiar = Modalidad.objects.get(nombre="Violencia Familiar")
    justicia = EjeTransversal.objects.get(nombre__icontains="justicia")
    r1 = RecomendacionFactory(clave="R-1", modalidades=[laboral], ejes=[justicia])
    r2 = RecomendacionFactory(clave="R-2", modalidades=[laboral])
    r3 = RecomendacionFactory(clave="R-3", modalidades=[familiar])
    r4 = RecomendacionFactory(clave="R-4", modalidades=[laboral], ejes=[justicia])
    RecomendacionFactory(clave="R-5", modalidades=[laboral], vigente_hasta=2022)
    ronda = workflow.ronda_abrir(
        anio=2023, fecha_limite=timezone.localdate() + datetime.timedelta(days=9), usuario=analista
    )
    MetaFactory(ejercicio=ronda.ejercicio, dependencia=dependencia_a, recomendaciones=[r1])
    for rec, estado in [(r2, "enviada"), (r3, "borrador")]:
        p = workflow.propuesta_crear(
            ronda=ronda,
            dependencia=dependencia_a,
            usuario=enlace_a,
            datos={"descripcion": "X", "recomendaciones": [rec], "t1": 1},
        )
        PropuestaMeta.objects.filter(pk=p.pk).update(estado=estado)
    return {"ronda": ronda, "r4": r4}


def _fila(filas, nombre):
    return next(f for f in filas if nombre in f["nombre"])


def test_it_counts_agreed_and_proposed_recomendaciones_but_not_borradores(mundo):
    c = cobertura.cobertura(mundo["ronda"])
    assert (c["vigentes"], c["con_propuesta"], c["acordadas"]) == (4, 2, 1)
    assert c["cobertura"] == 0.5
    assert [r["clave"] for r in c["sin_propuesta"]] == ["R-3", "R-4"]


def test_it_shows_coverage_by_modalidad_and_by_eje(mundo):
    c = cobertura.cobertura(mundo["ronda"])
    laboral = _fila(c["por_modalidad"], "Laboral")
    assert (laboral["vigentes"], laboral["con_propuesta"], laboral["acordadas"]) == (3, 2, 1)
    assert laboral["sin_propuesta"] == 1
    familiar = _fila(c["por_modalidad"], "Familiar")
    assert (familiar["vigentes"], familiar["con_propuesta"], familiar["cobertura"]) == (1, 0, 0.0)
    justicia = _fila(c["por_eje"], "justicia")
    assert (justicia["vigentes"], justicia["con_propuesta"]) == (2, 1)
    feminicida = _fila(c["por_modalidad"], "Feminicida")
    assert feminicida["vigentes"] == 0 and feminicida["cobertura"] is None  # N/A, never 0 %


def test_without_a_published_corte_there_are_no_deficient_areas(mundo):
    assert cobertura.deficientes_del_ultimo_corte(2023, municipio_principal()) is None
    c = cobertura.cobertura(mundo["ronda"], None)
    assert c["deficientes_sin_propuesta"] == []


def _publicar(anio, version, figuras, usuario):
    e = ejercicio(anio)
    informe = InformePublicado(
        ejercicio=e, hasta=e.periodos.get(numero=2), version=version, figuras=figuras,
        sha256="0" * 64, publicado_por=usuario, publicado_en=timezone.now(),
        errata="" if version == 1 else "Corrección",
    )  # fmt: skip
    informe.pdf.save("i.pdf", ContentFile(b"%PDF"), save=False)
    informe.save()
    return informe


def test_the_last_published_corte_marks_deficient_areas_and_gaps(mundo, analista, media_tmp):
    areas = {
        "por_modalidad": [
            {"nombre": "Violencia Laboral", "no_impactadas": 2, "cobertura": 0.0},
            {"nombre": "Violencia Familiar", "no_impactadas": 1, "cobertura": 0.5},
        ],
        "por_eje": [{"nombre": "Acceso a la justicia", "no_impactadas": 1, "cobertura": 0.25}],
    }
    _publicar(2022, 1, {"corte": {"etiqueta": "Ene–Jun 2022"}, "areas_deficientes": {}}, analista)
    _publicar(
        2022,
        2,
        {
            "corte": {"etiqueta": "Ene–Jun 2022"},
            "recomendaciones": {"avance": 0.3},
            "areas_deficientes": areas,
            "recomendaciones_menos_atendidas": [
                {"clave": "R-4", "fichas_con_avance": 0},
                {"clave": "R-1", "fichas_con_avance": 3},
            ],
            "recomendaciones_sin_meta": [{"clave": "R-3"}],
        },
        analista,
    )
    deficientes = cobertura.deficientes_del_ultimo_corte(2023, municipio_principal())
    assert deficientes["version"] == 2  # the newest version, not the first
    # Deficient: programmed and not attended; R-3 had no meta at all, a gap of its own.
    assert (deficientes["claves"], deficientes["claves_sin_meta"]) == ({"R-4"}, {"R-3"})
    c = cobertura.cobertura(mundo["ronda"], deficientes)
    assert [r["clave"] for r in c["deficientes_sin_propuesta"]] == ["R-4"]
    assert [r["clave"] for r in c["sin_propuesta"] if r["sin_meta_antes"]] == ["R-3"]
    # Categories covered below the corte's avance (30 %) are the deficient areas.
    assert _fila(c["por_modalidad"], "Laboral")["deficiente"] is True
    assert _fila(c["por_modalidad"], "Familiar")["deficiente"] is False  # 50 % ≥ 30 %
    assert _fila(c["por_eje"], "justicia")["deficiente"] is True
    assert (
        cobertura.deficientes_del_ultimo_corte(2022, municipio_principal()) is None
    )  # only earlier ejercicios


def test_last_years_metas_show_programmed_against_approved(dependencia_a):
    meta = MetaFactory(dependencia=dependencia_a, programado={1: 10, 2: 10})
    FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=7)
    FichaFactory(meta=meta, periodo=meta.ejercicio.periodos.get(numero=2), estado="enviada",
                 cantidad_alcanzada=9)  # fmt: skip
    (fila,) = cobertura.metas_anteriores(dependencia_a.pk, 2022)
    assert (fila.programado, fila.aprobado, fila.avance) == (20, 7, 0.35)


def test_coverage_takes_a_fixed_number_of_queries(mundo, django_assert_max_num_queries):
    for n in range(6, 30):
        RecomendacionFactory(clave=f"R-{n}")
    with django_assert_max_num_queries(8):
        cobertura.cobertura(mundo["ronda"])
