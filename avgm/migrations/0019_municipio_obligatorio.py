"""Every ejercicio and GIM evaluation belongs to a municipio from now on; a year and a GIM
reference are unique within their municipio."""

import django.db.models.deletion
from django.db import migrations, models

import avgm.models.municipio


class Migration(migrations.Migration):
    dependencies = [("avgm", "0018_municipio_inicial")]

    operations = [
        migrations.AlterField(
            model_name="ejercicio",
            name="municipio",
            field=models.ForeignKey(
                default=avgm.models.municipio.municipio_unico_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ejercicios",
                to="avgm.municipio",
            ),
        ),
        migrations.AlterField(
            model_name="evaluaciongim",
            name="municipio",
            field=models.ForeignKey(
                default=avgm.models.municipio.municipio_unico_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluaciones_gim",
                to="avgm.municipio",
            ),
        ),
        migrations.AddField(
            model_name="recomendacion",
            name="municipios",
            field=models.ManyToManyField(
                blank=True,
                help_text="A qué municipios de la alerta aplica. Vacío: a todos.",
                related_name="recomendaciones",
                to="avgm.municipio",
                verbose_name="municipios",
            ),
        ),
        migrations.AddConstraint(
            model_name="ejercicio",
            constraint=models.UniqueConstraint(
                fields=("municipio", "anio"),
                name="ejercicio_unico_por_municipio",
                violation_error_message="El municipio ya tiene ese ejercicio.",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluaciongim",
            constraint=models.UniqueConstraint(
                fields=("municipio", "referencia"),
                name="evaluacion_gim_referencia_unica",
                violation_error_message="Ya hay una evaluación con esa referencia.",
            ),
        ),
    ]
