"""Admin of the AVGM catalog: recomendaciones, modalidades, ejes, ejercicios, periodos, and
the municipios under the alert.

The declaratoria (recomendaciones and their catalogs) is shared by every municipio: with
several, only a superuser changes it (`CatalogoComun`). An ejercicio and its periodos are one
municipio's, so a person who is not a superuser lists, chooses and creates them only in the
municipio it works in (`municipios.municipio_de`); every app's admin of one municipio's rows
narrows them the same way (`DelMunicipio`).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

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


class CatalogoComun:
    """An admin of the declaratoria, shared by every municipio: read by anyone who may, changed
    only by whom `municipios.cambia_la_declaratoria` lets (a superuser, when there are several
    municipios); anyone else is told why the form is read-only."""

    def has_add_permission(self, request, *args) -> bool:
        return municipios.cambia_la_declaratoria(request.user) and super().has_add_permission(
            request, *args
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return municipios.cambia_la_declaratoria(request.user) and super().has_change_permission(
            request, obj
        )

    def _avisar_si_es_comun(self, request) -> None:
        if request.method == "GET" and not municipios.cambia_la_declaratoria(request.user):
            messages.info(request, municipios.DECLARATORIA_COMUN)

    def changelist_view(self, request, extra_context=None):
        self._avisar_si_es_comun(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._avisar_si_es_comun(request)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Modalidad, EjeTransversal)
class CatalogoAdmin(CatalogoComun, DominioAdmin):
    list_display = ["nombre", "nombre_corto", "orden"]
    list_editable = ["orden"]
    search_fields = ["nombre"]


@admin.register(Recomendacion)
class RecomendacionAdmin(CatalogoComun, DominioAdmin):
    list_display = ["clave", "texto_corto", "tipo", "vigente_desde", "vigente_hasta"]
    list_filter = ["tipo", "modalidades", "ejes", "vigente_desde"]
    search_fields = ["clave", "texto"]
    filter_horizontal = ["modalidades", "ejes"]

    def get_search_results(self, request, queryset, search_term):
        consulta, repetidas = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete") and not request.user.is_superuser:
            # Offered to a meta of the municipio: only those that apply to it.
            propias = _recomendaciones_de(municipios.municipio_de(request.user))
            consulta = consulta.filter(pk__in=propias.values("pk"))
        return consulta, repetidas

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
    """An admin (or inline) of one municipio's rows: a person who is not a superuser lists,
    opens and chooses only those of the municipio it works in (none when it works in none);
    another municipio's row answers 404.

    `ruta` is the lookup from the model to its municipio. A foreign key's choices are
    narrowed the same way when they are municipios, accounts (`usuarios_del_municipio`) or
    rows of a model whose own admin is a `DelMunicipio` (its `ruta`, its `relacionados`
    joined for their labels).
    """

    ruta = "municipio"
    relacionados: tuple[str, ...] = ()

    def get_queryset(self, request):
        consulta = super().get_queryset(request)
        if request.user.is_superuser:
            return consulta
        return _del_municipio(consulta, self.ruta, municipios.municipio_de(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            opciones = self.opciones(db_field.related_model, municipios.municipio_de(request.user))
            if opciones is not None:
                kwargs["queryset"] = opciones
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The recomendaciones a row of the municipio may point to: those that apply to it.
        if db_field.related_model is Recomendacion and not request.user.is_superuser:
            kwargs["queryset"] = _recomendaciones_de(municipios.municipio_de(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def opciones(self, modelo, municipio):
        """`modelo`'s rows a person of `municipio` chooses; None when they are not one
        municipio's (the shared catalog)."""
        if modelo is Municipio:
            return Municipio.objects.filter(pk=municipio.pk if municipio else None)
        if modelo is get_user_model():
            return municipios.usuarios_del_municipio(municipio)
        suyo = self.admin_site._registry.get(modelo)
        if isinstance(suyo, DelMunicipio):
            consulta = modelo._default_manager.select_related(*suyo.relacionados)
            return _del_municipio(consulta, suyo.ruta, municipio)
        return None


def _recomendaciones_de(municipio):
    consulta = Recomendacion.objects.all()
    return consulta.de_municipio(municipio) if municipio else consulta.none()


def _del_municipio(consulta, ruta: str, municipio):
    return consulta.filter(**{ruta: municipio.pk}) if municipio else consulta.none()


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
    ruta = "ejercicio__municipio"
    relacionados = ("ejercicio",)
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

    ruta = "municipio_de_seguimiento"

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
