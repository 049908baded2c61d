"""Every dependencia belongs to a municipio from now on; siglas are unique within it."""

import django.db.models.deletion
from django.db import migrations, models

import avgm.models.municipio
import avgm.texto


class Migration(migrations.Migration):
    dependencies = [("dependencias", "0008_municipio_de_cada_dependencia")]

    operations = [
        migrations.AlterField(
            model_name="dependencia",
            name="municipio",
            field=models.ForeignKey(
                default=avgm.models.municipio.municipio_unico_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dependencias",
                to="avgm.municipio",
            ),
        ),
        migrations.AlterField(
            model_name="dependencia",
            name="siglas",
            field=avgm.texto.TextoCorto(
                max_length=40, validators=[avgm.texto.sin_formula], verbose_name="siglas"
            ),
        ),
        migrations.AddConstraint(
            model_name="dependencia",
            constraint=models.UniqueConstraint(
                fields=("municipio", "siglas"),
                name="dependencia_siglas_unicas_por_municipio",
                violation_error_message="El municipio ya tiene una dependencia con esas siglas.",
            ),
        ),
    ]
