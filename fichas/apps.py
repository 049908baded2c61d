from django.apps import AppConfig


class FichasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fichas"
    verbose_name = "Fichas técnicas"
