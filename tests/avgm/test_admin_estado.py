"""The admin's home page shows /salud/'s checks, and a failed backup with its reason."""

import pytest
from django.urls import reverse

from avgm.plataforma import respaldo


@pytest.mark.django_db
def test_the_admin_home_shows_each_check_and_why_the_last_backup_failed(
    client, administrador, settings, tmp_path
):
    settings.AVGM_RESPALDOS = tmp_path
    respaldo.registrar_fallo(tmp_path, "No queda espacio en disco para el respaldo (en /srv).")
    client.force_login(administrador)

    respuesta = client.get(reverse("admin:index"))

    assert respuesta.status_code == 200
    pagina = respuesta.content.decode()
    assert "Estado del sistema" in pagina
    assert "<code>migraciones</code>" in pagina
    assert "no hay ningún respaldo completo" in pagina
    assert "falló: No queda espacio en disco para el respaldo (en /srv)." in pagina


@pytest.mark.django_db
def test_without_a_failure_there_is_no_error_note(client, administrador, settings):
    settings.AVGM_RESPALDOS = None
    client.force_login(administrador)

    pagina = client.get(reverse("admin:index")).content.decode()

    assert "no hay respaldos programados" in pagina
    assert "errornote" not in pagina
