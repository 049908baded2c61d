"""The planning models leave this app's state for `planeacion` (planeacion 0001); their tables
stay, so no data moves. Also: a render's help text names the module's new path."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('informes', '0006_tabla_cache'),
        ('planeacion', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='observacionpropuesta',
                    name='devolucion',
                ),
                migrations.RemoveField(
                    model_name='observacionpropuesta',
                    name='codigo',
                ),
                migrations.RemoveField(
                    model_name='observacionpropuesta',
                    name='creada_por',
                ),
                migrations.RemoveField(
                    model_name='observacionpropuesta',
                    name='propuesta',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='acordada_por',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='dependencia',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='meta',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='origen',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='propuesta_por',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='recomendaciones',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='ronda',
                ),
                migrations.RemoveField(
                    model_name='propuestameta',
                    name='tipo_accion',
                ),
                migrations.RemoveField(
                    model_name='rondaplaneacion',
                    name='abierta_por',
                ),
                migrations.RemoveField(
                    model_name='rondaplaneacion',
                    name='ejercicio',
                ),
                migrations.DeleteModel(
                    name='HistorialPropuesta',
                ),
                migrations.DeleteModel(
                    name='ObservacionPropuesta',
                ),
                migrations.DeleteModel(
                    name='PropuestaMeta',
                ),
                migrations.DeleteModel(
                    name='RondaPlaneacion',
                ),
    
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name='render',
            name='version',
            field=models.CharField(help_text='informes.salidas.reporte.version_de_datos (la revisión de datos y los ajustes que imprime el informe); en una publicación, además, el número de versión.', max_length=64, verbose_name='versión de los datos'),
        ),
    ]
