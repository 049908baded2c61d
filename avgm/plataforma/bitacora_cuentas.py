"""Account changes in the bitácora: activation, privileges, roles and group permissions.

The admin records each save as one event per kind of change with its author
(`avgm.plataforma.admin_cuentas`, which silences the signals meanwhile); any other path (a shell, a
management command, a future page) is caught here by signals and recorded without an author.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save

from avgm.plataforma import bitacora

# Keys are what the bitácora page shows: readable Spanish.
ACTIVA = "Cuenta activa"
PERSONAL = "Acceso a la administración"
SUPERUSUARIO = "Superusuario"
GRUPOS = "Roles (grupos)"
PERMISOS = "Permisos individuales"
PERMISOS_GRUPO = "Permisos del grupo"
NOMBRE = "Nombre"
ADSCRIPCION = "Municipio de adscripción"

_FLAGS = {"is_active": ACTIVA, "is_staff": PERSONAL, "is_superuser": SUPERUSUARIO}

_callado = contextvars.ContextVar("avgm_bitacora_cuentas_callado", default=False)


@contextlib.contextmanager
def sin_senales() -> Iterator[None]:
    """Let the caller record the change itself (with its author) instead of the signals."""
    token = _callado.set(True)
    try:
        yield
    finally:
        _callado.reset(token)


def _permisos(relacion) -> list[str]:
    return sorted(
        f"{app}.{codename}"
        for app, codename in relacion.values_list("content_type__app_label", "codename")
    )


def _adscripcion(user) -> str | None:
    from avgm.models import Adscripcion

    fila = Adscripcion.objects.filter(usuario=user).select_related("municipio").first()
    return fila.municipio.nombre if fila else None


def estado_usuario(user) -> dict:
    """What the bitácora compares for an account (4 queries)."""
    return {
        ACTIVA: user.is_active,
        PERSONAL: user.is_staff,
        SUPERUSUARIO: user.is_superuser,
        GRUPOS: sorted(user.groups.values_list("name", flat=True)),
        PERMISOS: _permisos(user.user_permissions),
        ADSCRIPCION: _adscripcion(user),
    }


def estado_grupo(group: Group) -> dict:
    return {NOMBRE: group.name, PERMISOS_GRUPO: _permisos(group.permissions)}


def _diferencia(antes: dict, despues: dict, claves) -> tuple[dict, dict]:
    cambiadas = [c for c in claves if c in despues and antes.get(c) != despues.get(c)]
    return {c: antes.get(c) for c in cambiadas}, {c: despues[c] for c in cambiadas}


def registrar_usuario(user, *, antes: dict | None, despues: dict, autor) -> None:
    """Record an account's creation or its changes: activation apart from roles/privileges."""
    nombre = user.get_username()
    if antes is None:
        bitacora.registrar(
            bitacora.Tipo.CUENTA_ACTIVADA if despues.get(ACTIVA) else bitacora.Tipo.ROLES,
            usuario=autor,
            descripcion=f"Cuenta «{nombre}» creada",
            objeto=user,
            despues=despues,
        )
        return
    if ACTIVA in despues and antes.get(ACTIVA) != despues[ACTIVA]:
        activa = despues[ACTIVA]
        bitacora.registrar(
            bitacora.Tipo.CUENTA_ACTIVADA if activa else bitacora.Tipo.CUENTA_DESACTIVADA,
            usuario=autor,
            descripcion=f"Cuenta «{nombre}» {'activada' if activa else 'desactivada'}",
            objeto=user,
            antes={ACTIVA: antes.get(ACTIVA)},
            despues={ACTIVA: activa},
        )
    previo, nuevo = _diferencia(
        antes, despues, [PERSONAL, SUPERUSUARIO, GRUPOS, PERMISOS, ADSCRIPCION]
    )
    if nuevo:
        bitacora.registrar(
            bitacora.Tipo.ROLES,
            usuario=autor,
            descripcion=f"Roles y permisos de «{nombre}»",
            objeto=user,
            antes=previo,
            despues=nuevo,
        )


