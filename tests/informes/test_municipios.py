"""Each municipio's Informe de corte is its own: its figures count only its metas, fichas and
applicable recomendaciones; its versions, renders and GIM evaluations are invisible to
another municipio's staff; its report is headed by its own institution. The Coordinación
estatal reads it as a directivo does, except a draft's narrative."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from avgm.models import Adscripcion, EvaluacionGIM
from avgm.plataforma import roles
from informes import access
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.modelos_render import Render
from informes.models import NarrativaCorte
from informes.publicacion import guardar_narrativa, publicar
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    institucion,
    municipio_principal,
    otro_municipio,
    periodo,
)

pytestmark = pytest.mark.django_db

CORTE = reverse("informes:corte", args=[2022, "T1"])


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture
def a():
    return municipio_principal()


@pytest.fixture
def b():
    return otro_municipio()


def _seguimiento(municipio, *, metas: int, solo_suya: bool = False):
    """`metas` metas of `municipio` in 2022, each with an approved ficha in T1, linked to a
    recomendación of the whole declaratoria and (solo_suya) to one only `municipio` has."""
    comun = RecomendacionFactory(clave=f"R-comun-{municipio.pk}")
    propias = [comun]
    if solo_suya:
        propia = RecomendacionFactory(clave=f"R-solo-{municipio.pk}")
        propia.municipios.set([municipio])
        propias.append(propia)
    dependencia = DependenciaFactory(municipio=municipio, siglas="DIF")
    for _ in range(metas):
        meta = MetaFactory(
            ejercicio=ejercicio(2022, municipio),
            dependencia=dependencia,
            recomendaciones=propias,
            programado={1: 2},
        )
        FichaFactory(
            meta=meta,
            periodo=periodo(2022, 1, municipio),
            estado="aprobada",
            cantidad_alcanzada=2,
        )


def _de(municipio, rol=roles.ANALISTA):
    usuario = UserFactory(rol=rol)
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


def test_each_municipio_counts_only_its_own_metas_fichas_and_recomendaciones(a, b):
    _seguimiento(a, metas=2)
    _seguimiento(b, metas=3, solo_suya=True)

    de_a = calcular(Corte.buscar(2022, "T1", a))
    de_b = calcular(Corte.buscar(2022, "T1", b))

    # A's universe: both shared recomendaciones, not the one restricted to B.
    assert de_a["recomendaciones"]["declaratoria"] == 2
    assert de_b["recomendaciones"]["declaratoria"] == 3
    assert de_a["recomendaciones"]["programadas"] == 1
    assert de_b["recomendaciones"]["programadas"] == 2
    assert (de_a["anual"]["metas_programadas"], de_a["anual"]["fichas_reportadas"]) == (2, 2)
    assert (de_b["anual"]["metas_programadas"], de_b["anual"]["fichas_reportadas"]) == (3, 3)
    assert de_a["anual"]["dependencias"] == de_b["anual"]["dependencias"] == 1
    claves_a = {r["clave"] for r in de_a["valoracion_gim"]["recomendaciones"]}
    assert f"R-solo-{b.pk}" not in claves_a and f"R-comun-{a.pk}" in claves_a


def test_with_several_municipios_a_corte_names_its_municipio(a, b):
    ejercicio(2022, a)
    with pytest.raises(ValueError):
        Corte.buscar(2022, "T1")
    assert Corte.buscar(2022, "T1", a).ejercicio.municipio == a


def test_a_municipio_never_sees_another_ones_versions_renders_or_gim_evaluations(
    client, a, b, django_capture_on_commit_callbacks
):
    _seguimiento(a, metas=1)
    _seguimiento(b, metas=1)
    version_b = publicar(Corte.buscar(2022, "T1", b), usuario=_de(b))
    render_b = Render.objects.create(
        ejercicio=ejercicio(2022, b), hasta=periodo(2022, 1, b), formato="pdf", version="x"
    )
    gim_b = EvaluacionGIM.objects.create(
        municipio=b, fecha=datetime.date(2022, 6, 1), referencia="Informe GIM de Chihuahua"
    )
    client.force_login(_de(a))

    for url in (
        reverse("informes:publicado", args=[version_b.pk]),
        reverse("informes:publicado_pdf", args=[version_b.pk]),
        reverse("informes:render", args=[render_b.pk]),
        reverse("informes:render_json", args=[render_b.pk]),
        reverse("informes:gim_evaluacion", args=[gim_b.pk]),
        reverse("informes:gim_documento", args=[gim_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Informe GIM de Chihuahua" not in client.get(reverse("informes:gim_lista")).text
    lista = client.get(reverse("informes:lista")).text
    assert reverse("informes:publicado", args=[version_b.pk]) not in lista


def test_a_forged_narrative_or_publication_for_another_municipios_corte_is_refused(client, a, b):
    ejercicio(2022, a)
    ejercicio(2023, b)  # a corte only B has
    client.force_login(_de(a))

    narrativa = client.post(
        reverse("informes:narrativa", args=[2023, "T1"]), {"principales": "Intruso"}
    )
    publicacion = client.post(reverse("informes:publicar", args=[2023, "T1"]), {"confirmar": "1"})

    assert narrativa.status_code == publicacion.status_code == 404
    assert not NarrativaCorte.objects.exists()
    assert not Render.objects.exists()


def test_a_narrative_saved_in_a_municipio_is_that_municipios_own(client, a, b):
    ejercicio(2022, a)
    ejercicio(2022, b)
    client.force_login(_de(a))
    client.post(reverse("informes:narrativa", args=[2022, "T1"]), {"principales": "De Juárez"})
    (narrativa,) = NarrativaCorte.objects.all()
    assert narrativa.ejercicio.municipio == a


def test_the_report_is_headed_by_its_municipios_institution(client, a, b):
    institucion(a, nombre="Instituto de las Mujeres Juarenses")
    ejercicio(2022, a)
    ejercicio(2022, b)
    client.force_login(_de(b, roles.DIRECTIVO))
    pagina = client.get(CORTE).text
    assert b.institucion.nombre in pagina
    assert a.institucion.nombre not in pagina


def test_a_new_gim_evaluation_is_registered_in_the_users_municipio(client, a, b):
    client.force_login(_de(b))
    client.post(
        reverse("informes:gim_nueva"), {"fecha": "2022-06-01", "referencia": "Dictamen 2022"}
    )
    (evaluacion,) = EvaluacionGIM.objects.all()
    assert evaluacion.municipio == b


def test_only_the_coordinacion_estatal_reads_no_draft_narrative(db):
    lectores = {
        rol: access.ve_narrativa_sin_publicar(UserFactory(rol=rol))
        for rol in (roles.ANALISTA, roles.DIRECTIVO, roles.COORDINACION)
    }
    assert lectores == {roles.ANALISTA: True, roles.DIRECTIVO: True, roles.COORDINACION: False}


@pytest.mark.slow  # publishing renders a PDF
def test_the_coordinacion_reads_a_published_narrative_but_not_a_draft(client, a, b):
    _seguimiento(a, metas=1)
    analista = _de(a)
    corte = Corte.buscar(2022, "T1", a)
    guardar_narrativa(corte, usuario=analista, textos={"principales": "Texto aún en revisión"})
    coordinacion = UserFactory(rol=roles.COORDINACION)
    client.force_login(coordinacion)

    borrador = client.get(CORTE).text
    assert access.NARRATIVA_SIN_PUBLICAR in borrador
    assert "Texto aún en revisión" not in borrador

    client.force_login(analista)
    assert "Texto aún en revisión" in client.get(CORTE).text  # its own analista reads it

    version = publicar(corte, usuario=analista)
    client.force_login(coordinacion)
    publicada = client.get(reverse("informes:publicado", args=[version.pk])).text
    assert "Texto aún en revisión" in publicada


def test_the_commands_ask_which_municipio_when_there_are_several(a, b, capsys):
    ejercicio(2022, b)
    with pytest.raises(CommandError, match="--municipio"):
        call_command("informe", ejercicio=2022, hasta="T1")
    call_command("informe", ejercicio=2022, hasta="T1", municipio=b.clave)
    assert '"ejercicio": 2022' in capsys.readouterr().out
    with pytest.raises(CommandError, match="--municipio"):
        call_command("auditar_supresion")
