"""The database's one municipio, made from its institution (or the settings' defaults on a new
database), holds every existing ejercicio and GIM evaluation; and the Coordinación estatal
role. Data only: PostgreSQL refuses to alter a table with pending row changes in the same
transaction, so the columns become required in the next migration."""

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify


def crear_municipio(apps, schema_editor):
    Institucion = apps.get_model("avgm", "Institucion")
    Municipio = apps.get_model("avgm", "Municipio")
    institucion = Institucion.objects.order_by("pk").first()
    if institucion is None:
        institucion = Institucion.objects.create(
            nombre=settings.AVGM_INSTITUTO, municipio=settings.AVGM_MUNICIPIO
        )
    nombre = institucion.municipio or settings.AVGM_MUNICIPIO
    municipio = Municipio.objects.create(
        nombre=nombre, clave=slugify(nombre)[:40] or "municipio", institucion=institucion
    )
    apps.get_model("avgm", "Ejercicio").objects.update(municipio=municipio)
    apps.get_model("avgm", "EvaluacionGIM").objects.update(municipio=municipio)


def crear_rol_coordinacion(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Coordinación estatal")


def quitar_municipio(apps, schema_editor):
    apps.get_model("avgm", "Ejercicio").objects.update(municipio=None)
    apps.get_model("avgm", "EvaluacionGIM").objects.update(municipio=None)
    # The previous schema has no adscripciones: their table goes in the next step back.
    apps.get_model("avgm", "Adscripcion").objects.all().delete()
    apps.get_model("avgm", "Municipio").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("avgm", "0017_municipios"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(crear_municipio, quitar_municipio),
        migrations.RunPython(crear_rol_coordinacion, migrations.RunPython.noop),
    ]
