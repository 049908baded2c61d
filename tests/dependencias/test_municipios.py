"""Each municipio's dependencias, metas, ejercicios and GIM evaluations are its own.

Juárez (the principal municipio) and Chihuahua both have a «DIF». What an analista of Juárez
reads (access), downloads (template, export), imports (siglas, ejercicios and evaluations are
resolved in Juárez, rows are created there) and administers (the Django admin) never reaches
Chihuahua's rows; the management commands name the municipio when there are several.
"""

import datetime
import io
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from avgm.models import Adscripcion, Ejercicio, EvaluacionGIM, Periodo
from avgm.plataforma import roles
from dependencias import access
from dependencias.excel import exportacion, importacion
from dependencias.models import Dependencia, Enlace, Meta
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db
ENCABEZADO_GIM = ["Fecha de la evaluación", "Referencia", "Recomendación", "Valoración"]


def _adscrito(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


@pytest.fixture
def dos(settings, tmp_path):
    """Juárez and Chihuahua, each with a DIF, a meta of 2022 and an analista."""
    settings.MEDIA_ROOT = tmp_path
    juarez, chihuahua = municipio_principal(), otro_municipio()
    datos = {}
    for nombre, municipio in (("juarez", juarez), ("chihuahua", chihuahua)):
        dif = DependenciaFactory(municipio=municipio, siglas="DIF", nombre=f"DIF {nombre}")
        datos[nombre] = {
            "municipio": municipio,
            "dif": dif,
            "meta": MetaFactory(
                clave=f"{nombre[:2].upper()}-1",
                dependencia=dif,
                ejercicio=ejercicio(2022, municipio),
                programado={1: 3},
            ),
            "analista": _adscrito(
                UserFactory(username=f"analista_{nombre}", rol=roles.ANALISTA), municipio
            ),
        }
    DependenciaFactory(municipio=chihuahua, siglas="SOLO-CHIH", nombre="Solo en Chihuahua")
    return datos


def test_a_reader_sees_only_its_municipios_rows(dos):
    juarez, chihuahua = dos["juarez"], dos["chihuahua"]
    usuario = juarez["analista"]
    assert set(access.dependencias_visibles(usuario)) == {juarez["dif"]}
    assert set(access.metas_visibles(usuario)) == {juarez["meta"]}
    assert set(access.ejercicios_visibles(usuario)) == {juarez["meta"].ejercicio}
    assert {p.ejercicio for p in access.periodos_visibles(usuario)} == {juarez["meta"].ejercicio}
    assert access.periodos_visibles(usuario).count() == 4
    for getter, objeto in (
        (access.get_dependencia_for_user, chihuahua["dif"]),
        (access.get_meta_for_user, chihuahua["meta"]),
    ):
        with pytest.raises(Exception, match="No existe"):
            getter(usuario, objeto.pk)


def test_an_enlace_reads_the_ejercicios_of_its_dependencias_municipio(dos):
    chihuahua = dos["chihuahua"]
    enlace = EnlaceFactory(usuario__username="enlace_chih", dependencia=chihuahua["dif"]).usuario
    assert set(access.ejercicios_visibles(enlace)) == {chihuahua["meta"].ejercicio}
    assert set(access.periodos_visibles(enlace)) == set(
        Periodo.objects.filter(ejercicio__municipio=chihuahua["municipio"])
    )


def test_without_a_municipio_a_reader_sees_nothing(dos):
    sin = UserFactory(username="sin_adscripcion", rol=roles.DIRECTIVO)
    for visibles in (
        access.dependencias_visibles,
        access.metas_visibles,
        access.ejercicios_visibles,
        access.periodos_visibles,
    ):
        assert not visibles(sin).exists()


def _filas(contenido: bytes, hoja: str) -> list[tuple]:
    libro_ = load_workbook(io.BytesIO(contenido))
    return list(libro_[hoja].iter_rows(min_row=2, values_only=True))


def test_the_template_and_the_export_hold_only_the_municipios_rows(client, dos):
    client.force_login(dos["juarez"]["analista"])
    plantilla = client.get(reverse("dependencias:plantilla")).content
    assert [f[1] for f in _filas(plantilla, "Listas") if f[1]] == ["DIF"]
    exportado = client.get(reverse("dependencias:exportar"), {"ejercicio": 2022}).content
    assert [f[0] for f in _filas(exportado, "Dependencias")] == ["DIF"]
    assert [f[2] for f in _filas(exportado, "Metas")] == [dos["juarez"]["meta"].clave]
    assert _filas(exportado, "Dependencias")[0][1] == "DIF juarez"


def _metas_para_dif(clave: str) -> bytes:
    return libro(
        Dependencias=[ENCABEZADOS["Dependencias"], ["DIF", "DIF renombrado", ""]],
        Metas=[
            ENCABEZADOS["Metas"],
            [2023, "DIF", clave, "Meta nueva", "", "", "", "", 1, 0, 0, 0],
        ],
    )


def _subir_y_aplicar(client, contenido) -> None:
    client.post(
        reverse("dependencias:importar"),
        {"archivo": SimpleUploadedFile("metas.xlsx", contenido)},
    )
    huella = client.get(reverse("dependencias:importar_vista_previa")).context["form"]
    client.post(reverse("dependencias:importar_aplicar"), {"huella": huella.initial["huella"]})


@pytest.mark.parametrize("quien", ["juarez", "chihuahua"])
def test_the_importer_resolves_siglas_and_creates_rows_in_the_importers_municipio(
    client, dos, quien
):
    """The same «DIF» in both municipios: each analista's import lands in its own."""
    propio = dos[quien]
    otro = dos["chihuahua" if quien == "juarez" else "juarez"]
    client.force_login(propio["analista"])
    _subir_y_aplicar(client, _metas_para_dif("NUEVA-1"))
    meta = Meta.objects.get(clave="NUEVA-1")
    assert meta.dependencia == propio["dif"]
    assert meta.ejercicio.municipio == propio["municipio"]
    assert meta.programacion.get().periodo.ejercicio == meta.ejercicio
    assert Dependencia.objects.get(pk=propio["dif"].pk).nombre == "DIF renombrado"
    assert Dependencia.objects.get(pk=otro["dif"].pk).nombre == otro["dif"].nombre
    assert not Ejercicio.objects.filter(municipio=otro["municipio"], anio=2023).exists()


def test_another_municipios_siglas_are_unknown_to_the_importer(dos):
    contenido = libro(
        Metas=[ENCABEZADOS["Metas"], [2022, "SOLO-CHIH", "X-1", "Meta", "", "", "", "", 1]]
    )
    resultado = importacion.previsualizar(contenido, dos["juarez"]["municipio"])
    assert any(
        str(e).endswith("valor «SOLO-CHIH»: dependencia desconocida.") for e in resultado.errores
    )
    assert importacion.previsualizar(contenido, dos["chihuahua"]["municipio"]).valido


def test_a_meta_of_the_same_clave_in_another_municipio_is_not_the_one_changed(dos):
    """Metas are matched by (ejercicio, clave) within the importing municipio only."""
    clave = dos["chihuahua"]["meta"].clave
    contenido = libro(
        Metas=[ENCABEZADOS["Metas"], [2022, "DIF", clave, "Otra", "", "", "", "", 9, 0, 0, 0]]
    )
    importacion.aplicar(contenido, municipio=dos["juarez"]["municipio"])
    de_chihuahua = Meta.objects.get(pk=dos["chihuahua"]["meta"].pk)
    assert de_chihuahua.descripcion != "Otra"
    nueva = Meta.objects.get(clave=clave, ejercicio__municipio=dos["juarez"]["municipio"])
    assert nueva.descripcion == "Otra"


def test_gim_evaluations_are_resolved_and_created_in_the_importers_municipio(dos):
    RecomendacionFactory(clave="R-001")
    chihuahua = dos["chihuahua"]["municipio"]
    EvaluacionGIM.objects.create(
        municipio=chihuahua, fecha=datetime.date(2022, 1, 1), referencia="Primer informe"
    )
    contenido = libro(
        **{
            "Valoración GIM": [
                ENCABEZADO_GIM,
                ["15/08/2022", "Primer informe", "R-001", "Cumplida"],
            ]
        }
    )
    # Chihuahua's «Primer informe» has another date: no conflict for Juárez's import.
    importacion.aplicar(contenido, municipio=dos["juarez"]["municipio"])
    nueva = EvaluacionGIM.objects.get(municipio=dos["juarez"]["municipio"])
    assert nueva.fecha == datetime.date(2022, 8, 15)
    assert EvaluacionGIM.objects.get(municipio=chihuahua).valoraciones.count() == 0


def test_an_import_needs_a_municipio_when_there_are_several(dos):
    with pytest.raises(importacion.ArchivoInvalido, match="Indique el municipio"):
        importacion.previsualizar(_metas_para_dif("X"))


def test_the_commands_name_the_municipio_when_there_are_several(dos, tmp_path):
    ruta = str(tmp_path / "catalogo.xlsx")
    with pytest.raises(CommandError, match="--municipio"):
        call_command("exportar", ruta, stdout=StringIO())
    call_command("exportar", ruta, "--municipio", "chihuahua", stdout=StringIO())
    contenido = open(ruta, "rb").read()  # noqa: SIM115 - read once
    assert sorted(f[0] for f in _filas(contenido, "Dependencias")) == ["DIF", "SOLO-CHIH"]
    assert [f[2] for f in _filas(contenido, "Metas")] == [dos["chihuahua"]["meta"].clave]
    with pytest.raises(CommandError, match="No existe el municipio"):
        call_command("exportar", ruta, "--municipio", "nadie", stdout=StringIO())
    libro_ = tmp_path / "metas.xlsx"
    libro_.write_bytes(_metas_para_dif("CMD-1"))
    with pytest.raises(CommandError, match="--municipio"):
        call_command("importar", str(libro_), "--aplicar", stdout=StringIO())
    call_command(
        "importar", str(libro_), "--aplicar", "--municipio", "chihuahua", stdout=StringIO()
    )
    assert Meta.objects.get(clave="CMD-1").dependencia == dos["chihuahua"]["dif"]


def test_exportacion_writes_one_municipios_catalog(dos):
    contenido = exportacion.como_bytes(
        exportacion.libro_catalogo(municipio=dos["juarez"]["municipio"])
    )
    assert [f[0] for f in _filas(contenido, "Dependencias")] == ["DIF"]
    assert [f[2] for f in _filas(contenido, "Metas")] == [dos["juarez"]["meta"].clave]


# --- the Django admin ---------------------------------------------------------------------


def _admin(modelo, vista: str, *args) -> str:
    return reverse(f"admin:dependencias_{modelo._meta.model_name}_{vista}", args=args)


def test_the_admin_lists_only_the_analistas_municipio(client, dos):
    client.force_login(dos["juarez"]["analista"])
    for modelo, propio in ((Dependencia, dos["juarez"]["dif"]), (Meta, dos["juarez"]["meta"])):
        lista = client.get(_admin(modelo, "changelist"))
        assert lista.status_code == 200
        assert set(lista.context["cl"].result_list) == {propio}
    html = client.get(_admin(Meta, "changelist")).content.decode()
    assert "DIF chihuahua" not in html and "Solo en Chihuahua" not in html


def test_the_admin_never_opens_nor_changes_another_municipios_rows(client, dos):
    chihuahua = dos["chihuahua"]
    client.force_login(dos["juarez"]["analista"])
    for modelo, objeto in ((Dependencia, chihuahua["dif"]), (Meta, chihuahua["meta"])):
        respuesta = client.get(_admin(modelo, "change", objeto.pk))
        assert respuesta.status_code == 302  # the admin's «does not exist» redirect
        assert respuesta["Location"] == reverse("admin:index")
    client.post(
        _admin(Dependencia, "change", chihuahua["dif"].pk),
        {"municipio": chihuahua["municipio"].pk, "siglas": "HACK", "nombre": "Cambiado"},
    )
    assert Dependencia.objects.get(pk=chihuahua["dif"].pk).siglas == "DIF"


def test_the_admin_offers_only_the_analistas_municipio_in_its_choices(client, dos):
    client.force_login(dos["juarez"]["analista"])
    form = client.get(_admin(Meta, "add")).context["adminform"].form
    assert set(form.fields["dependencia"].queryset) == {dos["juarez"]["dif"]}
    assert set(form.fields["ejercicio"].queryset) == {dos["juarez"]["meta"].ejercicio}
    form = client.get(_admin(Dependencia, "add")).context["adminform"].form
    assert set(form.fields["municipio"].queryset) == {dos["juarez"]["municipio"]}
    antes = Meta.objects.count()
    respuesta = client.post(
        _admin(Meta, "add"),
        {
            "ejercicio": dos["chihuahua"]["meta"].ejercicio.pk,
            "dependencia": dos["chihuahua"]["dif"].pk,
            "clave": "FORJADA",
            "descripcion": "Meta forjada",
            "programacion-TOTAL_FORMS": "0",
            "programacion-INITIAL_FORMS": "0",
        },
    )
    assert respuesta.status_code == 200  # the form again, with its errors
    assert Meta.objects.count() == antes


def test_an_enlace_and_its_dependencia_are_of_the_same_municipio(dos):
    de_juarez = _adscrito(UserFactory(username="persona_juarez"), dos["juarez"]["municipio"])
    enlace = Enlace(usuario=de_juarez, dependencia=dos["chihuahua"]["dif"])
    with pytest.raises(ValidationError, match="deben ser del mismo municipio"):
        enlace.clean()
    Enlace(usuario=de_juarez, dependencia=dos["juarez"]["dif"]).clean()


def test_a_metas_dependencia_and_ejercicio_are_of_the_same_municipio(dos):
    meta = Meta(
        ejercicio=dos["juarez"]["meta"].ejercicio,
        dependencia=dos["chihuahua"]["dif"],
        clave="MIXTA",
        descripcion="Meta",
    )
    with pytest.raises(ValidationError, match="deben ser del mismo municipio"):
        meta.clean()
    meta.dependencia = dos["juarez"]["dif"]
    meta.clean()
