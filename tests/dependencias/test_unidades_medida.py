"""Which units of measure count people: the rule that proposes it, the catalog that every
door fills, and the admin that corrects it with its bitácora."""

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora
from dependencias.models import UnidadMedida
from dependencias.unidades import cuenta_personas_por_nombre, cuentan_personas
from tests.factories import MetaFactory
from tests.formulario_admin import datos

CUENTAN = [
    "Atenciones", "Asesorías", "Quejas atendidas", "Investigaciones", "Personas capacitadas",
    "Beneficiarias", "Víctimas atendidas", "Usuarias", "Mujeres atendidas", "Denuncias",
    "Canalizaciones", "Acompañamientos", "Seguimientos", "Apoyos entregados", "  atenciones ",
]  # fmt: skip
NO_CUENTAN = [
    "Campañas", "Talleres", "Capacitaciones", "Pláticas", "Reportes de seguimiento",
    "Publicaciones", "Luminarias", "Grupos de reeducación", "",
]  # fmt: skip


@pytest.mark.parametrize("nombre", CUENTAN)
def test_a_unit_whose_first_word_names_people_counts_people(nombre):
    assert cuenta_personas_por_nombre(nombre)


@pytest.mark.parametrize("nombre", NO_CUENTAN)
def test_events_products_and_things_do_not_count_people(nombre):
    assert not cuenta_personas_por_nombre(nombre)


@pytest.mark.django_db
def test_a_meta_saved_with_a_new_unit_enters_the_catalog_flagged_by_the_rule():
    MetaFactory(unidad_medida="Quejas atendidas")
    MetaFactory(unidad_medida="quejas  atendidas")  # the same unit, typed otherwise
    MetaFactory(unidad_medida="Campañas")
    assert dict(UnidadMedida.objects.values_list("nombre", "cuenta_personas")) == {
        "Quejas atendidas": True,
        "Campañas": False,
    }


@pytest.mark.django_db
def test_the_catalog_decides_over_the_rule_and_the_rule_decides_a_name_it_lacks():
    UnidadMedida.objects.create(nombre="Seguimientos", cuenta_personas=False)
    assert cuentan_personas(["seguimientos", "Denuncias", "Talleres"]) == {
        "seguimientos": False,
        "Denuncias": True,
        "Talleres": False,
    }


@pytest.mark.django_db
def test_an_administrator_corrects_a_unit_in_the_admin_and_the_bitacora_keeps_it(client, analista):
    unidad = UnidadMedida.objects.create(nombre="Activaciones", cuenta_personas=True)
    client.force_login(analista)
    url = reverse("admin:dependencias_unidadmedida_change", args=[unidad.pk])
    envio = datos(client.get(url).text, "unidadmedida_form")
    envio.pop("cuenta_personas")  # unticked
    assert client.post(url, envio).status_code == 302
    unidad.refresh_from_db()
    assert not unidad.cuenta_personas
    evento = EventoBitacora.objects.filter(objeto_id=str(unidad.pk)).latest("pk")
    assert evento.usuario == analista
    assert (evento.antes, evento.despues) == ({"Cuenta personas": True}, {"Cuenta personas": False})
    # Nothing is deleted here either.
    assert (
        client.get(reverse("admin:dependencias_unidadmedida_delete", args=[unidad.pk])).status_code
        == 403
    )
