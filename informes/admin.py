"""Admin of the report: read-only; narrative and publishing happen in the portal.

A corte is one municipio's (its ejercicio's): a person who is not a superuser reads only its
own municipio's (`avgm.admin.DelMunicipio`); another's answer 404.
"""

from django.contrib import admin

from avgm.admin import DelMunicipio, DominioAdmin
from informes.models import InformePublicado, NarrativaCorte


class SoloLecturaAdmin(DelMunicipio, DominioAdmin):
    ruta = "ejercicio__municipio"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InformePublicado)
class InformePublicadoAdmin(SoloLecturaAdmin):
    """Published versions are frozen: never edited or deleted, corrected by a new version."""

    list_display = ["__str__", "version", "publicado_en", "publicado_por", "paginas", "sha256"]
    list_filter = [("ejercicio", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["ejercicio", "hasta", "publicado_por"]


@admin.register(NarrativaCorte)
class NarrativaCorteAdmin(SoloLecturaAdmin):
    list_display = ["__str__", "actualizada_en", "actualizada_por"]
    list_select_related = ["ejercicio", "hasta", "actualizada_por"]
