from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("avgm", "0014_worker_latido"),
    ]

    operations = [
        migrations.AddField(
            model_name="revisiondatos",
            name="ambito",
            field=models.CharField(default="", max_length=24, unique=True, verbose_name="ámbito"),
        ),
    ]
