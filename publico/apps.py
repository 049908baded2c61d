from django.apps import AppConfig


class PublicoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publico"
    verbose_name = "Micrositio público"
