"""Admin of dependencias, enlaces, tipos de acción and metas with their programación.

A superuser administers every municipio; anyone else lists, edits and chooses only the rows
of the municipio it works in (`avgm.admin.DelMunicipio`): another municipio's rows answer 404.
Tipos de acción and unidades de medida belong to the shared declaratoria (`CatalogoComun`).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from avgm.admin import CatalogoComun, DelMunicipio, DominioAdmin
from dependencias.models import (
    CAMPOS_DEL_ACUERDO,
    POR_SOLICITUD,
    Dependencia,
    Enlace,
    Meta,
    Programacion,
    TipoAccion,
    UnidadMedida,
)


def sin_enlace_propio(formulario, autor):
    """`formulario` refusing to make `autor` an active enlace: the link gives what a role
    gives (a dependencia's fichas to read and capture), so, like a role, another person
    grants it (avgm.plataforma.roles.roles_que_se_otorga)."""

    class SinEnlacePropio(formulario):
        def clean(self):
            datos = super().clean()
            usuario = datos.get("usuario")
            nuevo = self.instance._state.adding or {"usuario", "activo"} & set(self.changed_data)
            if usuario is not None and usuario.pk == autor.pk and datos.get("activo") and nuevo:
                raise ValidationError(
                    "Nadie se nombra a sí mismo enlace de una dependencia: pida a otra persona "
                    "de la administración que lo haga; quedará en la bitácora con su nombre.",
                    code="enlace_propio",
                )
            return datos

    return SinEnlacePropio


class EnlaceInline(DelMunicipio, admin.TabularInline):
    ruta = "dependencia__municipio"
    model = Enlace
    extra = 0
    fields = ["usuario", "activo", "desde", "hasta"]
    readonly_fields = ["desde"]
    autocomplete_fields = ["usuario"]
    can_delete = False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = sin_enlace_propio(formset.form, request.user)
        return formset


@admin.register(Dependencia)
class DependenciaAdmin(DelMunicipio, DominioAdmin):
    list_display = ["siglas", "nombre", "titular", "titular_email", "activa"]
    list_filter = ["activa"]
    search_fields = ["siglas", "nombre", "titular"]
    inlines = [EnlaceInline]


@admin.register(Enlace)
class EnlaceAdmin(DelMunicipio, DominioAdmin):
    ruta = "dependencia__municipio"
    list_display = ["usuario", "dependencia", "activo", "desde", "hasta"]
    # Only the dependencias listed (another municipio's names never show as filter choices).
    list_filter = ["activo", ("dependencia", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "usuario__username",
        "usuario__first_name",
        "usuario__last_name",
        "dependencia__siglas",
    ]
    autocomplete_fields = ["usuario", "dependencia"]

    def get_form(self, request, obj=None, **kwargs):
        return sin_enlace_propio(super().get_form(request, obj, **kwargs), request.user)


@admin.register(TipoAccion)
class TipoAccionAdmin(CatalogoComun, DominioAdmin):
    list_display = ["nombre", "orden"]
    search_fields = ["nombre"]


class ProgramacionInline(DelMunicipio, admin.TabularInline):
    model = Programacion
    ruta = "meta__dependencia__municipio"
    extra = 0
    fields = ["periodo", "cantidad"]
    can_delete = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "periodo":
            kwargs["queryset"] = db_field.related_model.objects.select_related("ejercicio")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # `obj` is the meta: an agreed one shows its programación and nothing more.
    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj and obj.acordada) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj and obj.acordada) and super().has_change_permission(request, obj)


@admin.register(Meta)
class MetaAdmin(DelMunicipio, DominioAdmin):
    ruta = "dependencia__municipio"
    list_display = [
        "clave",
        "descripcion_corta",
        "dependencia",
        "tipo_accion",
        "ejercicio",
        "activa",
    ]
    list_filter = [
        ("ejercicio", admin.RelatedOnlyFieldListFilter),
        "activa",
        "tipo_accion",
        ("dependencia", admin.RelatedOnlyFieldListFilter),
    ]
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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.acordada:
            return [
                *super().get_readonly_fields(request, obj),
                *CAMPOS_DEL_ACUERDO,
                "recomendaciones",
            ]
        return super().get_readonly_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.acordada:
            return fieldsets
        (nombre, opciones), *resto = fieldsets
        acordada = timezone.localtime(obj.acordada_en)
        aviso = (
            f"Meta acordada con el IMM el {acordada:%d/%m/%Y}. Su dependencia, ejercicio y "
            "clave, quién la propuso y quién la acordó ya no cambian; su programación y sus "
            f"recomendaciones solo cambian {POR_SOLICITUD}. Aquí se corrigen la redacción, "
            "el tipo de acción, la unidad de medida y si está activa, y cada cambio queda en "
            "la bitácora."
        )
        return [(nombre, {**opciones, "description": aviso}), *resto]


@admin.register(UnidadMedida)
class UnidadMedidaAdmin(CatalogoComun, DominioAdmin):
    """Whether a unit counts people decides what a publication protects: every change goes
    to the bitácora with its before and after (DominioAdmin)."""

    list_display = ["nombre", "cuenta_personas"]
    list_filter = ["cuenta_personas"]
    search_fields = ["nombre"]
