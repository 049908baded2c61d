"""Every dependencia belongs to a municipio: the existing ones to the database's one municipio
(made from the institution by avgm's migration); siglas are unique within a municipio."""

import avgm.models.municipio
import avgm.texto
import django.db.models.deletion
from django.db import migrations, models


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
    ]
