"""Export → import shows every row unchanged; the template lists the allowed values."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from avgm.models import EjeTransversal, Modalidad
from dependencias.excel import exportacion, importacion
from tests.factories import (
    DependenciaFactory,
    MetaFactory,
    RecomendacionFactory,
    TipoAccionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def datos():
    r1 = RecomendacionFactory(
        clave="R1",
        texto="Texto con signos = + - @ que no lo empiezan",
        modalidades=list(Modalidad.objects.all()[:2]),
        ejes=list(EjeTransversal.objects.all()[:1]),
        vigente_desde=2021,
    )
    r2 = RecomendacionFactory(clave="R2", tipo="coordinacion", vigente_hasta=2030)
    dif = DependenciaFactory(siglas="DIF", titular="")
    MetaFactory(dependencia=dif, clave="M-1", recomendaciones=[r1, r2], programado={1: 5, 4: 2})
    MetaFactory(dependencia=dif, clave="M-2", tipo_accion=None, linea_accion="")
    MetaFactory(
        dependencia=DependenciaFactory(siglas="SSPM"),
        clave="M-3",
        tipo_accion=TipoAccionFactory(nombre="Campaña de sensibilización"),
    )


def test_export_then_import_shows_every_row_unchanged(datos):
    contenido = exportacion.como_bytes(exportacion.libro_catalogo())
    resultado = importacion.previsualizar(contenido)
    assert resultado.valido, resultado.errores
    conteos = {
        h.nombre: (len(h.nuevas), len(h.cambiadas), len(h.sin_cambio)) for h in resultado.hojas
    }
    assert conteos == {"Recomendaciones": (0, 0, 2), "Dependencias": (0, 0, 2), "Metas": (0, 0, 3)}


def test_the_template_has_instructions_and_drop_down_lists(datos):
    libro = load_workbook(io.BytesIO(exportacion.como_bytes(exportacion.libro_plantilla())))
    assert libro.sheetnames == [
        "Instrucciones",
        "Recomendaciones",
        "Dependencias",
        "Metas",
        "Valoración GIM",
        "Listas",
    ]
    metas = libro["Metas"]
    formulas = {dv.formula1 for dv in metas.data_validations.dataValidation}
    assert all(dv.showErrorMessage for dv in metas.data_validations.dataValidation)
    assert "'Listas'!$B$2:$B$3" in formulas  # DIF, SSPM
    siglas = [c.value for c in libro["Listas"]["B"][1:] if c.value]
    assert siglas == ["DIF", "SSPM"]
    # An empty template imports as valid and changes nothing.
    assert not importacion.previsualizar(
        exportacion.como_bytes(exportacion.libro_plantilla())
    ).hay_cambios


def test_export_view_is_for_analistas_and_directivos(client, datos, analista, directivo, enlace_a):
    url = reverse("dependencias:exportar")
    assert client.get(url).status_code == 302
    client.force_login(enlace_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("dependencias:plantilla")).status_code == 403
    for usuario in (analista, directivo):
        client.force_login(usuario)
        respuesta = client.get(url, {"ejercicio": "2022"})
        assert respuesta.status_code == 200
        assert respuesta["Content-Disposition"].startswith(
            'attachment; filename="catalogo_y_metas_2022_'
        )
        libro = load_workbook(io.BytesIO(respuesta.content))
        assert libro["Metas"].max_row == 4
    client.force_login(analista)
    assert client.get(reverse("dependencias:plantilla")).status_code == 200


def test_the_export_reads_a_fixed_number_of_queries(datos, django_assert_num_queries):
    MetaFactory(clave="M-4", programado={1: 1, 2: 2})
    # the municipio (the deployment's only one); recomendaciones, their modalidades, their
    # ejes; its dependencias; its metas with ejercicio, dependencia and tipo de acción; their
    # recomendaciones; their programación.
    with django_assert_num_queries(8):
        libro = exportacion.libro_catalogo()
    assert libro["Metas"].max_row == 5
