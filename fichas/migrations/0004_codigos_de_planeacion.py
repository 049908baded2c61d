"""Planning returns get their own observación codes (a proposal has no evidence to miss).

Each code now says whether it is for fichas or for planning proposals. The codes that exist
are the fichas' ones, so the returns already stored keep pointing at them and read as before;
the planning codes are added beside them.
"""

from django.db import migrations, models

CODIGOS_PLANEACION = [
    ("indicador-poco-claro", "Indicador poco claro"),
    ("programacion-no-congruente", "Programación no congruente con la línea base"),
    ("recomendacion-mal-asociada", "Recomendación mal asociada"),
    ("unidad-medida-inadecuada", "Unidad de medida inadecuada"),
    ("planeacion-otro", "Otro"),
]


def crear(apps, schema_editor):
    CodigoObservacion = apps.get_model("fichas", "CodigoObservacion")
    for orden, (clave, nombre) in enumerate(CODIGOS_PLANEACION, start=1):
        CodigoObservacion.objects.get_or_create(
            clave=clave, defaults={"nombre": nombre, "orden": orden, "uso": "propuesta"}
        )


class Migration(migrations.Migration):
    dependencies = [("fichas", "0003_textos_limpios_y_mensajes")]

    operations = [
        migrations.AddField(
            model_name="codigoobservacion",
            name="uso",
            field=models.CharField(
                choices=[
                    ("ficha", "Fichas técnicas"),
                    ("propuesta", "Propuestas de metas (planeación)"),
                ],
                db_index=True,
                default="ficha",
                max_length=12,
                verbose_name="se usa en",
            ),
        ),
        migrations.RunPython(crear, migrations.RunPython.noop),
    ]
