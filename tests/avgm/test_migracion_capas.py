"""A database made before planning had its own app migrates with every row and figure intact.

Until the layout change, planning's four models were registered under `informes` (tables
`informes_*`, content types `informes.*`). Their move to `planeacion` is state-only. These
tests take the database back to exactly the migration leaves the previous layout had, fill it
as that layout left it (the demo, with planning's content types under `informes`), migrate
forward and compare every table row by row, the content types and the report's figures.
"""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from informes.cifras.corte import Corte
from informes.cifras.figures import calcular

# The migration leaves of every project app before planning became an app.
HOJAS_ANTERIORES = [
    ("avgm", "0009_valoracion_gim"),
    ("dependencias", "0004_mensajes_de_planeacion"),
    ("fichas", "0003_textos_limpios_y_mensajes"),
    ("informes", "0006_tabla_cache"),
    ("planeacion", None),
]
MOVIDAS = [("planeacion", "0001_initial"), ("informes", "0007_planeacion_a_su_app")]


# Migrations added since, outside the move, that today's code (the demo filling the old
# database) already reads: every other app's newest migration is applied with the old leaves.
def _hojas_con_lo_posterior() -> list[tuple[str, str | None]]:
    antes = dict(HOJAS_ANTERIORES)
    posteriores = [
        (app, nombre)
        for app, nombre in _hojas_actuales()
        if app in antes and app not in {"informes", "planeacion"}
    ]
    return list({**antes, **dict(posteriores)}.items())


MODELOS_PLANEACION = {
    "rondaplaneacion",
    "propuestameta",
    "historialpropuesta",
    "observacionpropuesta",
}

pytestmark = pytest.mark.slow


def _migrar(destino) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(destino)


def _hojas_actuales() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _huella_de_tablas() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows (ordered by every column)."""
    huellas = {}
    with connection.cursor() as cursor:
        for tabla in sorted(connection.introspection.table_names(cursor)):
            if tabla == "django_migrations":
                continue
            nombre = connection.ops.quote_name(tabla)
            cursor.execute(f"SELECT * FROM {nombre}")  # noqa: S608 - names from introspection
            filas = sorted(repr(fila) for fila in cursor.fetchall())
            huellas[tabla] = (len(filas), hashlib.sha256("\n".join(filas).encode()).hexdigest())
    return huellas


def _planeacion_con_historia() -> None:
    """A planning round with a proposal sent, returned with an observación and agreed: a row
    in each of planning's four tables and its many-to-many table."""
    import datetime

    from django.contrib.auth import get_user_model

    from avgm.models import Recomendacion
    from dependencias.models import Dependencia, TipoAccion
    from fichas.models import CodigoObservacion
    from planeacion import workflow

    usuarios = get_user_model().objects
    analista, enlace = usuarios.get(username="analista"), usuarios.get(username="enlace.dif")
    ronda = workflow.ronda_abrir(
        anio=2023, fecha_limite=datetime.date(2022, 11, 30), usuario=analista
    )
    propuesta = workflow.propuesta_crear(
        ronda=ronda,
        dependencia=Dependencia.objects.get(siglas="DIF"),
        usuario=enlace,
        datos={
            "descripcion": "Talleres de prevención en escuelas",
            "tipo_accion": TipoAccion.objects.first(),
            "unidad_medida": "Talleres",
            "recomendaciones": list(Recomendacion.objects.vigentes_en(2023)[:2]),
            "t1": 4,
            "t2": 6,
        },
    )
    propuesta = workflow.propuesta_enviar(propuesta=propuesta, usuario=enlace, version=1)
    propuesta = workflow.propuesta_devolver(
        propuesta=propuesta,
        usuario=analista,
        version=propuesta.version,
        observaciones=[
            {
                "codigo": CodigoObservacion.objects.get(clave="planeacion-otro"),
                "texto": "Precise la población atendida.",
                "campos": ["descripcion"],
            }
        ],
    )
    propuesta = workflow.propuesta_guardar(
        propuesta=propuesta, usuario=enlace, version=propuesta.version, datos={"t1": 5}
    )
    propuesta = workflow.propuesta_enviar(
        propuesta=propuesta, usuario=enlace, version=propuesta.version
    )
    workflow.propuesta_acordar(propuesta=propuesta, usuario=analista, version=propuesta.version)


def test_the_move_runs_no_sql(transactional_db):
    """State only: neither migration of the move touches a table, on any database."""
    executor = MigrationExecutor(connection)
    for app, nombre in MOVIDAS:
        migracion = executor.loader.get_migration(app, nombre)
        estado = executor.loader.project_state((app, nombre), at_end=False)
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            migracion.apply(estado, editor, collect_sql=True)
        sentencias = [s for s in editor.collected_sql if not s.startswith("--")]
        assert sentencias == [], f"{app}.{nombre} runs SQL: {sentencias}"


def test_a_database_of_the_previous_layout_migrates_with_every_row_and_figure(
    transactional_db, tmp_path
):
    final = _hojas_actuales()
    # A new database as the previous layout's migrations built it (catalogs, roles and review
    # codes come from data migrations), then what `migrate` does last: roles' permissions.
    _migrar([("avgm", None)])
    _migrar(_hojas_con_lo_posterior())
    try:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path / "media"):
            # Without its published versions (four renders): the move leaves informes' own
            # tables alone, and every other row of the demo is compared.
            call_command("demo", "--sin-publicar", "--solo-juarez", stdout=StringIO())
            _planeacion_con_historia()
        # As the previous layout registered them: planning's content types under `informes`.
        ContentType.objects.filter(app_label="planeacion").update(app_label="informes")
        assert ContentType.objects.filter(
            app_label="informes", model__in=MODELOS_PLANEACION
        ).count() == len(MODELOS_PLANEACION)
        antes = _huella_de_tablas()
        for tabla in (
            "rondaplaneacion",
            "propuestameta",
            "historialpropuesta",
            "observacionpropuesta",
            "propuestameta_recomendaciones",
        ):
            assert antes[f"informes_{tabla}"][0] > 0, f"informes_{tabla} has no row to carry"
        cifras_antes = calcular(Corte.buscar(2022, "T2"))
        ids_antes = dict(
            ContentType.objects.filter(model__in=MODELOS_PLANEACION).values_list("model", "pk")
        )
    finally:
        _migrar(final)

    despues = _huella_de_tablas()
    tipos = {k: v for k, v in antes.items() if k != "django_content_type"}
    assert {k: v for k, v in despues.items() if k != "django_content_type"} == tipos
    assert (
        dict(
            ContentType.objects.filter(
                app_label="planeacion", model__in=MODELOS_PLANEACION
            ).values_list("model", "pk")
        )
        == ids_antes
    )
    assert calcular(Corte.buscar(2022, "T2")) == cifras_antes

    from planeacion.models import PropuestaMeta

    propuesta = PropuestaMeta.objects.get()
    assert (propuesta.estado, propuesta.t1, propuesta.recomendaciones.count()) == ("acordada", 5, 2)
    assert propuesta.historial.count() == antes["informes_historialpropuesta"][0]
