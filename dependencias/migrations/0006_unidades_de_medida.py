"""The catalog of units of measure, each saying whether it counts people; seeded with every
unit name the metas use, flagged by the rule in `dependencias.unidades` (as it stands now:
the migration keeps its own copy, so a later change of the rule does not rewrite history)."""

import re
import unicodedata

import avgm.texto
from django.db import migrations, models

RAICES_PERSONAS = (
    "atencion", "asesoria", "canalizacion", "acompanamiento", "seguimiento", "apoyo",
    "queja", "denuncia", "investigacion", "activacion", "orden",
    "persona", "mujer", "victima", "usuari", "beneficiari", "nina", "nino", "adolescente",
    "hombre", "paciente",
)  # fmt: skip


def _normalizar(nombre):
    texto = unicodedata.normalize("NFKD", str(nombre or "").replace("\xa0", " "))
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", texto).strip().casefold()


def sembrar(apps, schema_editor):
    Meta = apps.get_model("dependencias", "Meta")
    UnidadMedida = apps.get_model("dependencias", "UnidadMedida")
    nuevas = {}
    for nombre in Meta.objects.values_list("unidad_medida", flat=True).distinct():
        limpio = re.sub(r"\s+", " ", nombre or "").strip()
        if limpio:
            nuevas.setdefault(_normalizar(limpio), limpio)
    UnidadMedida.objects.bulk_create(
        UnidadMedida(
            nombre=nombre,
            cuenta_personas=_normalizar(nombre).split(" ")[0].startswith(RAICES_PERSONAS),
        )
        for nombre in nuevas.values()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dependencias", "0005_nombres_sin_formula"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnidadMedida",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nombre", avgm.texto.TextoCorto(max_length=120, unique=True, verbose_name="nombre")),
                ("cuenta_personas", models.BooleanField(default=False, help_text="Cada unidad es una persona atendida, o un caso o queja de una persona: sus cantidades alcanzadas se protegen como conteos de personas al publicar (de 1 a 4 no se muestran).", verbose_name="cuenta personas")),
            ],
            options={
                "verbose_name": "unidad de medida",
                "verbose_name_plural": "unidades de medida",
                "ordering": ["nombre"],
            },
        ),
        migrations.RunPython(sembrar, migrations.RunPython.noop),
    ]
