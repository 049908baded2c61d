"""Create the six modalidades, the four ejes transversales and the role groups.

They are data, editable afterwards; this migration only seeds them once.
"""

from django.db import migrations

MODALIDADES = [
    ("Violencia Feminicida", "Feminicida"),
    ("Violencia Familiar", "Familiar"),
    ("Violencia Docente", "Docente"),
    ("Violencia Laboral", "Laboral"),
    ("Violencia Comunitaria", "Comunitaria"),
    ("Violencia Institucional", "Institucional"),
]
EJES = [
    ("Políticas públicas desde igualdad", "Igualdad"),
    ("Acceso a la información", "Información"),
    ("Participación ciudadana", "Participación"),
    ("Acceso a la justicia", "Justicia"),
]
ROLES = ["Enlace", "Analista IMM", "Directivo", "Administrador"]


def crear(apps, schema_editor):
    Modalidad = apps.get_model("avgm", "Modalidad")
    EjeTransversal = apps.get_model("avgm", "EjeTransversal")
    Group = apps.get_model("auth", "Group")
    for orden, (nombre, corto) in enumerate(MODALIDADES, start=1):
        Modalidad.objects.get_or_create(
            nombre=nombre, defaults={"nombre_corto": corto, "orden": orden}
        )
    for orden, (nombre, corto) in enumerate(EJES, start=1):
        EjeTransversal.objects.get_or_create(
            nombre=nombre, defaults={"nombre_corto": corto, "orden": orden}
        )
    for rol in ROLES:
        Group.objects.get_or_create(name=rol)


class Migration(migrations.Migration):
    dependencies = [
        ("avgm", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
