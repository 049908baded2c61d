"""The import preview says, for each changed field, what it was and what it will be: names
rather than ids, quantities as 1,500, years whole."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DependenciaFactory, MetaFactory, TipoAccionFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _vista_previa(client, contenido) -> str:
    archivo = SimpleUploadedFile("metas.xlsx", contenido, content_type="application/octet-stream")
    client.post(reverse("dependencias:importar"), {"archivo": archivo})
    return client.get(reverse("dependencias:importar_vista_previa")).text


def _fila(html: str, clave: str) -> str:
    inicio = html.index(f"<td>{clave}</td>")
    return html[inicio : html.index("</tr>", inicio)]


def test_each_changed_field_shows_before_and_after(client, analista):
    dif = DependenciaFactory(siglas="DIF", nombre="DIF", titular="")
    TipoAccionFactory(nombre="Campaña de sensibilización")
    MetaFactory(
        dependencia=dif,
        clave="M-7",
        descripcion="Talleres",
        tipo_accion=TipoAccionFactory(nombre="Capacitación"),
        unidad_medida="Talleres",
        programado={1: 3},
    )
    contenido = libro(
        Dependencias=[ENCABEZADOS["Dependencias"], ["DIF", "DIF Municipal", "Ana Ruiz"]],
        Metas=[
            ENCABEZADOS["Metas"],
            [2022, "DIF", "M-7", "Talleres", "Profesionalización del servicio público",
             "Campaña de sensibilización", "Talleres", "", 1500, 0, 0, 0],
        ],
    )  # fmt: skip
    client.force_login(analista)
    html = _vista_previa(client, contenido)
    dependencia = _fila(html, "DIF")
    assert "<strong>Nombre:</strong> <del" in dependencia
    assert ">DIF</del> → <ins>DIF Municipal</ins>" in dependencia
    assert ">(vacío)</del> → <ins>Ana Ruiz</ins>" in dependencia
    meta = _fila(html, "M-7")
    assert "<strong>Tipo de acción:</strong>" in meta
    assert ">Capacitación</del> → <ins>Campaña de sensibilización</ins>" in meta
    assert "<strong>T1:</strong>" in meta and ">3</del> → <ins>1,500</ins>" in meta


def test_years_are_written_whole(client, analista):
    from tests.factories import RecomendacionFactory

    RecomendacionFactory(clave="R-9", texto="Texto", vigente_desde=2020)
    fila = RecomendacionFactory.build(clave="R-9", texto="Texto")
    contenido = libro(
        Recomendaciones=[
            ENCABEZADOS["Recomendaciones"],
            ["R-9", "Texto", fila.get_tipo_display(), "", "", 2024, ""],
        ]
    )
    client.force_login(analista)
    html = _vista_previa(client, contenido)
    assert ">2020</del> → <ins>2024</ins>" in _fila(html, "R-9")
