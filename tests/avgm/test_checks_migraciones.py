"""avgm.E201: the servers' start-up check (`check --deploy --database default`) refuses a
database with migrations not applied, and `migrate`, which runs the database checks without
--deploy, is never stopped by it."""

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from avgm.plataforma.checks import migraciones_aplicadas


def ids(**opciones) -> list[str]:
    return [problema.id for problema in run_checks(**opciones)]


@pytest.mark.django_db
def test_a_migrated_database_passes():
    assert migraciones_aplicadas(None, databases=["default"]) == []


@pytest.mark.django_db
def test_it_names_the_migrations_that_are_missing_and_what_to_do():
    # As on a database restored from an older backup, before `migrate`.
    MigrationRecorder(connection).record_unapplied("planeacion", "0001_initial")

    [problema] = migraciones_aplicadas(None, databases=["default"])

    assert problema.id == "avgm.E201"
    assert "1 migración sin aplicar (planeacion.0001_initial)" in problema.msg
    assert "manage.py migrate" in problema.hint


@pytest.mark.django_db
def test_it_runs_in_the_start_up_check_and_not_in_migrate():
    MigrationRecorder(connection).record_unapplied("planeacion", "0001_initial")

    assert "avgm.E201" in ids(include_deployment_checks=True, databases=["default"])
    assert "avgm.E201" not in ids(databases=["default"])  # what `migrate` runs
    assert "avgm.E201" not in ids(include_deployment_checks=True)  # check --deploy alone
