from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AvgmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "avgm"
    verbose_name = "Catálogo AVGM"

    def ready(self) -> None:
        from avgm import (
            checks,  # noqa: F401 - registers the system checks
            checks_produccion,  # noqa: F401 - registers the production checks
            revision,
        )
        from avgm.roles import sincronizar_permisos

        revision.conectar()

        post_migrate.connect(sincronizar_permisos, sender=self)
