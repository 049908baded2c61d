"""The portal across municipios: the header, the Coordinación estatal's selector, the
bitácora and the admin, each narrowed to the municipio the person works in; a deployment
with one municipio looks as it always did."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from avgm.models import Adscripcion, Ejercicio, EventoBitacora, Institucion, Municipio
from avgm.plataforma import bitacora, municipios, roles
from tests.factories import (
    DependenciaFactory,
    UserFactory,
    ejercicio,
    institucion,
    municipio_principal,
    otro_municipio,
    periodo,
)

pytestmark = pytest.mark.django_db

SELECTOR = 'action="/municipio/"'


def adscrito(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


@pytest.fixture
def coordinacion(db):
    return UserFactory(username="coordinacion", rol=roles.COORDINACION)


@pytest.fixture
def analista_a(db):
    return adscrito(UserFactory(username="analista_a", rol=roles.ANALISTA), municipio_principal())


@pytest.fixture
def analista_b(db):
    return adscrito(UserFactory(username="analista_b", rol=roles.ANALISTA), otro_municipio())


def _pagina(client, user, url="/") -> str:
    client.force_login(user)
    return client.get(url, follow=True).content.decode()


# --- Header and selector ---


def test_one_municipio_deployment_shows_no_selector_nor_municipio_name(
    client, coordinacion, analista
):
    for persona in (coordinacion, analista):
        html = _pagina(client, persona)
        assert SELECTOR not in html
        assert "data-municipio" not in html
        assert municipio_principal().nombre not in html.split("</nav>")[0]


def test_the_sign_in_page_names_every_municipio_and_borrows_no_institution(client):
    principal = institucion(nombre="Instituto Municipal de las Mujeres de Juárez")
    solo = client.get(reverse("login")).content.decode()
    assert "Instituto Municipal de las Mujeres de Juárez" in solo  # one municipio: as always

    otro_municipio()
    varios = client.get(reverse("login")).content.decode()
    assert principal.nombre not in varios and "Chihuahua" not in varios.split("<main")[0]
    assert f"{municipio_principal().nombre}, Chihuahua" in varios
    assert "Municipios bajo la Alerta de Violencia de Género contra las Mujeres" in varios


def test_with_two_municipios_the_coordinacion_gets_the_selector_and_an_analista_its_name(
    client, coordinacion, analista_a
):
    otro = otro_municipio()
    html = _pagina(client, coordinacion)
    assert SELECTOR in html
    assert otro.nombre in html and municipio_principal().nombre in html

    html = _pagina(client, analista_a)
    assert SELECTOR not in html
    encabezado = html.split("</nav>")[0]
    assert f"data-municipio>{municipio_principal().nombre}</span>" in encabezado
    assert otro.nombre not in html


def test_the_selector_switches_what_the_coordinacion_reads(client, coordinacion):
    otro = otro_municipio()
    client.force_login(coordinacion)
    respuesta = client.post(
        reverse("municipio_elegir"), {"municipio": otro.pk, "next": "/bitacora/?x=1"}
    )
    assert respuesta.status_code == 302 and respuesta.url == "/bitacora/?x=1"
    assert client.session[municipios.ELEGIDO] == otro.pk
    # The footer signs with the chosen municipio's institution.
    assert _pie(client) == f"{otro.institucion.nombre} · {otro.institucion.municipio}"

    client.post(reverse("municipio_elegir"), {"municipio": municipio_principal().pk})
    principal = municipio_principal().institucion
    assert _pie(client) == f"{principal.nombre} · {principal.municipio}"


def test_switching_from_a_page_of_one_object_lands_on_the_home(client, coordinacion):
    otro = otro_municipio()
    client.force_login(coordinacion)
    ficha = reverse("fichas:ficha", args=[7])  # a ficha of the municipio being left
    informe = reverse("informes:publicado", args=[3])
    for pagina in (ficha, informe):
        respuesta = client.post(reverse("municipio_elegir"), {"municipio": otro.pk, "next": pagina})
        assert respuesta.url == reverse("inicio"), pagina
    estado = reverse("informes:estatal_corte", args=[2022, "T2"])  # about no one municipio
    respuesta = client.post(reverse("municipio_elegir"), {"municipio": otro.pk, "next": estado})
    assert respuesta.url == estado


def _pie(client) -> str:
    html = client.get("/", follow=True).content.decode()
    return html.split("<footer")[1].split(">", 1)[1].split("</footer>")[0].strip()


def test_the_selector_never_redirects_off_site_and_refuses_an_unknown_municipio(
    client, coordinacion
):
    otro = otro_municipio()
    client.force_login(coordinacion)
    respuesta = client.post(
        reverse("municipio_elegir"), {"municipio": otro.pk, "next": "https://malo.example/"}
    )
    assert respuesta.url == reverse("inicio")
    client.post(reverse("municipio_elegir"), {"municipio": 987654})
    assert client.session[municipios.ELEGIDO] == otro.pk


def test_an_analista_cannot_switch_municipio(client, analista_a):
    otro = otro_municipio()
    client.force_login(analista_a)
    respuesta = client.post(reverse("municipio_elegir"), {"municipio": otro.pk})
    assert respuesta.status_code == 403
    assert municipios.ELEGIDO not in client.session
    html = client.get("/", follow=True).content.decode()
    assert otro.institucion.nombre not in html


def test_the_selector_is_refused_with_one_municipio_even_to_the_coordinacion(client, coordinacion):
    client.force_login(coordinacion)
    respuesta = client.post(reverse("municipio_elegir"), {"municipio": municipio_principal().pk})
    assert respuesta.status_code == 403


def test_a_directivo_lands_on_its_own_municipios_last_closed_corte(client):
    otro = otro_municipio()
    directivo_b = adscrito(UserFactory(username="dir_b", rol=roles.DIRECTIVO), otro)
    a = periodo(2022, 2)
    a.cerrado = True
    a.save()
    b = periodo(2022, 1, municipio=otro)
    b.cerrado = True
    b.save()
    client.force_login(directivo_b)
    assert client.get("/").url == reverse("informes:corte", args=[2022, b.clave])


# --- Bitácora ---


def test_registrar_finds_the_municipio_from_the_object_or_takes_the_one_given(analista_a):
    otro = otro_municipio()
    de_b = bitacora.registrar(
        bitacora.Tipo.PERIODO_CERRADO,
        usuario=analista_a,
        descripcion="T1 cerrado",
        objeto=Ejercicio.objects.get(
            pk=periodo(2022, 1, municipio=otro).ejercicio_id
        ).periodos.first(),
    )
    assert de_b.municipio_id == otro.pk
    dependencia = DependenciaFactory(siglas="DIF", municipio=otro)
    assert bitacora.municipio_de_objeto(dependencia) == otro.pk
    dada = bitacora.registrar(
        bitacora.Tipo.IMPORTACION, usuario=None, descripcion="x", municipio=municipio_principal()
    )
    assert dada.municipio_id == municipio_principal().pk
    cuenta = bitacora.registrar(
        bitacora.Tipo.ROLES, usuario=None, descripcion="y", objeto=analista_a
    )
    assert cuenta.municipio_id is None


def _eventos():
    otro = otro_municipio()
    bitacora.registrar(
        bitacora.Tipo.PERIODO_CERRADO, usuario=None, descripcion="Evento de Juárez",
        objeto=periodo(2022, 1),
    )  # fmt: skip
    bitacora.registrar(
        bitacora.Tipo.PERIODO_CERRADO, usuario=None, descripcion="Evento de Chihuahua",
        objeto=periodo(2022, 1, municipio=otro),
    )  # fmt: skip
    bitacora.registrar(
        bitacora.Tipo.ROLES, usuario=None, descripcion="Evento de cuentas", objeto=UserFactory()
    )


def test_an_analista_reads_only_its_municipios_bitacora(client, analista_a):
    _eventos()
    html = _pagina(client, analista_a, reverse("bitacora"))
    assert "Evento de Juárez" in html
    assert "Evento de Chihuahua" not in html
    assert "Evento de cuentas" not in html
    client.force_login(analista_a)
    csv = b"".join(client.get(reverse("bitacora_csv")).streaming_content).decode()
    assert "Evento de Juárez" in csv and "Evento de Chihuahua" not in csv


def test_who_keeps_accounts_also_reads_the_events_of_no_municipio(client):
    _eventos()
    ambos = UserFactory(username="ambos", rol=roles.ANALISTA)
    ambos.groups.add(*roles_grupos(roles.ADMINISTRADOR))
    adscrito(ambos, otro_municipio())
    html = _pagina(client, ambos, reverse("bitacora"))
    assert "Evento de cuentas" in html and "Evento de Chihuahua" in html
    assert "Evento de Juárez" not in html


def roles_grupos(*nombres):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=nombres)


def test_one_municipio_deployment_shows_every_event_to_its_analistas(client, analista):
    bitacora.registrar(
        bitacora.Tipo.ROLES, usuario=None, descripcion="Evento de cuentas", objeto=UserFactory()
    )
    assert "Evento de cuentas" in _pagina(client, analista, reverse("bitacora"))


# --- Admin ---


def test_the_admin_lists_only_the_users_municipios_ejercicios_and_periodos(client, analista_a):
    otro = otro_municipio()
    ejercicio(2031)
    de_b = ejercicio(2032, municipio=otro)
    client.force_login(analista_a)
    lista = client.get(reverse("admin:avgm_ejercicio_changelist"))
    assert [e.anio for e in lista.context["cl"].result_list] == [2031]
    periodos = client.get(reverse("admin:avgm_periodo_changelist") + "?all=")
    anios = {p.ejercicio.anio for p in periodos.context["cl"].result_list}
    assert 2031 in anios and 2032 not in anios
    ajeno = client.get(reverse("admin:avgm_ejercicio_change", args=[de_b.pk]))
    assert ajeno.status_code == 302  # the admin's «does not exist»: back to its index
    ajeno = client.get(reverse("admin:avgm_periodo_change", args=[de_b.periodos.first().pk]))
    assert ajeno.status_code == 302


def test_a_new_ejercicio_from_the_admin_lands_in_the_users_municipio(client, analista_b):
    otro = otro_municipio()
    ejercicio(2035)  # the principal's 2035 does not block Chihuahua's
    client.force_login(analista_b)
    datos = {
        "anio": 2035, "nombre": "Ejercicio 2035",
        "periodos-TOTAL_FORMS": 0, "periodos-INITIAL_FORMS": 0,
        "periodos-MIN_NUM_FORMS": 0, "periodos-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    respuesta = client.post(reverse("admin:avgm_ejercicio_add"), datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    nuevo = Ejercicio.objects.get(anio=2035, municipio=otro)
    assert nuevo.periodos.count() == 4
    repetido = client.post(reverse("admin:avgm_ejercicio_add"), datos)
    assert "Chihuahua ya tiene el ejercicio 2035" in repetido.content.decode()


def test_adding_a_municipio_creates_its_institution_and_none_is_deleted(client):
    raiz = UserFactory(username="raiz", is_staff=True, is_superuser=True)
    client.force_login(raiz)
    respuesta = client.post(
        reverse("admin:avgm_municipio_add"),
        {"nombre": "Delicias", "clave": "delicias", "orden": 3},
    )
    assert respuesta.status_code == 302
    nuevo = Municipio.objects.get(clave="delicias")
    assert nuevo.institucion.municipio == "Delicias"
    assert Institucion.objects.filter(municipio_de_seguimiento=nuevo).exists()
    assert EventoBitacora.objects.filter(objeto_tipo="avgm.municipio", objeto_id=str(nuevo.pk))
    borrar = client.post(reverse("admin:avgm_municipio_delete", args=[nuevo.pk]), {"post": "yes"})
    assert borrar.status_code == 403
    assert Municipio.objects.filter(pk=nuevo.pk).exists()


def _cuenta(user, **cambios) -> dict:
    adscripcion = getattr(user, "adscripcion", None) if hasattr(user, "adscripcion") else None
    datos = {
        "username": user.username, "email": user.email, "is_active": "on",
        "date_joined_0": "01/01/2022", "date_joined_1": "00:00:00",
        "adscripcion-TOTAL_FORMS": 1, "adscripcion-INITIAL_FORMS": 1 if adscripcion else 0,
        "adscripcion-MIN_NUM_FORMS": 0, "adscripcion-MAX_NUM_FORMS": 1,
        "adscripcion-0-usuario": user.pk,
        "adscripcion-0-id": adscripcion.pk if adscripcion else "",
    }  # fmt: skip
    datos.update(cambios)
    return datos


def test_the_administrador_adscribes_an_account_and_the_bitacora_records_it(client):
    otro = otro_municipio()
    admin_b = adscrito(UserFactory(username="admin_b", rol=roles.ADMINISTRADOR), otro)
    persona = UserFactory(username="persona", rol=roles.DIRECTIVO)
    client.force_login(admin_b)
    respuesta = client.post(
        reverse("admin:auth_user_change", args=[persona.pk]),
        _cuenta(persona, **{"adscripcion-0-municipio": otro.pk}),
    )
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    assert Adscripcion.objects.get(usuario=persona).municipio == otro
    evento = EventoBitacora.objects.filter(objeto_id=str(persona.pk)).latest("pk")
    assert evento.usuario == admin_b
    assert json.dumps(evento.despues, ensure_ascii=False).count(otro.nombre) == 1

    # Only to its own municipio: the principal is not among the choices.
    otra = UserFactory(username="otra", rol=roles.DIRECTIVO)
    respuesta = client.post(
        reverse("admin:auth_user_change", args=[otra.pk]),
        _cuenta(otra, **{"adscripcion-0-municipio": municipio_principal().pk}),
    )
    assert respuesta.status_code == 200
    assert not Adscripcion.objects.filter(usuario=otra).exists()


def test_nobody_changes_their_own_adscripcion(client):
    otro = otro_municipio()
    raiz = adscrito(UserFactory(username="raiz", is_staff=True, is_superuser=True), otro)
    client.force_login(raiz)
    respuesta = client.post(
        reverse("admin:auth_user_change", args=[raiz.pk]),
        _cuenta(raiz, **{"adscripcion-0-municipio": municipio_principal().pk, "is_staff": "on",
                         "is_superuser": "on"}),
    )  # fmt: skip
    assert "Nadie cambia su propio municipio de adscripción" in respuesta.content.decode()
    assert Adscripcion.objects.get(usuario=raiz).municipio == otro


def test_salud_warns_of_active_accounts_without_adscripcion(client, analista, coordinacion):
    def adscripciones():
        cuerpo = client.get("/salud/").json()
        return next(c for c in cuerpo["comprobaciones"] if c["nombre"] == "adscripciones")

    assert adscripciones()["estado"] == "ok"
    otro_municipio()
    aviso = adscripciones()
    assert aviso["estado"] == "aviso"
    assert aviso["detalle"].startswith("1 cuenta activa sin municipio de adscripción")
    adscrito(analista, municipio_principal())
    assert adscripciones()["estado"] == "ok"  # the Coordinación needs none


def test_the_one_municipio_home_page_has_no_selector_for_anyone(client, analista, directivo):
    User = get_user_model()
    assert Municipio.objects.count() == 1
    for persona in (analista, directivo, User.objects.get(username="analista")):
        assert SELECTOR not in _pagina(client, persona)


def test_the_administrador_edits_only_its_municipios_institution(client, analista_a):
    otro = otro_municipio()
    admin_a = adscrito(
        UserFactory(username="admin_a", rol=roles.ADMINISTRADOR), municipio_principal()
    )
    client.force_login(admin_a)
    lista = client.get(reverse("admin:avgm_institucion_changelist"))
    assert list(lista.context["cl"].result_list) == [municipio_principal().institucion]
    ajena = client.get(reverse("admin:avgm_institucion_change", args=[otro.institucion.pk]))
    assert ajena.status_code == 302
