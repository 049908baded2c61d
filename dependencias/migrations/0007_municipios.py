"""Every dependencia belongs to a municipio: the existing ones to the database's one municipio
(made from the institution by avgm's migration); siglas are unique within a municipio."""

import avgm.models.municipio
import avgm.texto
import django.db.models.deletion
from django.db import migrations, models


def ubicar(apps, schema_editor):
    municipio = apps.get_model("avgm", "Municipio").objects.order_by("pk").first()
    apps.get_model("dependencias", "Dependencia").objects.update(municipio=municipio)


class Migration(migrations.Migration):
    dependencies = [
        ("avgm", "0017_municipios"),
        ("dependencias", "0006_unidades_de_medida"),
    ]

    operations = [
        migrations.AddField(
            model_name="dependencia",
            name="municipio",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dependencias",
                to="avgm.municipio",
            ),
        ),
        migrations.RunPython(ubicar, migrations.RunPython.noop),
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
