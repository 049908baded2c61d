"""`manage.py demo` loads the Juárez Ene–Jun 2022 case and reproduces the seed's figures."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from avgm.models import Ejercicio, EvaluacionGIM, Recomendacion
from demo.cuentas import PASSWORD
from demo.publicacion import ERRATA
from dependencias.models import Dependencia, Meta, Programacion
from fichas.models import FichaTecnica, HistorialFicha, Observacion
from informes import publicacion
from informes.cifras.figures import calcular_corte
from informes.models import InformePublicado, NarrativaCorte

ALTA_RESPUESTA = [
    "SSPM", "Salud", "IMM", "Redes Sociales", "Ecología", "Atención Sur Oriente", "DIF",
    "Educación", "Comunicación Social",
]  # fmt: skip


@pytest.fixture
def corte(demo_cargada):
    """The figures of Ene–Jun 2022 on the session's demo (tests/conftest.py)."""
    ejercicio = Ejercicio.objects.get(anio=2022)
    return calcular_corte(ejercicio, ejercicio.periodos.get(numero=2))


def test_it_reports_what_it_loaded(demo_cargada):
    assert "147 metas" in demo_cargada


def test_recomendaciones_match_the_seed(corte):
    assert corte["recomendaciones"]["declaratoria"] == 119
    assert corte["recomendaciones"]["programadas"] == 51
    assert corte["recomendaciones"]["impactadas"] == 18
    assert corte["recomendaciones"]["avance"] == pytest.approx(18 / 51, abs=1e-4)


def test_the_universe_rule_is_exercised(corte):
    # Four recomendaciones are outside 2022, and one of them is still linked to a 2022 meta.
    fuera = Recomendacion.objects.exclude(pk__in=Recomendacion.objects.vigentes_en(2022))
    assert fuera.count() == 4
    assert fuera.filter(metas__ejercicio__anio=2022).exists()


def test_impactadas_by_modalidad_and_eje_match_the_seed(corte):
    assert corte["impactadas_por_modalidad"] == {
        "Violencia Feminicida": 9,
        "Violencia Familiar": 7,
        "Violencia Docente": 4,
        "Violencia Laboral": 2,
        "Violencia Comunitaria": 4,
        "Violencia Institucional": 4,
    }
    assert corte["impactadas_por_eje"] == {
        "Políticas públicas desde igualdad": 8,
        "Acceso a la información": 4,
        "Participación ciudadana": 7,
        "Acceso a la justicia": 2,
    }


def test_areas_deficientes_are_laboral_comunitaria_and_justicia(corte):
    modalidades = [f["nombre"] for f in corte["areas_deficientes"]["por_modalidad"]]
    ejes = [f["nombre"] for f in corte["areas_deficientes"]["por_eje"]]
    assert modalidades[:2] == ["Violencia Laboral", "Violencia Comunitaria"]
    assert ejes[0] == "Acceso a la justicia"


def test_cumplimiento_per_trimestre_and_year_match_the_seed(corte):
    periodos = {p["periodo"]: p for p in corte["periodos"]}
    assert (periodos["T1"]["dependencias"], periodos["T1"]["metas_programadas"]) == (21, 66)
    assert periodos["T1"]["fichas_reportadas"] == 50
    assert (periodos["T2"]["dependencias"], periodos["T2"]["metas_programadas"]) == (28, 99)
    assert periodos["T2"]["fichas_reportadas"] == 63
    anual = corte["anual"]
    assert (anual["dependencias"], anual["metas_programadas"]) == (32, 147)
    assert anual["fichas_reportadas"] == 86


def test_exactly_the_seeds_nine_dependencias_respond_highly(corte):
    assert sorted(corte["dependencias_alta_respuesta"]) == sorted(ALTA_RESPUESTA)
    respuesta = {f["dependencia"]: f["corte"] for f in corte["respuesta_por_dependencia"]}
    assert len(respuesta) == 32
    assert sum(1 for v in respuesta.values() if v is None) == 4  # nothing before T3: N/A
    assert all(v is None or v < 0.9 for s, v in respuesta.items() if s not in ALTA_RESPUESTA)


def test_metas_por_tipo_de_accion_have_both_kinds(corte):
    filas = corte["metas_por_tipo_accion"]
    assert len(filas) >= 8
    assert sum(f["cumplidas"] for f in filas) > 0
    assert sum(f["con_avance"] for f in filas) > 0


def test_every_submitted_ficha_belongs_to_a_meta_programmed_in_its_periodo(demo_cargada):
    programadas = Programacion.objects.filter(cantidad__gt=0).values_list("meta", "periodo")
    enviadas = FichaTecnica.objects.reportadas().values_list("meta", "periodo")
    assert set(enviadas) <= set(programadas)


