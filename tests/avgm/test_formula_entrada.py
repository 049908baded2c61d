"""A name that reaches the open data cannot start like a spreadsheet formula, at any door."""

import io

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from avgm.models import EjeTransversal, Modalidad, Recomendacion
from dependencias.excel import importacion
from dependencias.models import Dependencia, TipoAccion
from informes.cifras.corte import Corte
from informes.models import InformePublicado
from informes.publicacion import NombresComoFormula, publicar
from tests.factories import DependenciaFactory, UserFactory, ejercicio

pytestmark = pytest.mark.django_db

HIPERVINCULO = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("inicio", ["=", "+", "-", "@", " =", "\t"])
@pytest.mark.parametrize(
    ("modelo", "campo", "valido"),
    [
        (Dependencia, "siglas", {"nombre": "Dirección"}),
        (Dependencia, "nombre", {"siglas": "DIR"}),
        (TipoAccion, "nombre", {}),
        (Modalidad, "nombre", {}),
        (EjeTransversal, "nombre_corto", {"nombre": "Eje nuevo"}),
        (Recomendacion, "clave", {"texto": "Capacitar.", "tipo": "permanente"}),
        (Recomendacion, "texto", {"clave": "R-900", "tipo": "permanente"}),
    ],
)
def test_model_validation_refuses_a_leading_formula_sign(modelo, campo, valido, inicio):
    objeto = modelo(**valido, **{campo: f"{inicio}SUM(1,2)"})
    with pytest.raises(ValidationError) as error:
        objeto.full_clean()
    assert error.value.error_dict[campo][0].code == "formula"
    objeto = modelo(**valido, **{campo: "Suma = 1 + 2 - 3 @ 4"})  # inside the text: fine
    objeto.full_clean(validate_unique=False)


def test_the_admin_refuses_it_with_a_message_and_saves_nothing(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    respuesta = client.post(
        reverse("admin:dependencias_dependencia_add"),
        {
            "siglas": "DX",
            "nombre": HIPERVINCULO,
            "activa": "on",
            "enlaces-TOTAL_FORMS": "0",
            "enlaces-INITIAL_FORMS": "0",
        },
    )
    assert respuesta.status_code == 200
    assert "No puede empezar con «=», «+», «-» ni «@»" in respuesta.text
    assert not Dependencia.objects.filter(siglas="DX").exists()


def _libro_con_texto(filas: list[list[str]]) -> bytes:
    """A Dependencias sheet whose cells are text (a typed «=…» is text, not a formula)."""
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Dependencias"
    for fila in [["Siglas", "Nombre", "Titular"], *filas]:
        hoja.append(fila)
    for fila in hoja.iter_rows():
        for celda in fila:
            celda.data_type = "s"
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def test_the_excel_import_names_the_cell_and_writes_nothing(tmp_path):
    contenido = _libro_con_texto([["DX", HIPERVINCULO, ""], ["@DY", "Dirección Y", ""]])
    errores = [str(e) for e in importacion.previsualizar(contenido).errores]
    assert len(errores) == 2
    assert errores[0].startswith("Hoja «Dependencias», fila 2, columna «Nombre» (B), valor «=HYP")
    assert errores[1].startswith("Hoja «Dependencias», fila 3, columna «Siglas» (A), valor «@DY»")
    assert "ejecutaría como fórmula" in errores[0]
    with pytest.raises(importacion.ImportacionRechazada):
        importacion.aplicar(contenido)
    ruta = tmp_path / "catalogo.xlsx"  # the shell command goes through the same import
    ruta.write_bytes(contenido)
    with pytest.raises(CommandError, match="no se guardó nada"):
        call_command("importar", str(ruta), "--aplicar", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Dependencia.objects.filter(siglas__in=["DX", "@DY"]).exists()


def _avisos_del_check() -> str:
    """What `manage.py check --database default` (and `migrate`) says of the stored data."""
    return "\n".join(
        f"{a.id} {a.msg}"
        for a in checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    )


def test_a_name_saved_before_the_rule_is_reported_and_blocks_publishing(analista):
    assert "avgm.W202" not in _avisos_del_check()
    DependenciaFactory(siglas="DX", nombre=HIPERVINCULO)  # the ORM skips validation
    avisos = _avisos_del_check()
    assert "avgm.W202" in avisos and HIPERVINCULO[:20] in avisos
    ejercicio(2022)
    with pytest.raises(NombresComoFormula, match="Corríjalos en el catálogo"):
        publicar(Corte.buscar(2022, "T2"), usuario=analista)
    assert not InformePublicado.objects.exists()
