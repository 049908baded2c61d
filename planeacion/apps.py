from django.apps import AppConfig


class PlaneacionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planeacion"
    verbose_name = "Planeación anual"

    def ready(self) -> None:
        from avgm.plataforma import avisos_inicio
        from planeacion import avisos

        # The enlace's home (fichas, a lower app) shows what the planning round asks of them.
        avisos_inicio.registrar(avisos.pendientes)