def test_every_state_history_and_observacion_is_present(demo_cargada):
    estados = set(FichaTecnica.objects.values_list("estado", flat=True))
    assert estados == set(FichaTecnica.Estado.values)
    assert FichaTecnica.objects.filter(no_aplica=True, estado="aprobada").count() == 2
    devueltas = HistorialFicha.objects.filter(accion=HistorialFicha.Accion.DEVOLVER)
    assert Observacion.objects.filter(devolucion__in=devueltas).count() == devueltas.count()
    # Some approved after a return, some late by their first submission.
    assert FichaTecnica.objects.aprobadas().filter(historial__accion="devolver").exists()
    assert any(f.tardia for f in FichaTecnica.objects.reportadas().select_related("periodo"))


def test_each_demo_enlace_has_work_to_do_in_t2(demo_cargada):
    for username, siglas in [
        ("enlace.dif", "DIF"),
        ("enlace.sspm", "SSPM"),
        ("enlace.salud", "Salud"),
    ]:
        dependencia = Dependencia.objects.get(siglas=siglas, enlaces__usuario__username=username)
        fichas = FichaTecnica.objects.filter(meta__dependencia=dependencia, periodo__numero=2)
        assert fichas.filter(estado="borrador").exists()
        assert fichas.filter(estado="observada").exists()
        sin_ficha = Meta.objects.filter(
            dependencia=dependencia, programacion__periodo__numero=2, programacion__cantidad__gt=0
        ).exclude(fichas__periodo__numero=2)
        assert sin_ficha.exists()


def test_the_demo_accounts_log_in(demo_cargada, client):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    respuesta = client.post("/cuentas/login/", {"username": "analista", "password": PASSWORD})
    assert respuesta.status_code == 302
    assert client.get("/").context["user"].username == "analista"


def test_a_second_run_adds_nothing(demo_cargada, settings):
    settings.DEBUG = True
    modelos = [Recomendacion, Dependencia, Meta, Programacion, FichaTecnica, HistorialFicha]
    antes = [m.objects.count() for m in modelos] + [get_user_model().objects.count()]
    salida = StringIO()
    call_command("demo", "--sin-publicar", stdout=salida)
    assert "La demo ya está cargada; no se cambió nada." in salida.getvalue()
    assert [m.objects.count() for m in modelos] + [get_user_model().objects.count()] == antes


def test_sin_publicar_loads_everything_but_publishes_nothing(demo_cargada):
    assert "Sin publicar: el micrositio está vacío." in demo_cargada
    assert not InformePublicado.objects.exists()
    # Everything else is there (the tests above check the figures it yields).
    assert (Meta.objects.count(), FichaTecnica.objects.count()) == (147, 131)
    assert NarrativaCorte.objects.filter(ejercicio__anio=2022, hasta__numero=2).exists()
    assert EvaluacionGIM.objects.count() == 2


def test_a_run_without_the_flag_publishes_v1_and_a_corrected_v2(
    demo_cargada, settings, monkeypatch, publicar_sin_pdf
):
    """What `make run` loads. The renders are stand-ins here: publishing with the real PDF and
    Excel has its own tests (test_informe_publicacion.py), and the browser test
    (e2e/test_directivo_descarga.py) downloads the demo's own."""
    settings.DEBUG = True
    monkeypatch.setattr(publicacion, "generar_excel", lambda *args, **kwargs: b"PK")
    salida = StringIO()
    call_command("demo", stdout=salida)
    assert "se agregó lo que faltaba" in salida.getvalue()
    versiones = InformePublicado.objects.filter(ejercicio__anio=2022, hasta__numero=2)
    assert [(v.version, v.errata, v.paginas) for v in versiones.order_by("version")] == [
        (1, "", 1),
        (2, ERRATA, 1),
    ]


def test_cuentas_prints_every_account_and_the_password(db, settings):
    settings.DEBUG = True
    salida = StringIO()
    call_command("demo", "--cuentas", stdout=salida)
    for username in ["admin", "analista", "analista2", "directivo", "enlace.dif"]:
        assert username in salida.getvalue()
    assert PASSWORD in salida.getvalue()


def test_the_demo_report_carries_the_seed_narrative(demo_cargada):
    narrativa = NarrativaCorte.objects.get(ejercicio__anio=2022, hasta__numero=2)
    assert "violencia laboral" in narrativa.areas_deficientes
    assert narrativa.compromisos.count("\n") == 4  # the seed's five compromisos, one per line
    assert narrativa.actualizada_por.username == "analista"
