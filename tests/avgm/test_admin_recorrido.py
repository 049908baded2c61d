"""Every domain model in the Django admin, walked as each persona that reaches the admin:
either the admin refuses the change, or the change is in the bitácora with its author and
the field before → after. A model registered tomorrow without either fails here."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from avgm.models import Adscripcion, EventoBitacora
from avgm.plataforma import bitacora
from dependencias.models import UnidadMedida
from informes.models import InformePublicado, NarrativaCorte
from tests import factories
from tests.formulario_admin import datos

pytestmark = pytest.mark.django_db

# Registered in the admin but not domain data, each with why it is left out here.
INFRAESTRUCTURA = {
    "auth.user": "cuentas: sus roles y accesos los registra avgm.plataforma.bitacora_cuentas "
    "(test_bitacora_cuentas.py) y nadie se otorga un rol (test_admin_rol_propio.py)",
    "auth.group": "roles: mismo registro que las cuentas (test_bitacora_cuentas.py)",
    "axes.accessattempt": "intentos de inicio de sesión de django-axes: solo lectura "
    "(test_admin_cuentas.py)",
    "axes.accesslog": "registro de accesos de django-axes: solo lectura (test_admin_cuentas.py)",
    "axes.accessfailurelog": "fallos de acceso de django-axes: solo lectura "
    "(test_admin_cuentas.py)",
    "django_tasks_database.dbtaskresult": "la cola de tareas del worker (PDF, Excel): "
    "django-tasks la registra sin alta, cambio ni borrado",
}
APPS_DEL_DOMINIO = {"avgm", "dependencias", "fichas", "informes", "planeacion", "publico"}
DOMINIO = sorted(
    (m for m in admin.site._registry if m._meta.label_lower not in INFRAESTRUCTURA),
    key=lambda m: m._meta.label_lower,
)
PERSONAS = ["analista", "administrador", "superusuario"]


@pytest.fixture
def superusuario(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def _publicado():
    return InformePublicado.objects.create(
        ejercicio=factories.ejercicio(), hasta=factories.periodo(2022, 2), version=1,
        figuras={}, pdf="informes/x.pdf", sha256="0" * 64, publicado_en=timezone.now(),
        publicado_por=factories.UserFactory(username="publicadora"),
    )  # fmt: skip


# How to build one record of each domain model that no migration seeds.
CONSTRUIR = {
    "avgm.recomendacion": factories.RecomendacionFactory,
    "avgm.ejercicio": factories.ejercicio,
    "avgm.periodo": factories.periodo,
    "avgm.eventobitacora": lambda: bitacora.registrar(bitacora.Tipo.ROLES, usuario=None, descripcion="x"),
    "avgm.institucion": lambda: factories.municipio_principal().institucion,
    "avgm.municipio": factories.otro_municipio,
    "avgm.adscripcion": lambda: Adscripcion.objects.create(
        usuario=factories.UserFactory(), municipio=factories.municipio_principal()
    ),
    "dependencias.dependencia": factories.DependenciaFactory,
    "dependencias.enlace": factories.EnlaceFactory,
    "dependencias.tipoaccion": factories.TipoAccionFactory,
    "dependencias.meta": lambda: factories.MetaFactory(programado={1: 3}),
    "dependencias.unidadmedida": lambda: UnidadMedida.objects.create(nombre="Quejas", cuenta_personas=True),
    "fichas.fichatecnica": factories.FichaFactory,
    "informes.informepublicado": _publicado,
    "informes.narrativacorte": lambda: NarrativaCorte.objects.create(
        ejercicio=factories.ejercicio(), hasta=factories.periodo(2022, 2), compromisos="Uno."
    ),
}  # fmt: skip


def _instancia(modelo):
    etiqueta = modelo._meta.label_lower
    obj = CONSTRUIR[etiqueta]() if etiqueta in CONSTRUIR else modelo._default_manager.first()
    assert obj is not None, f"Agregue a CONSTRUIR cómo crear un registro de {etiqueta}."
    return obj


def _cambio(modelo, form: forms.Form) -> tuple[str, str]:
    """A field of the form to change and its new value: text first, then a number, a date, a
    checkbox (whatever a person can type in that form)."""
    campos = [(n, modelo._meta.get_field(n), f) for n, f in form.fields.items()]
    for nombre, campo, f in campos:
        if type(f) is forms.CharField and not campo.choices:
            limite = campo.max_length or 200
            return nombre, ((form.initial.get(nombre) or "Texto") + " bis")[-limite:]
    for nombre, campo, f in campos:
        if type(f) is forms.IntegerField and not campo.choices and form.initial.get(nombre):
            return nombre, str(form.initial[nombre] + 1)
    for nombre, _campo, f in campos:
        if type(f) is forms.DateField and form.initial.get(nombre):
            return nombre, (form.initial[nombre] + datetime.timedelta(days=1)).isoformat()
    for nombre, _campo, f in campos:
        if type(f) is forms.BooleanField:
            return nombre, "" if form.initial.get(nombre) else "on"
    raise AssertionError(f"{modelo._meta.label}: no hay un campo que la prueba sepa cambiar.")


def _guardado(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.editable}


def test_every_registered_model_is_domain_data_or_named_infrastructure():
    registrados = {m._meta.label_lower for m in admin.site._registry}
    assert set(INFRAESTRUCTURA) <= registrados, "INFRAESTRUCTURA names an unregistered model"
    assert {m._meta.app_label for m in DOMINIO} <= APPS_DEL_DOMINIO


@pytest.mark.parametrize("modelo", DOMINIO, ids=lambda m: m._meta.label_lower)
def test_nothing_of_the_domain_is_deleted_from_the_admin(client, superusuario, modelo):
    obj = _instancia(modelo)
    client.force_login(superusuario)
    url = reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert modelo._default_manager.filter(pk=obj.pk).exists()
    assert not [i for i in admin.site._registry[modelo].inlines if i.can_delete]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("modelo", DOMINIO, ids=lambda m: m._meta.label_lower)
def test_an_admin_change_is_refused_or_recorded_with_before_and_after(
    request, client, modelo, persona
):
    usuario = request.getfixturevalue(persona)
    obj = _instancia(modelo)
    meta = modelo._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    client.force_login(usuario)
    pagina = client.get(url)
    antes = _guardado(obj)
    ultimo = EventoBitacora.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    if pagina.status_code == 403 or not pagina.context["has_change_permission"]:
        # Refused: the page is closed or read-only, and a POST changes nothing.
        assert client.post(url, {}).status_code == 403
        obj.refresh_from_db()
        assert _guardado(obj) == antes
        return

    form = pagina.context["adminform"].form
    campo, nuevo = _cambio(modelo, form)
    envio = datos(pagina.text, f"{meta.model_name}_form")
    envio[campo] = [nuevo]
    respuesta = client.post(url, envio)
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    obj.refresh_from_db()
    campo_modelo = meta.get_field(campo)
    assert getattr(obj, campo_modelo.attname) != antes[campo_modelo.attname], "nothing saved"
    evento = EventoBitacora.objects.get(pk__gt=ultimo)
    assert (evento.tipo, evento.usuario, evento.objeto_tipo, evento.objeto_id) == (
        EventoBitacora.Tipo.CATALOGO, usuario, meta.label_lower, str(obj.pk)
    )  # fmt: skip
    etiqueta = capfirst(campo_modelo.verbose_name)
    assert evento.antes == {etiqueta: bitacora._json(antes[campo_modelo.attname])}
    assert evento.despues == {etiqueta: bitacora._json(getattr(obj, campo_modelo.attname))}
