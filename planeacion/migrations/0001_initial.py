"""Planning becomes its own app: the models move, their tables and rows stay where they are.

Until now these four models were registered under `informes` (tables `informes_*`). Only
Django's model state moves here; the tables keep their names (see each model's `db_table`), so
an existing database migrates without copying or touching a row. The content types move too,
so permissions and admin history keep pointing at the same models.
"""

import avgm.texto
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELOS = ["rondaplaneacion", "propuestameta", "historialpropuesta", "observacionpropuesta"]


def mover_tipos_de_contenido(apps, schema_editor):
    """Existing databases: the content types (and so permissions) follow the models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ya = set(ContentType.objects.filter(app_label="planeacion").values_list("model", flat=True))
    ContentType.objects.filter(app_label="informes", model__in=set(MODELOS) - ya).update(
        app_label="planeacion"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('avgm', '0009_valoracion_gim'),
        ('informes', '0006_tabla_cache'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('dependencias', '0004_mensajes_de_planeacion'),
        ('fichas', '0003_textos_limpios_y_mensajes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistorialPropuesta',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('accion', models.CharField(choices=[('crear', 'Creación'), ('editar', 'Edición'), ('enviar', 'Envío al IMM'), ('devolver', 'Devolución con observaciones'), ('acordar', 'Acuerdo'), ('retirar', 'Retiro')], max_length=12, verbose_name='acción')),
                        ('fecha', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='fecha')),
                        ('comentario', avgm.texto.TextoLargo(blank=True, max_length=10000, verbose_name='comentario')),
                        ('cambios', models.JSONField(blank=True, default=dict, verbose_name='cambios')),
                        ('usuario', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'evento de propuesta',
                        'verbose_name_plural': 'historial de propuestas',
                        'db_table': 'informes_historialpropuesta',
                        'ordering': ['fecha', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PropuestaMeta',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('estado', models.CharField(choices=[('borrador', 'Borrador'), ('enviada', 'Enviada al IMM'), ('devuelta', 'Devuelta con observaciones'), ('acordada', 'Acordada'), ('retirada', 'Retirada')], db_index=True, default='borrador', max_length=12, verbose_name='estado')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('descripcion', avgm.texto.TextoLargo(max_length=10000, verbose_name='meta')),
                        ('linea_accion', avgm.texto.TextoLargo(blank=True, max_length=10000, verbose_name='línea de acción')),
                        ('unidad_medida', avgm.texto.TextoCorto(blank=True, max_length=120, verbose_name='unidad de medida')),
                        ('t1', models.PositiveIntegerField(default=0, verbose_name='programado T1')),
                        ('t2', models.PositiveIntegerField(default=0, verbose_name='programado T2')),
                        ('t3', models.PositiveIntegerField(default=0, verbose_name='programado T3')),
                        ('t4', models.PositiveIntegerField(default=0, verbose_name='programado T4')),
                        ('creada_en', models.DateTimeField(auto_now_add=True, verbose_name='creada')),
                        ('enviada_en', models.DateTimeField(blank=True, null=True, verbose_name='enviada')),
                        ('acordada_en', models.DateTimeField(blank=True, null=True, verbose_name='acordada')),
                        ('acordada_por', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('dependencia', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dependencias.dependencia')),
                        ('meta', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='propuesta', to='dependencias.meta', verbose_name='meta oficial')),
                        ('origen', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dependencias.meta', verbose_name='meta del año anterior')),
                        ('propuesta_por', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recomendaciones', models.ManyToManyField(blank=True, related_name='+', to='avgm.recomendacion', verbose_name='recomendaciones que atiende')),
                        ('tipo_accion', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dependencias.tipoaccion', verbose_name='tipo de acción')),
                    ],
                    options={
                        'verbose_name': 'propuesta de meta',
                        'verbose_name_plural': 'propuestas de metas',
                        'db_table': 'informes_propuestameta',
                        'ordering': ['ronda', 'dependencia__siglas', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ObservacionPropuesta',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('texto', avgm.texto.TextoLargo(max_length=10000, verbose_name='observación')),
                        ('campos', models.JSONField(blank=True, default=list, verbose_name='campos señalados')),
                        ('creada_en', models.DateTimeField(auto_now_add=True, verbose_name='fecha')),
                        ('codigo', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fichas.codigoobservacion', verbose_name='código')),
                        ('creada_por', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('devolucion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='observaciones', to='planeacion.historialpropuesta')),
                        ('propuesta', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='observaciones', to='planeacion.propuestameta')),
                    ],
                    options={
                        'verbose_name': 'observación de propuesta',
                        'verbose_name_plural': 'observaciones de propuestas',
                        'db_table': 'informes_observacionpropuesta',
                        'ordering': ['creada_en', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='historialpropuesta',
                    name='propuesta',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='historial', to='planeacion.propuestameta'),
                ),
                migrations.CreateModel(
                    name='RondaPlaneacion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('fecha_limite', models.DateField(verbose_name='fecha límite de propuestas')),
                        ('abierta_en', models.DateTimeField(auto_now_add=True, verbose_name='abierta')),
                        ('abierta_por', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('ejercicio', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='ronda_planeacion', to='avgm.ejercicio')),
                    ],
                    options={
                        'verbose_name': 'ronda de planeación',
                        'verbose_name_plural': 'rondas de planeación',
                        'db_table': 'informes_rondaplaneacion',
                        'ordering': ['-ejercicio__anio'],
                    },
                ),
                migrations.AddField(
                    model_name='propuestameta',
                    name='ronda',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='propuestas', to='planeacion.rondaplaneacion'),
                ),
    
            ],
            database_operations=[],
        ),
        migrations.RunPython(mover_tipos_de_contenido, migrations.RunPython.noop),
    ]
