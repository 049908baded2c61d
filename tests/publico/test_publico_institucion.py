"""The institution's identity lives in one row, edited by the Administrador, shown in public."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from avgm.models import Institucion, institucion_actual
from avgm.plataforma import roles
from tests.factories import UserFactory, institucion, municipio_principal

pytestmark = pytest.mark.django_db


def test_a_new_database_has_one_institution_with_the_settings_defaults():
    assert institucion_actual().nombre == settings.AVGM_INSTITUTO
    assert institucion_actual().municipio == settings.AVGM_MUNICIPIO
    assert Institucion.objects.count() == 1
    assert institucion_actual() == municipio_principal().institucion


def test_an_edit_is_the_municipios_one_row_and_the_micrositio_shows_it(client):
    institucion(
        nombre="Instituto Municipal de las Mujeres de Juárez",
        administracion="H. Ayuntamiento 2021–2024",
    )
    institucion(
        nombre="Instituto Municipal de las Mujeres", administracion="H. Ayuntamiento 2024–2027"
    )
    assert Institucion.objects.count() == 1
    pagina = client.get(reverse("publico:inicio")).text
    assert "H. Ayuntamiento 2024–2027" in pagina and "2021–2024" not in pagina


def test_the_administrador_edits_it_in_the_admin_and_never_adds_one(client):
    administrador = UserFactory(rol=roles.ADMINISTRADOR, is_staff=True)
    client.force_login(administrador)
    fila = institucion_actual()
    respuesta = client.post(
        reverse("admin:avgm_institucion_change", args=[fila.pk]),
        {
            "nombre": "IMM Ciudad Juárez",
            "municipio": "Heroica Ciudad Juárez",
            "administracion": "H. Ayuntamiento 2021–2024",
        },
    )
    assert respuesta.status_code == 302
    assert institucion_actual().administracion == "H. Ayuntamiento 2021–2024"
    # Each municipio's institution is made with it, never on its own.
    assert client.get(reverse("admin:avgm_institucion_add")).status_code == 403


def test_the_catalogs_contact_mailbox_is_the_institutions_else_the_portals_sender(client):
    assert institucion_actual().correo_de_contacto == "avgm@imm.juarez.gob.mx"  # settings
    institucion(nombre="IMM", correo="datos.abiertos@imm.juarez.gob.mx")
    assert institucion_actual().correo_de_contacto == "datos.abiertos@imm.juarez.gob.mx"
    catalogo = json.loads(client.get(reverse("publico:catalogo_dcat")).content)
    assert catalogo["contactPoint"]["hasEmail"] == "mailto:datos.abiertos@imm.juarez.gob.mx"
