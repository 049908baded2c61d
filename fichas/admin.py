"""Admin of the fichas' catalogs; fichas themselves are worked in the portal, read here.

The códigos de observación belong to the shared declaratoria (`CatalogoComun`); a ficha is
one municipio's and read only by its people (`DelMunicipio`).
"""

from django.contrib import admin

from avgm.admin import CatalogoComun, DelMunicipio, DominioAdmin
from fichas.models import CodigoObservacion, FichaTecnica


@admin.register(CodigoObservacion)
class CodigoObservacionAdmin(CatalogoComun, DominioAdmin):
    list_display = ["nombre", "clave", "uso", "activo", "orden"]
    list_editable = ["activo", "orden"]
    list_filter = ["uso", "activo"]


@admin.register(FichaTecnica)
class FichaTecnicaAdmin(DelMunicipio, DominioAdmin):
    """Read-only: every change to a ficha goes through the workflow and is recorded."""

    ruta = "meta__dependencia__municipio"
    list_display = ["__str__", "estado", "cantidad_alcanzada", "primer_envio_en", "aprobada_en"]
    # Only the periodos and dependencias of the fichas listed: another municipio's never
    # show as filter choices.
    list_filter = [
        "estado",
        ("periodo", admin.RelatedOnlyFieldListFilter),
        ("meta__dependencia", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["meta__clave", "meta__descripcion", "meta__dependencia__siglas"]
    list_select_related = ["meta__dependencia", "periodo__ejercicio"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
