"""The portal's roles, as Django groups created by a migration."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ENLACE = "Enlace"
ANALISTA = "Analista IMM"
DIRECTIVO = "Directivo"
ADMINISTRADOR = "Administrador"

ROLES = [ENLACE, ANALISTA, DIRECTIVO, ADMINISTRADOR]


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


def es_analista(user) -> bool:
    """Analistas (and superusers) see and review everything."""
    return user.is_authenticated and (user.is_superuser or has_role(user, ANALISTA))


def es_directivo(user) -> bool:
    return has_role(user, DIRECTIVO)


def es_enlace(user) -> bool:
    return has_role(user, ENLACE)


def es_administrador(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, ADMINISTRADOR))


def puede_ver_todo(user) -> bool:
    """Analistas, directivos and administradores read every dependencia."""
    return es_analista(user) or es_directivo(user) or es_administrador(user)


# Model permissions each role gets in the Django admin; nothing gets "delete" (archive law).
PERMISOS = {
    ANALISTA: {
        "avgm": ["recomendacion", "modalidad", "ejetransversal", "ejercicio", "periodo"],
        "dependencias": ["dependencia", "enlace", "tipoaccion", "meta", "programacion"],
        "fichas": ["codigoobservacion"],
    },
    ADMINISTRADOR: {
        "auth": ["user", "group"],
        "dependencias": ["enlace"],
    },
}


def sincronizar_permisos(**kwargs) -> None:
    """Give each role group its admin permissions (run after every migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for rol, apps in PERMISOS.items():
        grupo, _ = Group.objects.get_or_create(name=rol)
        wanted = []
        for app_label, models in apps.items():
            for model in models:
                for action in ("add", "change", "view"):
                    wanted.append((app_label, f"{action}_{model}"))
        perms = Permission.objects.filter(content_type__app_label__in=list(apps)).select_related(
            "content_type"
        )
        by_key = {(p.content_type.app_label, p.codename): p for p in perms}
        grupo.permissions.add(*[by_key[k] for k in wanted if k in by_key])
