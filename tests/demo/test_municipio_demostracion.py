"""The demo's invented second municipio: its rows are its own, Juárez's figures do not move,
and each demo account works in the municipio it should."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from avgm.models import Adscripcion, Ejercicio, Municipio
from avgm.plataforma import municipios, roles
from demo import ambito
from demo.cuentas import CUENTAS, CUENTAS_DEMOSTRACION
from demo.municipio_demostracion import DEPENDENCIAS, METAS, cargar_municipio_demostracion
from demo.publicacion import publicar_demostracion
from dependencias.models import Dependencia, Enlace, Meta
from fichas.models import FichaTecnica
from informes import publicacion
from informes.cifras.figures import calcular_corte
from informes.models import InformePublicado


def _cifras_de_juarez() -> dict:
    """Every figure of Juárez's Ene–Jun 2022, without the moment it was computed."""
    ejercicio = Ejercicio.objects.get(municipio=ambito.juarez(), anio=2022)
    cifras = calcular_corte(ejercicio, ejercicio.periodos.get(numero=2))
    cifras["corte"].pop("calculado_en")
    return cifras


@pytest.fixture
def dos_municipios(demo_cargada):
    """The session's Juárez demo plus the invented municipio, as `manage.py demo` loads them."""
    cargar_municipio_demostracion()
    return ambito.juarez(), ambito.demostracion()


def test_it_is_a_second_municipio_marked_as_invented(dos_municipios):
    juarez, demostracion = dos_municipios
    assert demostracion.nombre == "Municipio de demostración"
    assert demostracion.demostracion and not juarez.demostracion
    assert list(Municipio.objects.all()) == [juarez, demostracion]
    assert municipios.varios()
    assert demostracion.institucion != juarez.institucion
    assert "(demostración)" in demostracion.institucion.nombre


def test_its_rows_hang_from_its_own_ejercicio_and_dependencias(dos_municipios):
    juarez, demostracion = dos_municipios
    ejercicio = Ejercicio.objects.get(municipio=demostracion)
    assert (ejercicio.anio, ejercicio.periodos.count()) == (2022, 4)
    propias = Dependencia.objects.filter(municipio=demostracion)
    assert sorted(propias.values_list("siglas", flat=True)) == sorted(d[0] for d in DEPENDENCIAS)
    metas = Meta.objects.filter(dependencia__in=propias)
    assert metas.count() == len(METAS)
    assert set(metas.values_list("ejercicio", flat=True)) == {ejercicio.pk}
    fichas = FichaTecnica.objects.filter(meta__in=metas)
    assert set(fichas.values_list("periodo__ejercicio", flat=True)) == {ejercicio.pk}
    # Mostly approved, and one of each other state for its analista to work on.
    estados = list(fichas.values_list("estado", flat=True))
    assert estados.count("aprobada") > len(estados) / 2
    assert {"enviada", "observada", "borrador"} <= set(estados)
    # Its enlaces write only for its dependencias and are adscribed to it.
    enlaces = Enlace.objects.filter(dependencia__in=propias)
    assert enlaces.count() == len(DEPENDENCIAS)
    assert set(
        Adscripcion.objects.filter(usuario__in=enlaces.values("usuario")).values_list(
            "municipio", flat=True
        )
    ) == {demostracion.pk}
    # Nothing of Juárez moved into it.
    assert not Meta.objects.filter(ejercicio=ejercicio, dependencia__municipio=juarez).exists()


def test_siglas_repeat_across_municipios_but_name_different_dependencias(dos_municipios):
    juarez, demostracion = dos_municipios
    dif_juarez = Dependencia.objects.get(municipio=juarez, siglas="DIF")
    dif_demo = Dependencia.objects.get(municipio=demostracion, siglas="DIF")
    assert dif_juarez.pk != dif_demo.pk
    assert Meta.objects.filter(dependencia=dif_demo).exists()
    assert not Meta.objects.filter(dependencia=dif_demo, ejercicio__municipio=juarez).exists()


def test_juarez_figures_do_not_move_when_the_second_municipio_loads(demo_cargada):
    antes = _cifras_de_juarez()
    cargar_municipio_demostracion()
    assert _cifras_de_juarez() == antes


def test_each_demo_account_works_in_its_municipio(dos_municipios):
    juarez, demostracion = dos_municipios
    User = get_user_model()
    for username, *_resto in CUENTAS:
        user = User.objects.get(username=username)
        assert user.adscripcion.municipio == juarez, username
        assert municipios.municipio_de(user) == juarez, username
    analista = User.objects.get(username="analista.demostracion")
    assert analista.adscripcion.municipio == demostracion
    assert municipios.municipio_de(analista) == demostracion
    assert roles.puede(analista, roles.REVISAR)
    coordinacion = User.objects.get(username="coordinacion")
    assert not Adscripcion.objects.filter(usuario=coordinacion).exists()
    assert roles.puede(coordinacion, roles.LEER_ESTADO)
    assert municipios.lee_varios(coordinacion)
    assert {c[0] for c in CUENTAS_DEMOSTRACION} == {"analista.demostracion", "coordinacion"}


def test_every_enlace_juarez_loaded_is_adscribed_to_juarez(demo_cargada):
    juarez = ambito.juarez()
    usuarios = Enlace.objects.filter(dependencia__municipio=juarez).values("usuario")
    assert usuarios.exists()
    assert not usuarios.exclude(usuario__adscripcion__municipio=juarez).exists()


def test_its_corte_is_published_once_as_its_own(dos_municipios, monkeypatch, publicar_sin_pdf):
    """The renders are stand-ins: publishing itself has its own tests."""
    monkeypatch.setattr(publicacion, "generar_excel", lambda *args, **kwargs: b"PK")
    juarez, demostracion = dos_municipios
    assert publicar_demostracion() == 1
    assert publicar_demostracion() == 0
    version = InformePublicado.objects.get()
    assert version.ejercicio.municipio == demostracion
    assert (version.version, version.hasta.numero) == (1, 2)
    assert version.publicado_por.username == "analista.demostracion"
    assert not InformePublicado.objects.filter(ejercicio__municipio=juarez).exists()


def test_without_it_nothing_of_it_is_published(demo_cargada):
    assert ambito.demostracion() is None
    assert publicar_demostracion() == 0


@pytest.mark.slow  # loads the whole demo, both municipios
def test_the_command_loads_it_after_juarez_unless_told_not_to(db, settings):
    settings.DEBUG = True
    salida = StringIO()
    call_command("demo", "--sin-publicar", stdout=salida)
    resumen = f"Municipio de demostración: {len(DEPENDENCIAS)} dependencias, {len(METAS)} metas"
    assert resumen in salida.getvalue()
    juarez, demostracion = ambito.juarez(), ambito.demostracion()
    # Juárez first: its rows keep the ids and order they had with one municipio.
    assert juarez.pk < demostracion.pk
    primera_demo = Meta.objects.filter(ejercicio__municipio=demostracion).order_by("pk").first()
    assert not Meta.objects.filter(ejercicio__municipio=juarez, pk__gt=primera_demo.pk).exists()
    # A second run adds nothing, and the accounts listing names the new accounts.
    otra = StringIO()
    call_command("demo", "--sin-publicar", stdout=otra)
    assert "no se cambió nada" in otra.getvalue()
    assert Municipio.objects.count() == 2
    cuentas = StringIO()
    call_command("demo", "--cuentas", stdout=cuentas)
    assert "analista.demostracion" in cuentas.getvalue()
    assert "coordinacion" in cuentas.getvalue()
