"""Nobody grants a role to themselves, superusers included, nor names themselves enlace of a
dependencia: a second person who keeps accounts does it, and the bitácora names that person."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from avgm.models import EventoBitacora
from avgm.plataforma import roles
from dependencias.models import Enlace
from tests.factories import UserFactory
from tests.formulario_admin import datos

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo


@pytest.fixture
def superusuario(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def otra_administradora(db):
    """A second person who keeps accounts."""
    return UserFactory(username="admin_dos", rol=roles.ADMINISTRADOR)


def _ultimo() -> int:
    return EventoBitacora.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _dar_roles(client, autor, usuario, *nombres):
    """Post `usuario`'s account form as `autor`, with its roles set to `nombres`."""
    client.force_login(autor)
    url = reverse("admin:auth_user_change", args=[usuario.pk])
    envio = datos(client.get(url).text, "user_form")
    envio["groups"] = [str(g.pk) for g in Group.objects.filter(name__in=nombres)]
    return client.post(url, envio)


def _roles(usuario) -> set[str]:
    return set(usuario.groups.values_list("name", flat=True))


@pytest.mark.parametrize("rol", [roles.ANALISTA, roles.DIRECTIVO, roles.ENLACE])
@pytest.mark.parametrize("persona", ["administrador", "superusuario"])
def test_nobody_adds_a_role_to_their_own_account(request, client, persona, rol):
    quien = request.getfixturevalue(persona)
    antes, inicio = _roles(quien), _ultimo()
    respuesta = _dar_roles(client, quien, quien, *antes, rol)
    assert respuesta.status_code == 200
    assert f"Nadie se otorga a sí mismo un rol ({rol})" in respuesta.text
    assert _roles(quien) == antes
    assert not EventoBitacora.objects.filter(pk__gt=inicio, tipo=Tipo.ROLES).exists()


def test_another_administradora_grants_it_and_the_bitacora_names_her(
    client, administrador, otra_administradora
):
    inicio = _ultimo()
    respuesta = _dar_roles(
        client, otra_administradora, administrador, roles.ADMINISTRADOR, roles.ANALISTA
    )
    assert respuesta.status_code == 302
    assert _roles(administrador) == {roles.ADMINISTRADOR, roles.ANALISTA}
    evento = EventoBitacora.objects.get(pk__gt=inicio, tipo=Tipo.ROLES)
    assert (evento.usuario, evento.objeto_id) == (otra_administradora, str(administrador.pk))
    assert evento.despues == {"Roles (grupos)": [roles.ADMINISTRADOR, roles.ANALISTA]}


def test_dropping_ones_own_role_is_allowed(client, administrador, superusuario):
    concedido = _dar_roles(client, superusuario, administrador, roles.ADMINISTRADOR, roles.ANALISTA)
    assert concedido.status_code == 302
    respuesta = _dar_roles(client, administrador, administrador, roles.ADMINISTRADOR)
    assert respuesta.status_code == 302
    assert _roles(administrador) == {roles.ADMINISTRADOR}


def test_nobody_names_themselves_enlace_of_a_dependencia(
    client, administrador, otra_administradora, dependencia_a
):
    client.force_login(administrador)
    url = reverse("admin:dependencias_enlace_add")
    envio = {"usuario": administrador.pk, "dependencia": dependencia_a.pk, "activo": "on"}
    respuesta = client.post(url, envio)
    assert respuesta.status_code == 200
    assert "Nadie se nombra a sí mismo enlace" in respuesta.text
    assert not Enlace.objects.filter(usuario=administrador).exists()

    client.force_login(otra_administradora)
    assert client.post(url, envio).status_code == 302
    assert Enlace.objects.filter(usuario=administrador, activo=True).exists()


def test_nor_through_the_enlaces_of_a_dependencia(client, analista, dependencia_a):
    client.force_login(analista)
    url = reverse("admin:dependencias_dependencia_change", args=[dependencia_a.pk])
    envio = datos(client.get(url).text, "dependencia_form")
    envio.update(
        {
            "enlaces-TOTAL_FORMS": ["1"],
            "enlaces-0-usuario": [str(analista.pk)],
            "enlaces-0-activo": ["on"],
        }
    )
    respuesta = client.post(url, envio)
    assert respuesta.status_code == 200
    assert "Nadie se nombra a sí mismo enlace" in respuesta.text
    assert not Enlace.objects.filter(usuario=analista).exists()
