"""Admin of dependencias, enlaces, tipos de acción and metas with their programación."""

from django.contrib import admin

from avgm.admin import DominioAdmin
from dependencias.models import Dependencia, Enlace, Meta, Programacion, TipoAccion


class EnlaceInline(admin.TabularInline):
    model = Enlace
    extra = 0
    fields = ["usuario", "activo", "desde", "hasta"]
    readonly_fields = ["desde"]
    autocomplete_fields = ["usuario"]
    can_delete = False


@admin.register(Dependencia)
class DependenciaAdmin(DominioAdmin):
    list_display = ["siglas", "nombre", "titular", "titular_email", "activa"]
    list_filter = ["activa"]
    search_fields = ["siglas", "nombre", "titular"]
    inlines = [EnlaceInline]


@admin.register(Enlace)
class EnlaceAdmin(DominioAdmin):
    list_display = ["usuario", "dependencia", "activo", "desde", "hasta"]
    list_filter = ["activo", "dependencia"]
    search_fields = [
        "usuario__username",
        "usuario__first_name",
        "usuario__last_name",
        "dependencia__siglas",
    ]
    autocomplete_fields = ["usuario", "dependencia"]


@admin.register(TipoAccion)
class TipoAccionAdmin(DominioAdmin):
    list_display = ["nombre", "orden"]
    search_fields = ["nombre"]


class ProgramacionInline(admin.TabularInline):
    model = Programacion
    extra = 0
    fields = ["periodo", "cantidad"]
    can_delete = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "periodo":
            kwargs["queryset"] = db_field.related_model.objects.select_related("ejercicio")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meta)
class MetaAdmin(DominioAdmin):
    list_display = [
        "clave",
        "descripcion_corta",
        "dependencia",
        "tipo_accion",
        "ejercicio",
        "activa",
    ]
    list_filter = ["ejercicio", "activa", "tipo_accion", "dependencia"]
    search_fields = [
        "clave",
        "descripcion",
        "linea_accion",
        "dependencia__siglas",
        "recomendaciones__clave",
    ]
    list_select_related = ["dependencia", "tipo_accion", "ejercicio"]
    autocomplete_fields = ["dependencia", "recomendaciones", "tipo_accion"]
    inlines = [ProgramacionInline]

    @admin.display(description="meta")
    def descripcion_corta(self, obj: Meta) -> str:
        return obj.descripcion[:100]
