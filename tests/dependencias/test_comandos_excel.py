"""The importar / exportar commands: preview by default, exit non-zero on errors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dependencias.models import Dependencia, Meta
from tests.factories import MetaFactory
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db


def _archivo(tmp_path, contenido, nombre="libro.xlsx"):
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    return str(ruta)


def test_importar_previews_unless_told_to_apply(tmp_path):
    ruta = _archivo(
        tmp_path, libro(Dependencias=[ENCABEZADOS["Dependencias"], ["IMM", "Instituto"]])
    )
    salida = StringIO()
    call_command("importar", ruta, stdout=salida, stderr=StringIO())
    assert "Dependencias: 1 nueva, 0 con cambios, 0 sin cambio, 0 errores" in salida.getvalue()
    assert not Dependencia.objects.exists()
    call_command("importar", ruta, "--aplicar", stdout=StringIO())
    assert Dependencia.objects.get(siglas="IMM").nombre == "Instituto"


def test_importar_exits_non_zero_on_errors_and_writes_nothing(tmp_path):
    ruta = _archivo(
        tmp_path,
        libro(
            Dependencias=[ENCABEZADOS["Dependencias"], ["IMM", "Instituto"]],
            Metas=[ENCABEZADOS["Metas"], [2022, "XX", "M-1", "Meta"]],
        ),
    )
    errores = StringIO()
    for extra in ([], ["--aplicar"]):
        with pytest.raises(CommandError, match="1 error"):
            call_command("importar", ruta, *extra, stdout=StringIO(), stderr=errores)
    assert "valor «XX»: dependencia desconocida." in errores.getvalue()
    assert not Dependencia.objects.exists()


def test_importar_rejects_a_file_that_is_not_xlsx(tmp_path):
    ruta = _archivo(tmp_path, b"no soy excel", "datos.xlsx")
    with pytest.raises(CommandError, match="no es un libro de Excel"):
        call_command("importar", ruta, stdout=StringIO())
    with pytest.raises(CommandError, match="No se puede leer"):
        call_command("importar", str(tmp_path / "no-existe.xlsx"), stdout=StringIO())


def test_exportar_writes_a_workbook_that_imports_unchanged(tmp_path):
    MetaFactory(clave="M-1", programado={2: 3})
    ruta = str(tmp_path / "salida.xlsx")
    call_command("exportar", ruta, stdout=StringIO())
    salida = StringIO()
    call_command("importar", ruta, "--aplicar", stdout=salida)
    assert "Metas: 0 nuevas, 0 con cambios, 1 sin cambio, 0 errores" in salida.getvalue()
    assert Meta.objects.count() == 1
    with pytest.raises(CommandError, match="No existe el ejercicio 1999"):
        call_command("exportar", ruta, "--ejercicio", "1999", stdout=StringIO())


@pytest.mark.slow  # imports 6,000 metas
def test_bench_importar_leaves_no_data():
    salida = StringIO()
    call_command("bench_importar", "--metas", "50", stdout=salida)
    assert "importar 50 metas" in salida.getvalue()
    assert not Meta.objects.exists()
