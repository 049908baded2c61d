from django.apps import AppConfig


class PlaneacionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planeacion"
    verbose_name = "Planeación anual"
