"""Account activation, privileges, roles and group permissions are written to the bitácora.

From the admin the author is the signed-in person; from any other path (shell, command) the
change is caught by signals and recorded without an author.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from avgm.models import EventoBitacora
from avgm.plataforma import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo


@pytest.fixture
def persona(db):
    return UserFactory(username="maria", first_name="María", last_name="López")


@pytest.fixture
def superusuario(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _nuevos(desde: int):
    return EventoBitacora.objects.filter(pk__gt=desde).order_by("pk")


def _ultimo_pk() -> int:
    return EventoBitacora.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _formulario_usuario(user, **cambios) -> dict:
    datos = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2022",
        "date_joined_1": "00:00:00",
    }
    datos.update(cambios)
    return {k: v for k, v in datos.items() if v not in ("", None)}


def test_deactivating_and_reactivating_elsewhere_is_recorded_without_an_author(persona):
    inicio = _ultimo_pk()
    persona.is_active = False
    persona.save()
    persona.is_active = True
    persona.save()
    baja, alta = _nuevos(inicio)
    assert (baja.tipo, baja.usuario, baja.objeto_id) == (
        Tipo.CUENTA_DESACTIVADA,
        None,
        str(persona.pk),
    )
    assert (baja.antes, baja.despues) == ({"Cuenta activa": True}, {"Cuenta activa": False})
    assert (alta.tipo, alta.antes, alta.despues) == (
        Tipo.CUENTA_ACTIVADA,
        {"Cuenta activa": False},
        {"Cuenta activa": True},
    )


def test_a_new_account_is_recorded_as_activated(db):
    inicio = _ultimo_pk()
    nueva = UserFactory(username="nueva")
    creada = _nuevos(inicio).first()
    assert creada.tipo == Tipo.CUENTA_ACTIVADA
    assert creada.objeto_id == str(nueva.pk)
    assert creada.antes is None and creada.despues["Cuenta activa"] is True


def test_group_membership_from_either_side_is_recorded_before_and_after(persona):
    analistas = Group.objects.get(name=roles.ANALISTA)
    directivos = Group.objects.get(name=roles.DIRECTIVO)
    inicio = _ultimo_pk()
    persona.groups.add(analistas)
    directivos.user_set.add(persona)
    persona.groups.clear()
    agregado, inverso, limpiado = _nuevos(inicio)
    assert {e.tipo for e in (agregado, inverso, limpiado)} == {Tipo.ROLES}
    assert agregado.antes == {"Roles (grupos)": []}
    assert agregado.despues == {"Roles (grupos)": [roles.ANALISTA]}
    assert inverso.objeto_id == str(persona.pk)
    assert inverso.despues == {"Roles (grupos)": [roles.ANALISTA, roles.DIRECTIVO]}
    assert limpiado.antes == {"Roles (grupos)": [roles.ANALISTA, roles.DIRECTIVO]}
    assert limpiado.despues == {"Roles (grupos)": []}
    assert limpiado.usuario is None


def test_superuser_flag_and_group_permissions_elsewhere_are_recorded(persona):
    inicio = _ultimo_pk()
    persona.is_superuser = True
    persona.save()
    grupo = Group.objects.create(name="Capturistas")
    grupo.permissions.add(Permission.objects.get(codename="view_dependencia"))
    grupo.name = "Capturistas IMM"
    grupo.save()
    flag, creado, permisos, renombrado = _nuevos(inicio)
    assert flag.tipo == Tipo.ROLES
    assert (flag.antes, flag.despues) == ({"Superusuario": False}, {"Superusuario": True})
    assert creado.objeto_tipo == "auth.group" and creado.antes is None
    assert permisos.antes == {"Permisos del grupo": []}
    assert permisos.despues == {"Permisos del grupo": ["dependencias.view_dependencia"]}
    assert (renombrado.antes, renombrado.despues) == (
        {"Nombre": "Capturistas"},
        {"Nombre": "Capturistas IMM"},
    )


def test_an_admin_save_is_one_event_per_kind_with_its_author(client, superusuario, persona):
    directivos = Group.objects.get(name=roles.DIRECTIVO)
    client.force_login(superusuario)
    inicio = _ultimo_pk()
    respuesta = client.post(
        reverse("admin:auth_user_change", args=[persona.pk]),
        _formulario_usuario(persona, is_active="", is_staff="on", groups=[directivos.pk]),
    )
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    baja, roles_evento = _nuevos(inicio)
    assert (baja.tipo, baja.usuario) == (Tipo.CUENTA_DESACTIVADA, superusuario)
    assert (roles_evento.tipo, roles_evento.usuario) == (Tipo.ROLES, superusuario)
    assert roles_evento.antes == {"Acceso a la administración": False, "Roles (grupos)": []}
    assert roles_evento.despues == {
        "Acceso a la administración": True,
        "Roles (grupos)": [roles.DIRECTIVO],
    }


def test_an_admin_change_of_group_permissions_is_recorded_with_its_author(client, superusuario):
    grupo = Group.objects.create(name="Capturistas")
    permiso = Permission.objects.get(codename="view_dependencia")
    client.force_login(superusuario)
    inicio = _ultimo_pk()
    client.post(
        reverse("admin:auth_group_change", args=[grupo.pk]),
        {"name": "Capturistas", "permissions": [permiso.pk]},
    )
    evento = _nuevos(inicio).get()
    assert (evento.tipo, evento.usuario, evento.objeto_id) == (
        Tipo.ROLES,
        superusuario,
        str(grupo.pk),
    )
    assert evento.despues == {"Permisos del grupo": ["dependencias.view_dependencia"]}
