"""Each figure of the Informe de corte on small data where the right answer is obvious.

The world (ejercicio 2022, corte up to T2):
- rec A (Feminicida + Familiar; eje Justicia) ← meta m1 of X: T1 10, T2 5; T1 ficha approved, 4.
- rec B (Laboral) ← m2 of X: T1 0, T2 3; T2 ficha approved with quantity 0.
                  ← m4 of Y: only T3 4; T3 ficha approved, 4 (after the corte).
- rec C: no meta.          rec D: in force from 2023 only ← m5 of Z: T1 1; approved, 1.
- rec E ← m3 of Y: T2 2; T2 ficha observada with 5 (reported, not progress).
- rec F ← m6 of X: T1 2; T1 ficha approved as «no aplica» (a response, never progress).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from avgm.models import EjeTransversal, Modalidad
from fichas.models import HistorialFicha
from informes.cifras.figures import calcular_corte
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    TipoAccionFactory,
    ejercicio,
    periodo,
)

pytestmark = pytest.mark.django_db


def _momento(fecha: datetime.date, hora: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(fecha, datetime.time(hora)))


def _ficha(meta, numero, estado, cantidad=0, enviada=None, aprobada=None, **extra):
    p = periodo(2022, numero)
    enviada = enviada or _momento(p.fecha_limite - datetime.timedelta(days=2))
    return FichaFactory(
        meta=meta,
        periodo=p,
        estado=estado,
        cantidad_alcanzada=cantidad,
        primer_envio_en=None if estado == "borrador" else enviada,
        aprobada_en=aprobada if estado == "aprobada" else None,
        **extra,
    )


@pytest.fixture
def mundo():
    ejercicio(2022)
    fem = Modalidad.objects.get(nombre="Violencia Feminicida")
    fam = Modalidad.objects.get(nombre="Violencia Familiar")
    lab = Modalidad.objects.get(nombre="Violencia Laboral")
    justicia = EjeTransversal.objects.get(nombre="Acceso a la justicia")
    igualdad = EjeTransversal.objects.get(nombre="Políticas públicas desde igualdad")
    recs = {
        "A": RecomendacionFactory(clave="A", modalidades=[fem, fam], ejes=[justicia]),
        "B": RecomendacionFactory(clave="B", modalidades=[lab], ejes=[igualdad]),
        "C": RecomendacionFactory(clave="C", modalidades=[fem]),
        "D": RecomendacionFactory(clave="D", modalidades=[fem], vigente_desde=2023),
        "E": RecomendacionFactory(clave="E", modalidades=[fam], ejes=[igualdad]),
        "F": RecomendacionFactory(clave="F", modalidades=[lab]),
    }
    x, y, z = (DependenciaFactory(siglas=s) for s in ("X", "Y", "Z"))
    capacitacion = TipoAccionFactory(nombre="Capacitación")
    atencion = TipoAccionFactory(nombre="Atención")
    m1 = MetaFactory(dependencia=x, recomendaciones=[recs["A"]], programado={1: 10, 2: 5})
    m2 = MetaFactory(dependencia=x, recomendaciones=[recs["B"]], programado={1: 0, 2: 3})
    m3 = MetaFactory(
        dependencia=y, recomendaciones=[recs["E"]], programado={2: 2}, tipo_accion=atencion
    )
    m4 = MetaFactory(dependencia=y, recomendaciones=[recs["B"]], programado={3: 4})
    m5 = MetaFactory(
        dependencia=z, recomendaciones=[recs["D"]], programado={1: 1}, tipo_accion=atencion
    )
    m6 = MetaFactory(
        dependencia=x, recomendaciones=[recs["F"]], programado={1: 2}, tipo_accion=capacitacion
    )
    t1 = periodo(2022, 1)
    f1 = _ficha(
        m1, 1, "aprobada", 4, aprobada=_momento(t1.fecha_limite + datetime.timedelta(days=4))
    )
    # m2's ficha was returned once, then approved.
    f2 = _ficha(m2, 2, "aprobada", 0, aprobada=_momento(datetime.date(2022, 7, 20)))
    HistorialFicha.objects.create(
        ficha=f2, accion="devolver", estado_anterior="enviada", estado_nuevo="observada"
    )
    _ficha(m3, 2, "observada", 5, enviada=_momento(datetime.date(2022, 7, 25)))  # late
    _ficha(m4, 3, "aprobada", 4, aprobada=_momento(datetime.date(2022, 10, 5)))
    _ficha(m5, 1, "aprobada", 1, aprobada=_momento(datetime.date(2022, 4, 8)))
    _ficha(m6, 1, "aprobada", 2, no_aplica=True, aprobada=_momento(datetime.date(2022, 4, 9)))
    return {"recs": recs, "f1": f1}


def _figuras(hasta=2):
    return calcular_corte(ejercicio(2022), periodo(2022, hasta))


def test_recomendaciones_use_the_ejercicio_universe_and_approved_progress_only(mundo):
    assert (
        _figuras()["recomendaciones"]
        == {
            "declaratoria": 5,  # A B C E F; D applies from 2023 only
            "programadas": 4,  # A B E F
            "impactadas": 1,  # A; B's approved quantities are 0 or after the corte, E is observada, F no aplica
            "avance": 0.25,
        }
    )


def test_an_approved_ficha_after_the_corte_counts_in_a_later_corte(mundo):
    assert _figuras(hasta=3)["recomendaciones"]["impactadas"] == 2  # A, and B through m4 in T3


def test_a_recomendacion_counts_once_in_each_of_its_categories(mundo):
    figuras = _figuras()
    assert figuras["impactadas_por_modalidad"]["Violencia Feminicida"] == 1
    assert figuras["impactadas_por_modalidad"]["Violencia Familiar"] == 1
    assert figuras["impactadas_por_modalidad"]["Violencia Laboral"] == 0
    assert figuras["impactadas_por_eje"]["Acceso a la justicia"] == 1
    assert figuras["impactadas_por_eje"]["Políticas públicas desde igualdad"] == 0


def test_areas_deficientes_are_the_programadas_not_impactadas_least_covered_first(mundo):
    deficientes = _figuras()["areas_deficientes"]
    modalidades = [(f["nombre"], f["no_impactadas"]) for f in deficientes["por_modalidad"]]
    # Laboral: B and F programmed, none impacted (0 %); Familiar: A impacted, E not (50 %).
    assert modalidades == [("Violencia Laboral", 2), ("Violencia Familiar", 1)]
    assert [f["nombre"] for f in deficientes["por_eje"]] == ["Políticas públicas desde igualdad"]


def test_per_trimestre_counts(mundo):
    periodos = {p["periodo"]: p for p in _figuras()["periodos"]}
    # T1: m1, m5, m6 programmed (m2 has 0); dependencias X and Z; all three fichas submitted.
    assert (periodos["T1"]["dependencias"], periodos["T1"]["metas_programadas"]) == (2, 3)
    assert periodos["T1"]["fichas_reportadas"] == 3
    # T2: m1, m2, m3; X and Y; m2's approved and m3's observada are reported.
    assert (periodos["T2"]["dependencias"], periodos["T2"]["metas_programadas"]) == (2, 3)
    assert periodos["T2"]["fichas_reportadas"] == 2


def test_a_draft_is_not_reported(mundo):
    meta = MetaFactory(programado={2: 1})
    _ficha(meta, 2, "borrador", 9)
    periodos = {p["periodo"]: p for p in _figuras()["periodos"]}
    assert periodos["T2"]["metas_programadas"] == 4
    assert periodos["T2"]["fichas_reportadas"] == 2


def test_annual_counts(mundo):
    assert _figuras()["anual"] | {"fichas_enviadas_en_el_corte": None} == {
        "dependencias": 3,
        "metas_programadas": 6,
        "fichas_reportadas": 5,  # metas m1 m2 m3 m5 m6 have a submitted ficha in T1–T2
        "fichas_enviadas_en_el_corte": None,
    }


def test_metas_cumplidas_and_con_avance_by_tipo_de_accion(mundo):
    filas = {f["tipo_accion"]: f for f in _figuras()["metas_por_tipo_accion"]}
    # Capacitación: m1 (4 of 15: con avance), m2 (0 of 3), m6 (no aplica: 0 of 2).
    assert filas["Capacitación"] == {
        "tipo_accion": "Capacitación", "programadas": 3, "cumplidas": 0, "con_avance": 1, "sin_avance": 2
    }  # fmt: skip
    # Atención: m5 (1 of 1: cumplida), m3 (observada does not count: 0 of 2).
    assert (filas["Atención"]["cumplidas"], filas["Atención"]["con_avance"]) == (1, 0)


def test_response_per_dependencia_and_the_high_response_list(mundo):
    figuras = _figuras()
    respuesta = {f["dependencia"]: f for f in figuras["respuesta_por_dependencia"]}
    assert respuesta["X"]["periodos"] == {"T1": 1.0, "T2": 0.5}  # m1 has no T2 ficha
    assert respuesta["X"]["corte"] == 0.75
    assert respuesta["Y"]["periodos"] == {"T1": None, "T2": 1.0}  # nothing expected in T1: N/A
    assert respuesta["Z"]["corte"] == 1.0
    assert figuras["dependencias_alta_respuesta"] == ["Y", "Z"]


def test_the_threshold_is_configurable(mundo, settings):
    settings.AVGM_UMBRAL_ALTA_RESPUESTA = 0.7
    assert _figuras()["dependencias_alta_respuesta"] == ["X", "Y", "Z"]


def test_timeliness_is_judged_by_the_first_submission(mundo):
    figuras = _figuras()
    respuesta = {f["dependencia"]: f for f in figuras["respuesta_por_dependencia"]}
    assert respuesta["Y"]["a_tiempo"] == 0  # m3 first sent 25/07, after the 10/07 deadline
    # Returning m1's ficha now does not make it late: its first submission stays.
    ficha = mundo["f1"]
    ficha.enviada_en = timezone.now()
    ficha.save()
    assert _figuras()["oportunidad"] == {"esperadas": 6, "a_tiempo": 4, "fraccion": 4 / 6}


def test_first_time_approval_and_cycle_time(mundo):
    figuras = _figuras()
    respuesta = {f["dependencia"]: f for f in figuras["respuesta_por_dependencia"]}
    assert respuesta["X"]["aprobadas"] == 3
    assert respuesta["X"]["aprobadas_a_la_primera"] == 2  # m2's was returned once
    assert respuesta["X"]["mediana_dias_ciclo"] == 6.0  # 6, 12 (m2) and 1 (m6) → median 6
    assert figuras["aprobacion_a_la_primera"]["fraccion"] == pytest.approx(3 / 4, abs=1e-4)


def test_least_attended_and_recomendaciones_without_meta(mundo):
    figuras = _figuras()
    assert [f["clave"] for f in figuras["recomendaciones_sin_meta"]] == ["C"]
    menos = [f["clave"] for f in figuras["recomendaciones_menos_atendidas"]]
    assert menos[-1] == "A"
    assert set(menos) == {"A", "B", "E", "F"}
    assert [f["clave"] for f in figuras["recomendaciones_mas_atendidas"]] == ["A"]


def test_division_by_zero_is_none_not_zero():
    ejercicio(2022)
    figuras = _figuras()
    assert figuras["recomendaciones"]["avance"] is None
    assert figuras["oportunidad"]["fraccion"] is None


def _poblar(n: int) -> None:
    """n metas over n//3+1 dependencias, each with fichas in T1 and T2 in varied states."""
    fem = Modalidad.objects.get(nombre="Violencia Feminicida")
    estados = ["aprobada", "enviada", "observada", "borrador"]
    for i in range(n):
        rec = RecomendacionFactory(modalidades=[fem])
        dep = DependenciaFactory(siglas=f"D{i // 3}")
        meta = MetaFactory(dependencia=dep, recomendaciones=[rec], programado={1: 2, 2: 3})
        _ficha(meta, 1, estados[i % 4], i % 3, aprobada=timezone.now())
        _ficha(meta, 2, estados[(i + 1) % 4], 1, aprobada=timezone.now())


def test_the_number_of_queries_does_not_grow_with_the_data(django_assert_max_num_queries):
    ejercicio(2022)
    _poblar(4)
    with CaptureQueriesContext(connection) as pequeno:
        small = _figuras()
    _poblar(36)
    with CaptureQueriesContext(connection) as grande:
        large = _figuras()
    assert large["anual"]["metas_programadas"] == 10 * small["anual"]["metas_programadas"]
    assert len(grande) == len(pequeno)
    ej, hasta = ejercicio(2022), periodo(2022, 2)
    # corte's periodos; recomendaciones in force; meta–recomendación links; programación per
    # meta; tipos de acción; submitted fichas per meta; modalidades; ejes; response per
    # dependencia and periodo; fichas reported per periodo; dependencias; approvals and cycle
    # days; GIM valoración.
    with django_assert_max_num_queries(13):
        calcular_corte(ej, hasta)


def test_fichas_of_inactive_metas_do_not_count(mundo):
    meta = mundo["f1"].meta
    meta.activa = False
    meta.save()
    assert _figuras()["recomendaciones"]["impactadas"] == 0
