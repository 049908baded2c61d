"""The Django admin keeps each municipio's rows and people to it, and the shared declaratoria
to the portal's administration.

Juárez (the principal municipio) and Chihuahua each have a corte (its narrative and a
published version) and fichas. An analista of Juárez with access to the admin lists and
opens none of Chihuahua's, its filters name none of Chihuahua's periodos or dependencias,
and the account chooser of an enlace offers none of Chihuahua's people. With several
municipios only a superuser changes the declaratoria's catalogs, which everyone still reads;
with one, nothing changes.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from avgm.models import Adscripcion, EjeTransversal, Modalidad, Recomendacion
from avgm.plataforma import municipios, roles
from dependencias.models import TipoAccion, UnidadMedida
from fichas.models import CodigoObservacion, FichaTecnica
from informes.models import InformePublicado, NarrativaCorte
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)

pytestmark = pytest.mark.django_db


def _url(modelo, vista: str, *args) -> str:
    return reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_{vista}", args=args)


def _corte(municipio, nombre: str) -> dict:
    """`municipio`'s DIF, a ficha, its 2022 narrative up to T2 and a published version."""
    dif = DependenciaFactory(municipio=municipio, siglas=f"DIF-{nombre}", nombre=f"DIF {nombre}")
    meta = MetaFactory(dependencia=dif, ejercicio=ejercicio(2022, municipio), programado={1: 3})
    hasta = meta.ejercicio.periodos.get(numero=2)
    return {
        "dif": dif,
        "ficha": FichaFactory(meta=meta),
        "narrativa": NarrativaCorte.objects.create(
            ejercicio=meta.ejercicio, hasta=hasta, compromisos=f"Compromisos de {nombre}."
        ),
        "informe": InformePublicado.objects.create(
            ejercicio=meta.ejercicio,
            hasta=hasta,
            version=1,
            figuras={},
            pdf=f"informes/{nombre}.pdf",
            sha256="0" * 64,
            publicado_en=timezone.now(),
            publicado_por=UserFactory(username=f"publicadora_{nombre}"),
        ),  # fmt: skip
        "persona": _adscrita(UserFactory(username=f"persona_{nombre}"), municipio),
    }


def _adscrita(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


@pytest.fixture
def dos(db):
    juarez, chihuahua = municipio_principal(), otro_municipio()
    analista = _adscrita(UserFactory(username="analista_juarez", rol=roles.ANALISTA), juarez)
    # Its role reads the report and the fichas in the portal; a superuser may also let it
    # read them here.
    analista.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_informepublicado", "view_narrativacorte", "view_fichatecnica"]
        )
    )
    administrador = UserFactory(username="administrador_juarez", rol=roles.ADMINISTRADOR)
    return {
        "analista": analista,
        "administrador": _adscrita(administrador, juarez),
        "juarez": _corte(juarez, "juarez"),
        "chihuahua": _corte(chihuahua, "chihuahua"),
        "sin_adscripcion": UserFactory(username="persona_sin_adscripcion"),
    }


@pytest.mark.parametrize(
    "modelo, clave", [(InformePublicado, "informe"), (NarrativaCorte, "narrativa"), (FichaTecnica, "ficha")]
)  # fmt: skip
def test_the_analista_lists_and_opens_only_its_municipios_report_rows(client, dos, modelo, clave):
    client.force_login(dos["analista"])
    lista = client.get(_url(modelo, "changelist"))
    assert lista.status_code == 200
    assert list(lista.context["cl"].result_list) == [dos["juarez"][clave]]
    assert client.get(_url(modelo, "change", dos["juarez"][clave].pk)).status_code == 200
    ajena = client.get(_url(modelo, "change", dos["chihuahua"][clave].pk))
    assert ajena.status_code == 302  # the admin's «does not exist» redirect
    assert ajena["Location"] == reverse("admin:index")


def _opciones_de_filtros(client, modelo) -> dict[str, set]:
    """Each related filter of `modelo`'s list and the pks it offers."""
    cl = client.get(_url(modelo, "changelist")).context["cl"]
    return {
        f.field_path: {pk for pk, _ in f.lookup_choices}
        for f in cl.filter_specs
        if hasattr(f, "field_path") and f.field.is_relation
    }


def test_the_filters_name_none_of_another_municipios_periodos_dependencias_or_ejercicios(
    client, dos
):
    """A filter shows with two choices or more: Juárez gets a second of each."""
    juarez = dos["juarez"]
    otra = DependenciaFactory(siglas="SSPM", nombre="Seguridad Pública")
    segunda = FichaFactory(
        meta=MetaFactory(dependencia=otra, ejercicio=juarez["ficha"].meta.ejercicio),
        periodo=juarez["ficha"].meta.ejercicio.periodos.get(numero=2),
    )
    posterior = ejercicio(2023)
    InformePublicado.objects.create(
        ejercicio=posterior, hasta=posterior.periodos.get(numero=1), version=1, figuras={},
        pdf="informes/2023.pdf", sha256="1" * 64, publicado_en=timezone.now(),
        publicado_por=dos["analista"],
    )  # fmt: skip
    client.force_login(dos["analista"])
    assert _opciones_de_filtros(client, FichaTecnica) == {
        "periodo": {juarez["ficha"].periodo_id, segunda.periodo_id},
        "meta__dependencia": {juarez["dif"].pk, otra.pk},
    }
    assert _opciones_de_filtros(client, InformePublicado) == {
        "ejercicio": {juarez["informe"].ejercicio_id, posterior.pk}
    }


