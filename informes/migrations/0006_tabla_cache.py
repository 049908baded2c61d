"""The database cache table (settings.CACHES): created with the schema, so `make run`, the
tests and CI never need a separate `createcachetable` step."""

from django.core.management import call_command
from django.db import migrations


def crear_tabla_cache(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("informes", "0005_narrativa_valoracion_gim")]

    operations = [migrations.RunPython(crear_tabla_cache, migrations.RunPython.noop)]
