"""The workbook importer and the shared declaratoria.

The recomendaciones are every municipio's: with several municipios an analista's workbook
may repeat them but not add or change one (only the portal's administration does), and a
meta may only point to a recomendación of its municipio's universe in its year. With one
municipio the analista keeps changing the catalog as before.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from avgm.models import Adscripcion, Recomendacion
from avgm.plataforma import municipios, roles
from dependencias.excel import importacion
from dependencias.models import Meta
from tests.factories import (
    DependenciaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db


def _fila(r: Recomendacion, texto: str = "") -> list:
    """`r` as the Recomendaciones sheet writes it (another `texto`: a change)."""
    return [
        r.clave,
        texto or r.texto,
        r.get_tipo_display(),
        "",
        "",
        r.vigente_desde,
        r.vigente_hasta,
    ]


def _recomendaciones(*filas) -> bytes:
    return libro(Recomendaciones=[ENCABEZADOS["Recomendaciones"], *filas])


def _meta(clave: str, recomendacion: str, anio: int = 2022) -> bytes:
    return libro(
        Metas=[
            ENCABEZADOS["Metas"],
            [anio, "DIF", clave, "Meta nueva", "", "", "", recomendacion, 1, 0, 0, 0],
        ]
    )


def _mensajes(resultado, hoja: str) -> list[tuple[int, str]]:
    return [(e.fila, e.mensaje) for e in resultado.hoja(hoja).errores]


@pytest.fixture
def comun():
    return RecomendacionFactory(clave="R-01", texto="Atender a las víctimas.")


@pytest.fixture
def dos(comun):
    juarez, chihuahua = municipio_principal(), otro_municipio()
    analista = UserFactory(username="analista_juarez", rol=roles.ANALISTA)
    Adscripcion.objects.create(usuario=analista, municipio=juarez)
    DependenciaFactory(municipio=juarez, siglas="DIF")
    ejercicio(2022, juarez)
    return {"juarez": juarez, "chihuahua": chihuahua, "analista": analista}


NUEVA = ["R-99", "Recomendación nueva.", "Permanente", "", "", None, None]


def test_with_several_municipios_an_analista_neither_adds_nor_changes_a_recomendacion(dos, comun):
    contenido = _recomendaciones(_fila(comun, texto="Atender mejor a las víctimas."), NUEVA)
    cambio = _recomendaciones(_fila(comun, texto="Atender mejor a las víctimas."))
    resultado = importacion.analizar(cambio, dos["juarez"], dos["analista"])
    assert _mensajes(resultado, "Recomendaciones") == [(2, municipios.DECLARATORIA_COMUN)]
    nueva = importacion.analizar(_recomendaciones(NUEVA), dos["juarez"], dos["analista"])
    assert _mensajes(nueva, "Recomendaciones") == [(2, municipios.DECLARATORIA_COMUN)]
    with pytest.raises(importacion.ImportacionRechazada):
        importacion.aplicar(contenido, municipio=dos["juarez"], usuario=dos["analista"])
    comun.refresh_from_db()
    assert comun.texto == "Atender a las víctimas."
    assert not Recomendacion.objects.filter(clave="R-99").exists()


def test_with_several_municipios_an_unchanged_recomendacion_is_no_change(dos, comun):
    """A workbook exported from the portal carries the catalog: it still imports."""
    resultado = importacion.analizar(_recomendaciones(_fila(comun)), dos["juarez"], dos["analista"])
    assert resultado.valido
    assert [f.accion for f in resultado.hoja("Recomendaciones").filas] == ["igual"]


def test_with_several_municipios_the_portals_administration_changes_the_declaratoria(dos):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    Adscripcion.objects.create(usuario=root, municipio=dos["juarez"])
    importacion.aplicar(_recomendaciones(NUEVA), municipio=dos["juarez"], usuario=root)
    importacion.aplicar(  # the command line
        _recomendaciones([*NUEVA[:1], "Texto corregido.", *NUEVA[2:]]), municipio=dos["juarez"]
    )
    assert Recomendacion.objects.get(clave="R-99").texto == "Texto corregido."


def test_the_preview_page_says_why_the_declaratoria_is_refused(
    client, dos, comun, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(dos["analista"])
    client.post(
        reverse("dependencias:importar"),
        {"archivo": SimpleUploadedFile("catalogo.xlsx", _recomendaciones(NUEVA))},
    )
    pagina = client.get(reverse("dependencias:importar_vista_previa")).content.decode()
    assert municipios.DECLARATORIA_COMUN in pagina


def test_with_one_municipio_the_analista_still_changes_the_declaratoria(analista, comun):
    importacion.aplicar(
        _recomendaciones(_fila(comun, texto="Atender mejor a las víctimas."), NUEVA),
        usuario=analista,
    )
    comun.refresh_from_db()
    assert comun.texto == "Atender mejor a las víctimas."
    assert Recomendacion.objects.filter(clave="R-99").exists()


def test_a_meta_refers_only_to_a_recomendacion_of_its_municipio(dos, comun):
    propia = RecomendacionFactory(clave="R-JUAREZ")
    propia.municipios.set([dos["juarez"]])
    ajena = RecomendacionFactory(clave="R-CHIHUAHUA")
    ajena.municipios.set([dos["chihuahua"]])
    for clave in (comun.clave, propia.clave):
        assert importacion.analizar(_meta("M-1", clave), dos["juarez"], dos["analista"]).valido
    resultado = importacion.analizar(_meta("M-1", ajena.clave), dos["juarez"], dos["analista"])
    assert [(e.valor, e.mensaje) for e in resultado.errores] == [
        (ajena.clave, "la recomendación no aplica a este municipio.")
    ]
    with pytest.raises(importacion.ImportacionRechazada):
        importacion.aplicar(
            _meta("M-1", ajena.clave), municipio=dos["juarez"], usuario=dos["analista"]
        )
    assert not Meta.objects.filter(clave="M-1").exists()


def test_with_one_municipio_the_years_in_force_are_not_the_importers_to_check(analista):
    """As before municipios existed: a meta may still name a recomendación out of its year."""
    DependenciaFactory(siglas="DIF")
    ejercicio(2022)
    vencida = RecomendacionFactory(clave="R-2021", vigente_hasta=2021)
    assert importacion.analizar(_meta("M-1", vencida.clave), usuario=analista).valido
