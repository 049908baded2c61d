"""The portal's roles and what each may do: the one vocabulary of capabilities.

Roles are Django groups created by a migration. Views, templates and domain functions never
ask «is this user an analista?»; they ask for a capability (`puede(user, REVISAR)`), so
«who reads everything» has exactly one definition. Object-level scope (which dependencias an
enlace sees or captures) lives in `dependencias.access`, built on `LEER_TODO`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

ENLACE = "Enlace"
ANALISTA = "Analista IMM"
DIRECTIVO = "Directivo"
ADMINISTRADOR = "Administrador"
COORDINACION = "Coordinación estatal"

ROLES = [ENLACE, ANALISTA, DIRECTIVO, ADMINISTRADOR, COORDINACION]

# Capabilities. An enlace has none of them: what it captures is scoped per dependencia.
LEER_TODO = "leer_todo"  # read every dependencia's metas, fichas, reports and dashboards
REVISAR = "revisar"  # review fichas, close periodos, import and manage the catalog
EXPORTAR = "exportar"  # download exports (Excel of fichas, catalog, reports)
PUBLICAR = "publicar"  # write the report's narrative and publish versions
ADMINISTRAR = "administrar"  # Django admin: accounts and roles
LEER_ESTADO = (
    "leer_estado"  # read every municipio under the alert (one at a time) and the state corte
)

CAPACIDADES: dict[str, frozenset[str]] = {
    ANALISTA: frozenset({LEER_TODO, REVISAR, EXPORTAR, PUBLICAR}),
    DIRECTIVO: frozenset({LEER_TODO, EXPORTAR}),
    # The Administrador keeps accounts; it reads no seguimiento data (need-to-know). A person
    # who also reviews gets the Analista group as well.
    ADMINISTRADOR: frozenset({ADMINISTRAR}),
    ENLACE: frozenset(),
    # Reads each municipio as a Directivo does, one at a time (`avgm.plataforma.municipios`),
    # but never a municipio's unpublished narrative nor evidence with personal data.
    COORDINACION: frozenset({LEER_TODO, EXPORTAR, LEER_ESTADO}),
}
TODAS = frozenset().union(*CAPACIDADES.values())

# What a user who lacks a capability is told (403 pages show it).
NEGADO = {
    LEER_TODO: "Esta página es para el personal del IMM y sus directivos.",
    REVISAR: "Solo el personal analista del IMM revisa y administra el catálogo.",
    EXPORTAR: "Solo el personal del IMM y sus directivos descargan estas exportaciones.",
    PUBLICAR: "Solo el personal analista del IMM redacta y publica informes.",
    ADMINISTRAR: "Solo la administración del portal gestiona cuentas.",
    LEER_ESTADO: "Solo la Coordinación estatal consulta todos los municipios de la alerta.",
}


def _group_names(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_avgm_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._avgm_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in _group_names(user)


def es_enlace(user) -> bool:
    """Has the Enlace role (what it may capture still depends on its active dependencias)."""
    return has_role(user, ENLACE)


def capacidades(user) -> frozenset[str]:
    """Every capability of `user`: the union over its roles; a superuser has them all."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return TODAS
    return frozenset().union(*(CAPACIDADES.get(g, frozenset()) for g in _group_names(user)))


def puede(user, capacidad: str) -> bool:
    if capacidad not in TODAS:
        raise ValueError(f"Capacidad desconocida: {capacidad}")
    return capacidad in capacidades(user)


def exigir(user, capacidad: str) -> None:
    """Raise PermissionDenied (403, with a Spanish reason) unless `user` has `capacidad`."""
    if not puede(user, capacidad):
        raise PermissionDenied(NEGADO[capacidad])


def requiere(capacidad: str) -> Callable:
    """View decorator: 403 unless the request's user has `capacidad`."""

    def decorador(vista: Callable) -> Callable:
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            exigir(request.user, capacidad)
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


def roles_que_se_otorga(autor, usuario, *, antes, despues) -> list[str]:
    """The roles (group names) `autor` would grant to itself by moving `usuario` from the
    groups `antes` to `despues`; empty when `usuario` is someone else or nothing is added.

    Nobody grants a role to themselves, superusers included: every role is a privilege here
    (an Analista reviews and publishes, an Administrador keeps accounts, a Directivo reads
    every dependencia, an Enlace captures), so a grant needs a second person who keeps
    accounts, and the bitácora names both. Dropping one's own role is always allowed.
    `autor` None (a shell or a migration: no person identified) is no self-grant; the account
    signals record it without an author.
    """
    if autor is None or not getattr(autor, "is_authenticated", False) or autor.pk != usuario.pk:
        return []
    return sorted(set(despues) - set(antes))


def mensaje_rol_propio(nuevos: list[str]) -> str:
    return (
        f"Nadie se otorga a sí mismo un rol ({', '.join(nuevos)}): pida a otra persona de la "
        "administración que lo haga; quedará en la bitácora con su nombre."
    )


# Model permissions each role gets in the Django admin; nothing gets "delete" (archive law).
PERMISOS = {
    ANALISTA: {
        "avgm": ["recomendacion", "modalidad", "ejetransversal", "ejercicio", "periodo"],
        "dependencias": [
            "dependencia",
            "enlace",
            "tipoaccion",
            "unidadmedida",
            "meta",
            "programacion",
        ],
        "fichas": ["codigoobservacion"],
    },
    ADMINISTRADOR: {
        "auth": ["user", "group"],
        "avgm": ["institucion", "municipio", "adscripcion"],
        "dependencias": ["enlace"],
    },
}


def sincronizar_permisos(using: str = "default", apps=None, **kwargs) -> None:
    """Give each role group its admin permissions (run after every migrate; idempotent).

    Runs on avgm's post_migrate, which fires before that of the apps listed after avgm
    (dependencias, fichas): their permissions are created here first, so the very first
    migrate of an empty database already gives every role all of its permissions.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_label in sorted({label for apps_rol in PERMISOS.values() for label in apps_rol}):
        create_permissions(
            global_apps.get_app_config(app_label),
            verbosity=0,
            using=using,
            apps=apps or global_apps,
        )
    for rol, apps_rol in PERMISOS.items():
        grupo, _ = Group.objects.using(using).get_or_create(name=rol)
        wanted = []
        for app_label, models in apps_rol.items():
            for model in models:
                for action in ("add", "change", "view"):
                    wanted.append((app_label, f"{action}_{model}"))
        perms = (
            Permission.objects.using(using)
            .filter(content_type__app_label__in=list(apps_rol))
            .select_related("content_type")
        )
        by_key = {(p.content_type.app_label, p.codename): p for p in perms}
        grupo.permissions.add(*[by_key[k] for k in wanted if k in by_key])
