"""Municipio becomes the unit of seguimiento; every existing row belongs to one municipio.

The municipio is made from the institution's row (or the settings' defaults on a new
database): its printed municipality names it. Ejercicios and GIM evaluations are placed in it
before their column becomes required, so no row is left without a municipio; recomendaciones
name no municipio, which means they apply to every one.
"""

import avgm.models.municipio
import avgm.texto
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("avgm", "0016_revision_por_ambito"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="ejercicio",
            name="anio",
            field=models.PositiveSmallIntegerField(verbose_name="año"),
        ),
        migrations.AlterField(
            model_name="evaluaciongim",
            name="referencia",
            field=avgm.texto.TextoCorto(
                help_text="Número u oficio del documento del GIM, p. ej. «Primer Informe de la AVGM».",
                max_length=200,
                verbose_name="referencia del documento",
            ),
        ),
        migrations.CreateModel(
            name="Municipio",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "nombre",
                    avgm.texto.TextoCorto(
                        help_text="Como lo nombra la declaratoria, p. ej. «Juárez».",
                        max_length=120,
                        unique=True,
                        validators=[avgm.texto.sin_formula],
                        verbose_name="nombre",
                    ),
                ),
                (
                    "clave",
                    models.SlugField(
                        help_text="Para las direcciones del micrositio, p. ej. «juarez». No cambia una vez publicado.",
                        max_length=40,
                        unique=True,
                        verbose_name="clave",
                    ),
                ),
                (
                    "demostracion",
                    models.BooleanField(
                        default=False,
                        help_text="Datos inventados: cada página y PDF lo dicen.",
                        verbose_name="de demostración",
                    ),
                ),
                ("orden", models.PositiveSmallIntegerField(default=0, verbose_name="orden")),
                (
                    "institucion",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="municipio_de_seguimiento",
                        to="avgm.institucion",
                        verbose_name="institución",
                    ),
                ),
            ],
            options={
                "verbose_name": "municipio",
                "verbose_name_plural": "municipios",
                "ordering": ["orden", "nombre"],
            },
        ),
        migrations.CreateModel(
            name="Adscripcion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "usuario",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="adscripcion",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="usuario",
                    ),
                ),
                (
                    "municipio",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="adscripciones",
                        to="avgm.municipio",
                    ),
                ),
            ],
            options={
                "verbose_name": "adscripción",
                "verbose_name_plural": "adscripciones",
            },
        ),
        migrations.AddField(
            model_name="ejercicio",
            name="municipio",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ejercicios",
                to="avgm.municipio",
            ),
        ),
        migrations.AddField(
            model_name="evaluaciongim",
            name="municipio",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluaciones_gim",
                to="avgm.municipio",
            ),
        ),
    ]
