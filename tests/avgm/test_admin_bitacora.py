"""What the admin writes to the bitácora: a new record with its state, each changed field and
inline row before → after, edits from the list's columns; nothing when nothing changed. A
periodo is closed only in the portal."""

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora, Modalidad, Periodo
from dependencias.models import TipoAccion
from tests.factories import MetaFactory, periodo
from tests.formulario_admin import datos

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo


def _ultimo() -> int:
    return EventoBitacora.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _enviar(client, url: str, form_id: str, **cambios):
    """POST the form as the page shows it, with `cambios` typed in."""
    envio = datos(client.get(url).text, form_id)
    envio.update({k: v if isinstance(v, list) else [v] for k, v in cambios.items()})
    respuesta = client.post(url, envio)
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    return respuesta


def test_a_record_added_in_the_admin_is_recorded_with_its_state(client, analista):
    client.force_login(analista)
    inicio = _ultimo()
    _enviar(
        client, reverse("admin:dependencias_tipoaccion_add"), "tipoaccion_form",
        nombre="Reeducación", medios_verificacion="Lista de asistencia", orden="4",
    )  # fmt: skip
    evento = EventoBitacora.objects.get(pk__gt=inicio)
    tipo = TipoAccion.objects.get(nombre="Reeducación")
    assert (evento.tipo, evento.usuario, evento.objeto_id) == (
        Tipo.CATALOGO,
        analista,
        str(tipo.pk),
    )
    assert evento.descripcion == "Administración: alta de tipo de acción «Reeducación»"
    assert evento.antes is None
    assert evento.despues == {
        "Nombre": "Reeducación",
        "Medios de verificación esperados": "Lista de asistencia",
        "Orden": 4,
    }


def test_a_programmed_quantity_changed_inline_is_recorded_by_trimestre(client, analista):
    meta = MetaFactory(clave="DIF-01", programado={1: 10, 2: 5})
    client.force_login(analista)
    inicio = _ultimo()
    url = reverse("admin:dependencias_meta_change", args=[meta.pk])
    envio = datos(client.get(url).text, "meta_form")
    fila = next(
        k for k, v in envio.items() if k.endswith("-periodo") and v[0] == str(periodo(2022, 1).pk)
    )
    envio[fila.replace("-periodo", "-cantidad")] = ["12"]
    assert client.post(url, envio).status_code == 302
    evento = EventoBitacora.objects.get(pk__gt=inicio)
    assert evento.descripcion.startswith("Administración: cambio en meta «DIF-01")
    assert evento.antes == {"Programación «T1 2022» · Cantidad programada": 10}
    assert evento.despues == {"Programación «T1 2022» · Cantidad programada": 12}


def test_a_change_from_the_lists_editable_column_is_recorded(client, analista):
    laboral = Modalidad.objects.get(nombre="Violencia Laboral")
    client.force_login(analista)
    inicio = _ultimo()
    lista = reverse("admin:avgm_modalidad_changelist")
    envio = datos(client.get(lista).text, "changelist-form")
    fila = next(k for k, v in envio.items() if k.endswith("-id") and v == [str(laboral.pk)])
    envio[fila.replace("-id", "-orden")] = ["1"]
    envio["_save"] = ["Guardar"]
    assert client.post(lista, envio).status_code == 302
    evento = EventoBitacora.objects.get(pk__gt=inicio)
    assert (evento.usuario, evento.objeto_id) == (analista, str(laboral.pk))
    assert (evento.antes, evento.despues) == ({"Orden": 4}, {"Orden": 1})


def test_saving_without_changes_writes_nothing(client, analista):
    tipo = TipoAccion.objects.create(nombre="Difusión")
    client.force_login(analista)
    inicio = _ultimo()
    _enviar(
        client, reverse("admin:dependencias_tipoaccion_change", args=[tipo.pk]), "tipoaccion_form"
    )
    assert not EventoBitacora.objects.filter(pk__gt=inicio).exists()


def test_a_periodo_is_closed_in_the_portal_never_in_the_admin(client, analista):
    t1 = periodo(2022, 1)
    client.force_login(analista)
    url = reverse("admin:avgm_periodo_change", args=[t1.pk])
    assert "cerrado" not in client.get(url).context["adminform"].form.fields
    inicio = _ultimo()
    _enviar(client, url, "periodo_form", cerrado="on", fecha_limite="2022-04-20")
    t1.refresh_from_db()
    assert not t1.cerrado
    evento = EventoBitacora.objects.get(pk__gt=inicio)
    assert evento.tipo == Tipo.CATALOGO  # the deadline, not a close
    assert evento.antes == {"Fecha límite de entrega": "2022-04-10"}
    assert evento.despues == {"Fecha límite de entrega": "2022-04-20"}


def test_the_periodos_of_an_ejercicio_cannot_be_closed_inline_either(client, analista):
    t1 = periodo(2022, 1)
    client.force_login(analista)
    url = reverse("admin:avgm_ejercicio_change", args=[t1.ejercicio.pk])
    envio = datos(client.get(url).text, "ejercicio_form")
    for n in range(4):
        envio[f"periodos-{n}-cerrado"] = ["on"]
    assert client.post(url, envio).status_code == 302
    assert not Periodo.objects.filter(cerrado=True).exists()
