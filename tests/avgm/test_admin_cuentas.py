"""The admin deletes nothing (accounts, groups, login records, bitácora) and a non-superuser
Administrador cannot escalate anyone, itself included."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from avgm.models import EventoBitacora
from avgm.plataforma import bitacora, roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def superusuario(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def administrador(db):
    """Keeps accounts and roles; not a superuser."""
    return UserFactory(username="admin_imm", rol=roles.ADMINISTRADOR)


@pytest.fixture
def persona(db):
    return UserFactory(username="maria")


def _registros_de_acceso():
    datos = {"username": "maria", "ip_address": "10.0.0.1", "user_agent": "x", "path_info": "/"}
    return [
        AccessAttempt.objects.create(**datos, failures_since_start=1),
        AccessLog.objects.create(**datos),
        AccessFailureLog.objects.create(**datos),
    ]


def _formulario(user, **cambios) -> dict:
    datos = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "01/01/2022",
        "date_joined_1": "00:00:00",
    }
    datos.update(cambios)
    return datos


def test_a_superuser_cannot_delete_users_groups_or_login_records(client, superusuario, persona):
    client.force_login(superusuario)
    grupo = Group.objects.get(name=roles.DIRECTIVO)
    objetivos = [persona, grupo, *_registros_de_acceso()]
    for obj in objetivos:
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403, meta.label
        assert type(obj).objects.filter(pk=obj.pk).exists()
        lista = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        acciones = (
            lista.context["action_form"].fields["action"].choices
            if lista.context["action_form"]
            else []
        )
        assert not [a for a, _ in acciones if a], f"{meta.label} keeps bulk actions"  # fmt: skip


def test_the_bulk_delete_action_is_refused_for_users(client, superusuario, persona):
    client.force_login(superusuario)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [persona.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=persona.pk).exists()


def test_the_administrador_never_sees_superuser_or_individual_permissions(
    client, administrador, persona
):
    client.force_login(administrador)
    formulario = client.get(reverse("admin:auth_user_change", args=[persona.pk]))
    campos = formulario.context["adminform"].form.fields
    assert "is_superuser" not in campos and "user_permissions" not in campos
    assert "groups" in campos and "is_active" in campos  # it still manages roles and access

    permiso = Permission.objects.get(codename="change_user")
    respuesta = client.post(
        reverse("admin:auth_user_change", args=[administrador.pk]),
        _formulario(administrador, is_staff="on", is_superuser="on", user_permissions=[permiso.pk]),
    )
    assert respuesta.status_code == 302
    administrador.refresh_from_db()
    assert not administrador.is_superuser
    assert not administrador.user_permissions.exists()


def test_a_superuser_still_grants_superuser_status(client, superusuario, persona):
    client.force_login(superusuario)
    campos = (
        client.get(reverse("admin:auth_user_change", args=[persona.pk]))
        .context["adminform"]
        .form.fields
    )
    assert "is_superuser" in campos and "user_permissions" in campos


def test_the_administrador_cannot_change_what_a_group_may_do(client, administrador):
    grupo = Group.objects.create(name="Capturistas")
    client.force_login(administrador)
    url = reverse("admin:auth_group_change", args=[grupo.pk])
    assert "permissions" not in client.get(url).context["adminform"].form.fields
    todos = list(Permission.objects.values_list("pk", flat=True))
    client.post(url, {"name": "Capturistas", "permissions": todos})
    assert not grupo.permissions.exists()
    analistas = Group.objects.get(name=roles.ANALISTA)
    antes = set(analistas.permissions.values_list("pk", flat=True))
    client.post(reverse("admin:auth_group_change", args=[analistas.pk]), {"permissions": todos})
    assert set(analistas.permissions.values_list("pk", flat=True)) == antes


def test_the_administrador_cannot_edit_a_superusers_account(client, administrador, superusuario):
    client.force_login(administrador)
    url = reverse("admin:auth_user_change", args=[superusuario.pk])
    respuesta = client.post(url, _formulario(superusuario, is_active=""))
    assert respuesta.status_code == 403
    superusuario.refresh_from_db()
    assert superusuario.is_active
    clave = reverse("admin:auth_user_password_change", args=[superusuario.pk])
    assert client.post(clave, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403


def test_nobody_adds_changes_or_deletes_a_bitacora_event_in_the_admin(client, superusuario):
    evento = bitacora.registrar(
        bitacora.Tipo.ROLES, usuario=superusuario, descripcion="Prueba", antes={"a": 1}
    )
    client.force_login(superusuario)
    cambio = reverse("admin:avgm_eventobitacora_change", args=[evento.pk])
    assert client.get(cambio).status_code == 200  # read-only view
    assert client.post(cambio, {"descripcion": "Otra"}).status_code == 403
    borrar = reverse("admin:avgm_eventobitacora_delete", args=[evento.pk])
    assert client.post(borrar, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:avgm_eventobitacora_add")).status_code == 403
    evento.refresh_from_db()
    assert evento.descripcion == "Prueba"


def test_the_bitacora_refuses_changes_and_deletes_in_code_too(superusuario):
    evento = bitacora.registrar(bitacora.Tipo.ROLES, usuario=superusuario, descripcion="Prueba")
    evento.descripcion = "Otra"
    with pytest.raises(ValueError, match="no se modifica"):
        evento.save()
    with pytest.raises(ValueError, match="no se borra"):
        evento.delete()
    with pytest.raises(ValueError, match="no se modifica"):
        EventoBitacora.objects.filter(pk=evento.pk).update(fecha=timezone.now())
    with pytest.raises(ValueError, match="no se borra"):
        EventoBitacora.objects.all().delete()
    assert EventoBitacora.objects.get(pk=evento.pk).descripcion == "Prueba"
