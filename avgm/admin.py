"""Admin of the AVGM catalog: recomendaciones, modalidades, ejes, ejercicios, periodos."""

from django.contrib import admin

from avgm.models import (
    Ejercicio,
    EjeTransversal,
    EventoBitacora,
    Institucion,
    Modalidad,
    Periodo,
    Recomendacion,
)
from avgm.plataforma import roles
from avgm.plataforma.admin_bitacora import ConBitacora

# Nothing is ever hard-deleted (municipal archive law).
admin.site.disable_action("delete_selected")


class DominioAdmin(ConBitacora, admin.ModelAdmin):
    """Base admin of every domain model: records are withdrawn or edited, never deleted, and
    every save is recorded in the bitácora (who, when, before → after).

    docs/arquitectura.md («La administración de Django») says which models are edited here
    and which only read, and why.
    """

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Modalidad, EjeTransversal)
class CatalogoAdmin(DominioAdmin):
    list_display = ["nombre", "nombre_corto", "orden"]
    list_editable = ["orden"]
    search_fields = ["nombre"]


@admin.register(Recomendacion)
class RecomendacionAdmin(DominioAdmin):
    list_display = ["clave", "texto_corto", "tipo", "vigente_desde", "vigente_hasta"]
    list_filter = ["tipo", "modalidades", "ejes", "vigente_desde"]
    search_fields = ["clave", "texto"]
    filter_horizontal = ["modalidades", "ejes"]

    @admin.display(description="recomendación")
    def texto_corto(self, obj: Recomendacion) -> str:
        return obj.texto[:100]


# A periodo is closed and reopened only in the portal (/fichas/periodos/), whose step checks
# the role and writes its own bitácora event; here «cerrado» is only shown.
SOLO_EN_EL_PORTAL = ["cerrado"]


class PeriodoInline(admin.TabularInline):
    model = Periodo
    extra = 0
    fields = ["numero", "inicio", "fin", "fecha_limite", "cerrado"]
    readonly_fields = SOLO_EN_EL_PORTAL
    can_delete = False


@admin.register(Ejercicio)
class EjercicioAdmin(DominioAdmin):
    list_display = ["anio", "nombre"]
    inlines = [PeriodoInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # Creating an ejercicio creates its trimestres T1–T4 with their deadlines.
        obj.crear_periodos()


@admin.register(Periodo)
class PeriodoAdmin(DominioAdmin):
    list_display = ["__str__", "inicio", "fin", "fecha_limite", "cerrado"]
    list_filter = ["ejercicio", "cerrado"]
    readonly_fields = SOLO_EN_EL_PORTAL


@admin.register(EventoBitacora)
class EventoBitacoraAdmin(admin.ModelAdmin):
    """The bitácora is read here and nothing more: no one adds, changes or deletes an event."""

    list_display = ["fecha", "tipo", "usuario", "descripcion"]
    list_filter = ["tipo", "fecha"]
    list_select_related = ["usuario"]
    search_fields = ["descripcion", "usuario__username"]
    date_hierarchy = "fecha"
    readonly_fields = [f.name for f in EventoBitacora._meta.fields]

    def get_actions(self, request):
        return {}

    def has_view_permission(self, request, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and roles.puede(request.user, roles.REVISAR)
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Accounts, roles and login records (no deletes, no self-escalation).
from avgm.plataforma import admin_cuentas  # noqa: E402, F401


@admin.register(Institucion)
class InstitucionAdmin(DominioAdmin):
    """One row per municipio, made with it: editable, never added here."""

    list_display = ["nombre", "municipio", "administracion", "actualizada_en"]

    def has_add_permission(self, request) -> bool:
        return False
