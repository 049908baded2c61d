"""Seed the editable catalog of observación codes (docs/arquitectura.md, «Flujo de una ficha»)."""

from django.db import migrations

CODIGOS = [
    ("falta-evidencia", "Falta evidencia"),
    ("desagregacion-no-cuadra", "Desagregación no cuadra"),
    ("narrativa-no-corresponde", "Narrativa no corresponde a la meta"),
    ("presupuesto-sin-fuente", "Presupuesto sin fuente"),
    ("otra", "Otra"),
]


def crear(apps, schema_editor):
    CodigoObservacion = apps.get_model("fichas", "CodigoObservacion")
    for orden, (clave, nombre) in enumerate(CODIGOS, start=1):
        CodigoObservacion.objects.get_or_create(
            clave=clave, defaults={"nombre": nombre, "orden": orden}
        )


class Migration(migrations.Migration):
    dependencies = [("fichas", "0001_initial")]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
