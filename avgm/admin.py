"""Admin of the AVGM catalog: recomendaciones, modalidades, ejes, ejercicios, periodos, and
the municipios under the alert.

The declaratoria (recomendaciones and their catalogs) is shared by every municipio; an
ejercicio and its periodos are one municipio's, so a person who is not a superuser lists,
chooses and creates them only in the municipio it works in (`municipios.municipio_de`).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from avgm.models import (
    Ejercicio,
    EjeTransversal,
    EventoBitacora,
    Institucion,
    Modalidad,
    Municipio,
    Periodo,
    Recomendacion,
)
from avgm.plataforma import bitacora, municipios, roles
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


class DelMunicipio:
    """Rows of one municipio: a person who is not a superuser reads and chooses only those of
    the municipio it works in (none when it works in none)."""

    # The lookup from the model to its municipio.
    ruta_municipio = "municipio"

    def get_queryset(self, request):
        consulta = super().get_queryset(request)
        if request.user.is_superuser:
            return consulta
        municipio = municipios.municipio_de(request.user)
        if municipio is None:
            return consulta.none()
        return consulta.filter(**{self.ruta_municipio: municipio.pk})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Ejercicio and not request.user.is_superuser:
            kwargs["queryset"] = Ejercicio.objects.de(municipios.municipio_de(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Ejercicio)
class EjercicioAdmin(DelMunicipio, DominioAdmin):
    list_display = ["anio", "nombre"]
    inlines = [PeriodoInline]

    def get_list_display(self, request):
        if request.user.is_superuser and municipios.varios():
            return ["anio", "nombre", "municipio"]
        return self.list_display

    def get_exclude(self, request, obj=None):
        # A superuser places the ejercicio; anyone else creates it in its own municipio.
        return [] if request.user.is_superuser else ["municipio"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulario = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return formulario
        municipio = obj.municipio if obj is not None else municipios.municipio_de(request.user)

        class EnSuMunicipio(formulario):
            def clean_anio(self):
                anio = self.cleaned_data["anio"]
                if municipio is None:
                    raise ValidationError(
                        "Su cuenta no está adscrita a ningún municipio.", code="sin_municipio"
                    )
                otros = Ejercicio.objects.filter(municipio=municipio, anio=anio)
                if obj is not None:
                    otros = otros.exclude(pk=obj.pk)
                if otros.exists():
                    raise ValidationError(
                        f"{municipio.nombre} ya tiene el ejercicio {anio}.", code="repetido"
                    )
                self.instance.municipio = municipio
                return anio

        return EnSuMunicipio

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # Creating an ejercicio creates its trimestres T1–T4 with their deadlines.
        obj.crear_periodos()


@admin.register(Periodo)
class PeriodoAdmin(DelMunicipio, DominioAdmin):
    ruta_municipio = "ejercicio__municipio"
    list_display = ["__str__", "inicio", "fin", "fecha_limite", "cerrado"]
    list_filter = ["ejercicio", "cerrado"]
    readonly_fields = SOLO_EN_EL_PORTAL

    def get_list_filter(self, request):
        # The ejercicio filter lists every ejercicio: only a superuser chooses among all.
        return self.list_filter if request.user.is_superuser else ["cerrado"]


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

    def get_queryset(self, request):
        user = request.user
        return bitacora.visibles(super().get_queryset(request), user, municipios.municipio_de(user))

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
class InstitucionAdmin(DelMunicipio, DominioAdmin):
    """One row per municipio, made with it: editable, never added here; anyone but a
    superuser edits only its own municipio's."""

    ruta_municipio = "municipio_de_seguimiento"

    list_display = ["nombre", "municipio", "administracion", "actualizada_en"]

    def has_add_permission(self, request) -> bool:
        return False


class MunicipioForm(forms.ModelForm):
    class Meta:
        model = Municipio
        fields = ["nombre", "clave", "demostracion", "orden"]


@admin.register(Municipio)
class MunicipioAdmin(DominioAdmin):
    """A municipio joins the alert here, with its institution (edited under «Instituciones»);
    none leaves it (nothing is deleted)."""

    form = MunicipioForm
    list_display = ["nombre", "clave", "demostracion", "orden"]
    prepopulated_fields = {"clave": ["nombre"]}

    def get_readonly_fields(self, request, obj=None):
        # The micrositio's addresses carry the clave: it never changes once saved.
        return ["clave"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.institucion = Institucion.objects.create(
                nombre=f"Instituto Municipal de las Mujeres de {obj.nombre}", municipio=obj.nombre
            )
        super().save_model(request, obj, form, change)
