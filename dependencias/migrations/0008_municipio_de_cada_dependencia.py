"""Every existing dependencia belongs to the database's one municipio (data only: the column
becomes required in the next migration, as PostgreSQL asks)."""

from django.db import migrations


def ubicar(apps, schema_editor):
    municipio = apps.get_model("avgm", "Municipio").objects.order_by("pk").first()
    apps.get_model("dependencias", "Dependencia").objects.update(municipio=municipio)


class Migration(migrations.Migration):
    dependencies = [("avgm", "0018_municipio_inicial"), ("dependencias", "0007_municipios")]

    operations = [
        migrations.RunPython(ubicar, migrations.RunPython.noop),
    ]
