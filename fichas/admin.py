"""Admin of the fichas' catalogs; fichas themselves are worked in the portal, read here."""

from django.contrib import admin

from avgm.admin import DominioAdmin
from fichas.models import CodigoObservacion, FichaTecnica


@admin.register(CodigoObservacion)
class CodigoObservacionAdmin(DominioAdmin):
    list_display = ["nombre", "clave", "uso", "activo", "orden"]
    list_editable = ["activo", "orden"]
    list_filter = ["uso", "activo"]


@admin.register(FichaTecnica)
class FichaTecnicaAdmin(DominioAdmin):
    """Read-only: every change to a ficha goes through the workflow and is recorded."""

    list_display = ["__str__", "estado", "cantidad_alcanzada", "primer_envio_en", "aprobada_en"]
    list_filter = ["estado", "periodo", "meta__dependencia"]
    search_fields = ["meta__clave", "meta__descripcion", "meta__dependencia__siglas"]
    list_select_related = ["meta__dependencia", "periodo__ejercicio"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