def _autocompletar(client, termino: str = "") -> set[str]:
    respuesta = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "dependencias", "model_name": "enlace", "field_name": "usuario", "term": termino},
    )  # fmt: skip
    assert respuesta.status_code == 200
    return {r["text"] for r in respuesta.json()["results"]}


def test_the_enlaces_account_chooser_offers_only_people_of_the_municipio(client, dos):
    client.force_login(dos["administrador"])
    ofrecidas = _autocompletar(client, "persona")
    assert ofrecidas == {"persona_juarez"}
    assert "persona_chihuahua" not in _autocompletar(client)
    assert "persona_sin_adscripcion" not in _autocompletar(client)


def test_a_superuser_chooses_among_every_account(client, dos):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert _autocompletar(client, "persona") == {
        "persona_juarez", "persona_chihuahua", "persona_sin_adscripcion"
    }  # fmt: skip


def test_with_one_municipio_the_chooser_offers_every_account(client, administrador):
    cualquiera = UserFactory(username="persona_cualquiera")
    client.force_login(administrador)
    assert _autocompletar(client, "persona") == {cualquiera.username}


def test_a_meta_is_offered_only_the_recomendaciones_of_its_municipio(client, dos):
    comun = RecomendacionFactory(clave="R-COMUN")
    propia = RecomendacionFactory(clave="R-JUAREZ")
    propia.municipios.set([municipio_principal()])
    ajena = RecomendacionFactory(clave="R-CHIHUAHUA")
    ajena.municipios.set([otro_municipio()])
    client.force_login(dos["analista"])
    form = client.get(reverse("admin:dependencias_meta_add")).context["adminform"].form
    assert set(form.fields["recomendaciones"].queryset) == {comun, propia}
    respuesta = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "dependencias", "model_name": "meta", "field_name": "recomendaciones", "term": "R-"},
    )  # fmt: skip
    assert {r["id"] for r in respuesta.json()["results"]} == {str(comun.pk), str(propia.pk)}


# --- the shared declaratoria -----------------------------------------------------------------

CATALOGOS = [
    (Recomendacion, lambda: RecomendacionFactory(clave="R-COMUN")),
    (Modalidad, lambda: Modalidad.objects.first()),
    (EjeTransversal, lambda: EjeTransversal.objects.first()),
    (TipoAccion, lambda: TipoAccion.objects.create(nombre="Campaña")),
    (UnidadMedida, lambda: UnidadMedida.objects.create(nombre="Talleres")),
    (CodigoObservacion, lambda: CodigoObservacion.objects.first()),
]


def _puede_cambiar(usuario, modelo) -> bool:
    """Whether `usuario`'s role holds the admin's change permission of `modelo`."""
    return usuario.has_perm(f"{modelo._meta.app_label}.change_{modelo._meta.model_name}")


@pytest.mark.parametrize("modelo, construir", CATALOGOS)
def test_with_several_municipios_only_a_superuser_changes_the_declaratoria(
    client, dos, modelo, construir
):
    fila = construir()
    assert fila is not None
    analista = dos["analista"]
    assert _puede_cambiar(analista, modelo)
    client.force_login(analista)
    pagina = client.get(_url(modelo, "change", fila.pk))
    assert pagina.status_code == 200  # still read
    assert municipios.DECLARATORIA_COMUN in pagina.content.decode()
    assert not pagina.context["has_change_permission"]
    assert client.post(_url(modelo, "change", fila.pk), {}).status_code == 403
    assert client.get(_url(modelo, "add")).status_code == 403
    lista = client.get(_url(modelo, "changelist"))
    assert lista.status_code == 200
    assert municipios.DECLARATORIA_COMUN in lista.content.decode()

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    pagina = client.get(_url(modelo, "change", fila.pk))
    assert pagina.context["has_change_permission"]
    assert municipios.DECLARATORIA_COMUN not in pagina.content.decode()


@pytest.mark.parametrize("modelo, construir", CATALOGOS)
def test_with_one_municipio_the_analista_still_changes_the_declaratoria(
    client, analista, modelo, construir
):
    fila = construir()
    client.force_login(analista)
    pagina = client.get(_url(modelo, "change", fila.pk))
    assert pagina.status_code == 200
    assert pagina.context["has_change_permission"]
    assert municipios.DECLARATORIA_COMUN not in pagina.content.decode()
    assert client.get(_url(modelo, "add")).status_code == 200
