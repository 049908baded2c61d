"""Roles are complete on day one: the first migrate gives each role all of its permissions."""

import pytest
from django.contrib.auth.models import Group

from avgm.plataforma import roles

pytestmark = pytest.mark.django_db


def _esperados(rol: str) -> set[tuple[str, str]]:
    return {
        (app_label, f"{accion}_{modelo}")
        for app_label, modelos in roles.PERMISOS[rol].items()
        for modelo in modelos
        for accion in ("add", "change", "view")
    }


@pytest.mark.parametrize("rol", list(roles.PERMISOS))
def test_the_test_database_built_by_one_migrate_gives_each_role_all_its_permissions(rol):
    # pytest-django built this database with a single `migrate`, as on a fresh install.
    obtenidos = set(
        Group.objects.get(name=rol).permissions.values_list("content_type__app_label", "codename")
    )
    assert obtenidos == _esperados(rol)


def test_the_analista_gets_every_permission_of_the_later_apps_too():
    analista = Group.objects.get(name=roles.ANALISTA)
    por_app = {
        app: analista.permissions.filter(content_type__app_label=app).count()
        for app in roles.PERMISOS[roles.ANALISTA]
    }
    # Three actions (add, change, view) on every model listed, in every app.
    assert por_app == {
        app: 3 * len(modelos) for app, modelos in roles.PERMISOS[roles.ANALISTA].items()
    }
    assert sum(por_app.values()) == 36
