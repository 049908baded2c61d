"""The institution's identity lives in one row, edited by the Administrador, shown in public."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from avgm.models import Institucion, institucion_actual
from avgm.plataforma import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_before_any_edit_the_name_comes_from_the_settings():
    assert institucion_actual().nombre == settings.AVGM_INSTITUTO
    assert institucion_actual().municipio == settings.AVGM_MUNICIPIO
    assert not Institucion.objects.exists()


def test_an_edit_is_the_one_row_and_the_micrositio_shows_it(client):
    Institucion(
        nombre="Instituto Municipal de las Mujeres de Juárez",
        administracion="H. Ayuntamiento 2021–2024",
    ).save()
    Institucion(
        nombre="Instituto Municipal de las Mujeres", administracion="H. Ayuntamiento 2024–2027"
    ).save()
    assert Institucion.objects.count() == 1
    pagina = client.get(reverse("publico:inicio")).text
    assert "H. Ayuntamiento 2024–2027" in pagina and "2021–2024" not in pagina


def test_the_administrador_edits_it_in_the_admin(client):
    administrador = UserFactory(rol=roles.ADMINISTRADOR, is_staff=True)
    client.force_login(administrador)
    respuesta = client.post(
        reverse("admin:avgm_institucion_add"),
        {
            "nombre": "IMM Ciudad Juárez",
            "municipio": "Heroica Ciudad Juárez",
            "administracion": "H. Ayuntamiento 2021–2024",
        },
    )
    assert respuesta.status_code == 302
    assert institucion_actual().administracion == "H. Ayuntamiento 2021–2024"
    assert client.get(reverse("admin:avgm_institucion_add")).status_code == 403  # only one


def test_the_catalogs_contact_mailbox_is_the_institutions_else_the_portals_sender(client):
    assert institucion_actual().correo_de_contacto == "avgm@imm.juarez.gob.mx"  # settings
    Institucion(nombre="IMM", correo="datos.abiertos@imm.juarez.gob.mx").save()
    assert institucion_actual().correo_de_contacto == "datos.abiertos@imm.juarez.gob.mx"
    catalogo = json.loads(client.get(reverse("publico:catalogo_dcat")).content)
    assert catalogo["contactPoint"]["hasEmail"] == "mailto:datos.abiertos@imm.juarez.gob.mx"
