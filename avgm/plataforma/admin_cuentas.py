"""Admin of accounts, roles and login records: nothing deleted, nobody escalates themselves.

Users are deactivated, never deleted (deleting one would also erase its admin history);
groups and django-axes login records are kept too. An «Administrador» who is not a superuser
manages accounts and roles but never sees superuser status or individual permissions, never
changes what a group may do, and cannot edit a superuser's account. Nobody, superusers
included, adds a role to their own account: another person does it
(`roles.roles_que_se_otorga`); nor does anyone change their own adscripción (the municipio
whose data they read). An Administrador who is not a superuser, in a deployment with several
municipios, lists the accounts of its municipio and those not yet adscribed, and adscribes
them only to its municipio; the account chooser of another admin (an enlace's «usuario»)
offers only the accounts it may choose there (`municipios.usuarios_del_municipio`). Every
saved account or group is recorded in the bitácora with
its author (the adscripción with the roles).
"""

from __future__ import annotations

from axes import admin as axes_admin  # registers the axes models, replaced below
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from avgm.models import Adscripcion, Municipio
from avgm.plataforma import municipios, roles
from avgm.plataforma.bitacora_cuentas import (
    estado_grupo,
    estado_usuario,
    registrar_grupo,
    registrar_usuario,
    sin_senales,
)

User = get_user_model()

# Only a superuser grants these: they reach beyond the roles the portal defines.
CAMPOS_DE_SUPERUSUARIO = {"is_superuser", "user_permissions"}


class SinBorrar:
    """Nothing here is deleted from the admin, one by one or in bulk."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        acciones = super().get_actions(request)
        acciones.pop("delete_selected", None)
        return acciones


class AdscripcionInline(admin.StackedInline):
    """The municipio the account works in: changed, never removed (it would read nothing)."""

    model = Adscripcion
    extra = 0
    max_num = 1
    can_delete = False
    verbose_name = "municipio de adscripción"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Municipio and not request.user.is_superuser:
            propio = municipios.municipio_de(request.user)
            kwargs["queryset"] = Municipio.objects.filter(pk=propio.pk if propio else None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        autor = request.user

        class SinAdscripcionPropia(formset):
            def clean(self):
                super().clean()
                if obj is None or obj.pk != autor.pk:
                    return
                if any(f.has_changed() for f in self.forms):
                    raise ValidationError(
                        "Nadie cambia su propio municipio de adscripción: pídalo a otra persona"
                        " de la administración.",
                        code="adscripcion_propia",
                    )

        return SinAdscripcionPropia


class CuentaAdmin(SinBorrar, UserAdmin):
    inlines = [AdscripcionInline]

    def get_queryset(self, request):
        consulta = super().get_queryset(request)
        if request.user.is_superuser or not municipios.varios():
            return consulta
        propio = municipios.municipio_de(request.user)
        return consulta.filter(Q(adscripcion__municipio=propio) | Q(adscripcion__isnull=True))

    def get_search_results(self, request, queryset, search_term):
        consulta, repetidas = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete") and not request.user.is_superuser:
            # Accounts offered to another admin's form (an enlace's «usuario»): only those
            # that form accepts, never another municipio's people nor unadscribed ones.
            propias = municipios.usuarios_del_municipio(municipios.municipio_de(request.user))
            consulta = consulta.filter(pk__in=propias.values("pk"))
        return consulta, repetidas

    def get_inlines(self, request, obj):
        # A new account gets its adscripción once saved (the add form asks only for the
        # password); a deployment with one municipio needs none.
        return self.inlines if obj is not None and municipios.varios() else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (nombre, {**opciones, "fields": [f for f in opciones["fields"] if f not in CAMPOS_DE_SUPERUSUARIO]})
            for nombre, opciones in fieldsets
        ]  # fmt: skip

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulario = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return formulario  # a new account is never its author
        antes = set(obj.groups.values_list("name", flat=True))

        class SinRolPropio(formulario):
            def clean_groups(self):
                grupos = self.cleaned_data["groups"]
                despues = {g.name for g in grupos}
                if nuevos := roles.roles_que_se_otorga(
                    request.user, obj, antes=antes, despues=despues
                ):
                    raise ValidationError(roles.mensaje_rol_propio(nuevos), code="rol_propio")
                return grupos

        return SinRolPropio

    def save_model(self, request, obj, form, change) -> None:
        obj._avgm_antes = estado_usuario(User.objects.get(pk=obj.pk)) if change else None
        with sin_senales():
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        with sin_senales():
            super().save_related(request, form, formsets, change)
        cuenta = form.instance
        registrar_usuario(
            cuenta,
            antes=cuenta.__dict__.pop("_avgm_antes", None),
            despues=estado_usuario(cuenta),
            autor=request.user,
        )


class GrupoAdmin(SinBorrar, GroupAdmin):
    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fields(request, obj)
        return ["name"]

    def get_readonly_fields(self, request, obj=None):
        # Roles are found by their group's name: renaming one would silently drop a role.
        if obj is not None and obj.name in roles.ROLES:
            return ["name"]
        return []

    def save_model(self, request, obj, form, change) -> None:
        obj._avgm_antes = estado_grupo(Group.objects.get(pk=obj.pk)) if change else None
        with sin_senales():
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        with sin_senales():
            super().save_related(request, form, formsets, change)
        grupo = form.instance
        registrar_grupo(
            grupo,
            antes=grupo.__dict__.pop("_avgm_antes", None),
            despues=estado_grupo(grupo),
            autor=request.user,
        )


class RegistroDeAccesoMixin(SinBorrar):
    """Login records are evidence: read them, never change or delete them."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}  # axes' «clean up expired attempts» deletes records


for modelo, clase in [
    (User, CuentaAdmin),
    (Group, GrupoAdmin),
    (AccessAttempt, type("IntentoAccesoAdmin", (RegistroDeAccesoMixin, axes_admin.AccessAttemptAdmin), {})),
    (AccessLog, type("BitacoraAccesoAdmin", (RegistroDeAccesoMixin, axes_admin.AccessLogAdmin), {})),
    (AccessFailureLog, type("FalloAccesoAdmin", (RegistroDeAccesoMixin, axes_admin.AccessFailureLogAdmin), {})),
]:  # fmt: skip
    if admin.site.is_registered(modelo):
        admin.site.unregister(modelo)
    admin.site.register(modelo, clase)
