from django.apps import AppConfig


class DependenciasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dependencias"
    verbose_name = "Dependencias y metas"
