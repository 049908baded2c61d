"""A database made before municipios existed migrates into one municipio, every row intact.

The test builds such a database the way a deployment has it: the demo loaded and a report
published (its PDF and workbook on disk), then every migration since municipios existed
unapplied, which leaves exactly the previous schema with those rows. It records each table's
rows and the report's figures, migrates forward, and compares: every previous column of every
row unchanged, every file still where its row says, every dependencia, ejercicio and GIM
evaluation in the one new municipio, which carries the institution the database had.
"""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

pytestmark = pytest.mark.slow

# The last migrations of the two apps whose schema changed, before municipios existed.
ANTES_DE_MUNICIPIOS = [
    ("avgm", "0016_revision_por_ambito"),
    ("dependencias", "0006_unidades_de_medida"),
]


def _migrar(destino) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(destino)


def _hojas() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _columnas() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        return {
            tabla: [c.name for c in connection.introspection.get_table_description(cursor, tabla)]
            for tabla in sorted(connection.introspection.table_names(cursor))
            if tabla != "django_migrations"
        }


def _huella(columnas: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows, reading only `columnas`."""
    huellas = {}
    with connection.cursor() as cursor:
        for tabla, nombres in columnas.items():
            lista = ", ".join(connection.ops.quote_name(c) for c in nombres)
            cursor.execute(f"SELECT {lista} FROM {connection.ops.quote_name(tabla)}")  # noqa: S608
            filas = sorted(repr(fila) for fila in cursor.fetchall())
            huellas[tabla] = (len(filas), hashlib.sha256("\n".join(filas).encode()).hexdigest())
    return huellas


def _publicar_barato(analista) -> None:
    """One published version with a real PDF and workbook on disk (a small stand-in PDF,
    `publicar_sin_pdf`: the migration reads no file, it must only leave them where their row
    says)."""
    from informes.cifras.corte import Corte
    from informes.publicacion import publicar

    publicar(Corte.buscar(2022, "T2"), usuario=analista)


def test_a_database_made_before_municipios_migrates_into_one_with_every_row_file_and_figure(
    transactional_db, tmp_path, publicar_sin_pdf
):
    from django.contrib.auth import get_user_model

    from informes.cifras.corte import Corte
    from informes.cifras.figures import calcular

    final = _hojas()
    media = tmp_path / "media"
    try:
        with override_settings(DEBUG=True, MEDIA_ROOT=media):
            call_command("demo", "--sin-publicar", "--solo-juarez", stdout=StringIO())
            _publicar_barato(get_user_model().objects.get(username="analista"))
        cifras_antes = calcular(Corte.buscar(2022, "T2"))
        # Back to the schema the previous main left: no municipio anywhere.
        _migrar(ANTES_DE_MUNICIPIOS)
        columnas = _columnas()
        assert "avgm_municipio" not in columnas
        assert "municipio_id" not in columnas["dependencias_dependencia"]
        assert "municipio_id" not in columnas["avgm_ejercicio"]
        antes = _huella(columnas)
        for tabla in (
            "dependencias_dependencia",
            "fichas_fichatecnica",
            "informes_informepublicado",
        ):
            assert antes[tabla][0] > 0, f"{tabla} has no row to carry"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pdf, xlsx FROM informes_informepublicado")
            archivos = [nombre for fila in cursor.fetchall() for nombre in fila if nombre]
            cursor.execute("SELECT id FROM avgm_institucion")
            (institucion_id,) = cursor.fetchone()
    finally:
        _migrar(final)
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    # Every previous column of every row, unchanged.
    assert _huella(columnas) == antes
    # Every file still where its row says.
    assert archivos and all((Path(media) / nombre).is_file() for nombre in archivos)
    # One municipio, the database's institution, and every row placed in it.
    from avgm.models import EvaluacionGIM, Municipio
    from dependencias.models import Dependencia

    (municipio,) = Municipio.objects.all()
    assert municipio.institucion_id == institucion_id
    assert Municipio.objects.unico() == municipio
    assert set(Dependencia.objects.values_list("municipio", flat=True)) == {municipio.pk}
    assert set(municipio.ejercicios.values_list("anio", flat=True)) == {2022}
    assert not EvaluacionGIM.objects.exclude(municipio=municipio).exists()
    # The same figures, now as that municipio's corte.
    assert calcular(Corte.buscar(2022, "T2")) == cifras_antes
