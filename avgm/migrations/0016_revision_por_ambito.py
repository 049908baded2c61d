from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("avgm", "0015_institucion_titular_firma"),
    ]

    operations = [
        migrations.AddField(
            model_name="revisiondatos",
            name="ambito",
            field=models.CharField(default="", max_length=24, unique=True, verbose_name="ámbito"),
        ),
    ]