def registrar_grupo(group: Group, *, antes: dict | None, despues: dict, autor) -> None:
    previo, nuevo = _diferencia(antes or {}, despues, [NOMBRE, PERMISOS_GRUPO])
    if antes is not None and not nuevo:
        return
    bitacora.registrar(
        bitacora.Tipo.ROLES,
        usuario=autor,
        descripcion=f"Grupo «{group.name}» {'creado' if antes is None else 'modificado'}",
        objeto=group,
        antes=previo if antes is not None else None,
        despues=nuevo,
    )


# --- Signals: changes made outside the admin (author unknown) ---


def _usuario_antes_de_guardar(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or _callado.get() or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not set(update_fields) & set(_FLAGS):
        return  # e.g. last_login on every sign-in
    instance._avgm_flags_antes = sender.objects.filter(pk=instance.pk).values(*_FLAGS).first()


def _usuario_guardado(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or _callado.get():
        return
    despues = {etiqueta: getattr(instance, campo) for campo, etiqueta in _FLAGS.items()}
    if created:
        registrar_usuario(instance, antes=None, despues=despues, autor=None)
        return
    previos = instance.__dict__.pop("_avgm_flags_antes", None)
    if previos is not None:
        antes = {etiqueta: previos[campo] for campo, etiqueta in _FLAGS.items()}
        registrar_usuario(instance, antes=antes, despues=despues, autor=None)


def _grupo_antes_de_guardar(sender, instance, raw=False, **kwargs) -> None:
    if raw or _callado.get() or instance.pk is None or instance._state.adding:
        return
    instance._avgm_nombre_antes = (
        sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def _grupo_guardado(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or _callado.get():
        return
    previo = instance.__dict__.pop("_avgm_nombre_antes", None)
    if created or previo is not None:
        antes = None if created else {NOMBRE: previo}
        registrar_grupo(instance, antes=antes, despues={NOMBRE: instance.name}, autor=None)


def _m2m(dueno, campo: str, etiqueta: str, valores, registrar):
    """A receiver for one many-to-many field of `dueno` (User or Group), from either side."""

    def receptor(sender, instance, action, reverse, pk_set, **kwargs) -> None:
        if _callado.get():
            return
        fase, _, operacion = action.partition("_")
        if fase == "pre":
            if not reverse:
                duenos = [instance]
            elif pk_set:
                duenos = list(dueno.objects.filter(pk__in=pk_set))
            else:
                duenos = list(dueno.objects.filter(**{campo: instance}))
            instance._avgm_m2m_antes = [(d, valores(d)) for d in duenos]
            return
        for d, antes in instance.__dict__.pop("_avgm_m2m_antes", []):
            despues = valores(d)
            if antes != despues:
                registrar(d, antes={etiqueta: antes}, despues={etiqueta: despues}, autor=None)

    return receptor


def conectar() -> None:
    """Connect the account signals (called once from AvgmConfig.ready)."""
    User = get_user_model()
    pre_save.connect(
        _usuario_antes_de_guardar, sender=User, dispatch_uid="avgm.plataforma.cuentas.pre"
    )
    post_save.connect(_usuario_guardado, sender=User, dispatch_uid="avgm.plataforma.cuentas.post")
    pre_save.connect(
        _grupo_antes_de_guardar, sender=Group, dispatch_uid="avgm.plataforma.cuentas.gpre"
    )
    post_save.connect(_grupo_guardado, sender=Group, dispatch_uid="avgm.plataforma.cuentas.gpost")
    relaciones = [
        (User.groups.through, User, "groups", GRUPOS, lambda u: sorted(u.groups.values_list("name", flat=True)), registrar_usuario),
        (User.user_permissions.through, User, "user_permissions", PERMISOS, lambda u: _permisos(u.user_permissions), registrar_usuario),
        (Group.permissions.through, Group, "permissions", PERMISOS_GRUPO, lambda g: _permisos(g.permissions), registrar_grupo),
    ]  # fmt: skip
    for through, dueno, campo, etiqueta, valores, registrar in relaciones:
        m2m_changed.connect(
            _m2m(dueno, campo, etiqueta, valores, registrar),
            sender=through,
            weak=False,  # the receiver is a closure nobody else holds
            dispatch_uid=f"avgm.plataforma.cuentas.{campo}",
        )
