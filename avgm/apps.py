from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AvgmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "avgm"
    verbose_name = "Catálogo AVGM"

    def ready(self) -> None:
        from avgm.plataforma import (
            bitacora_cuentas,
            checks,  # noqa: F401 - registers the system checks
            checks_produccion,  # noqa: F401 - registers the production checks
            rescate,
            revision,
        )
        from avgm.plataforma.roles import sincronizar_permisos

        revision.conectar()
        bitacora_cuentas.conectar()
        # On login, the pages where typing kept from an ended session waits for this person.
        user_logged_in.connect(rescate.al_entrar, dispatch_uid="avgm.rescate.al_entrar")

        def sincronizar_en_silencio(**kwargs) -> None:
            # Migrating is not a role change by anyone: keep it out of the bitácora.
            with bitacora_cuentas.sin_senales():
                sincronizar_permisos(**kwargs)

        post_migrate.connect(sincronizar_en_silencio, sender=self, weak=False)
