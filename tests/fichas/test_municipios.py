"""Each municipio's fichas are its own: another municipio's answer 404 at every door.

Juárez (the principal municipio) and Chihuahua both run a DIF. Juárez's enlace, analista
and directivo never read, list, export or change Chihuahua's fichas, evidence, observaciones
or periodos; the Coordinación estatal reads the municipio it chose, one at a time, and never
opens personal-data evidence.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from avgm.models import Adscripcion, Periodo
from avgm.plataforma import municipios, roles
from dependencias.models import Dependencia
from fichas import workflow
from fichas.models import CodigoObservacion, Evidencia, FichaTecnica, HistorialFicha, Observacion
from tests.factories import (
    DependenciaFactory,
    EnlaceFactory,
    FichaFactory,
    MetaFactory,
    UserFactory,
    ejercicio,
    municipio_principal,
    otro_municipio,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 lista de asistencia"


def _adscribir(usuario, municipio):
    Adscripcion.objects.create(usuario=usuario, municipio=municipio)
    return usuario


def _llena(meta, enlace, numero: int) -> FichaTecnica:
    return FichaFactory(
        meta=meta,
        periodo=meta.ejercicio.periodos.get(numero=numero),
        creada_por=enlace,
        cantidad_alcanzada=4,
        actividades="Pláticas de prevención en escuelas.",
        lugar="Colonia Centro",
    )


@pytest.fixture
def juarez(analista, directivo, enlace_a, ficha_a):
    """Juárez's people, adscritos to it (a deployment with two municipios needs it)."""
    principal = municipio_principal()
    for usuario in (analista, directivo, enlace_a):
        _adscribir(usuario, principal)
    return principal


@pytest.fixture
def chihuahua(juarez, media_tmp):
    """Chihuahua's DIF (the same siglas as Juárez's), its enlace and analista, a submitted
    ficha with personal-data evidence and a returned ficha with its observación."""
    municipio = otro_municipio()
    dif = DependenciaFactory(municipio=municipio, siglas="DIF", nombre="DIF Chihuahua")
    enlace = _adscribir(
        EnlaceFactory(usuario__username="enlace_chih", dependencia=dif).usuario, municipio
    )
    analista = _adscribir(UserFactory(username="analista_chih", rol=roles.ANALISTA), municipio)
    meta = MetaFactory(
        clave="CH-01",
        dependencia=dif,
        ejercicio=ejercicio(2022, municipio),
        programado={1: 4, 2: 4},
    )
    enviada = _llena(meta, enlace, 1)
    evidencia = Evidencia(
        ficha=enviada, subida_por=enlace, nombre_original="asistentes.pdf",
        contiene_datos_personales=True,
    )  # fmt: skip
    evidencia.archivo.save("asistentes.pdf", ContentFile(PDF), save=True)
    enviada = workflow.ficha_enviar(ficha=enviada, usuario=enlace, version=enviada.version)
    observada = _llena(meta, enlace, 2)
    observada = workflow.ficha_enviar(ficha=observada, usuario=enlace, version=observada.version)
    observada = workflow.ficha_devolver(
        ficha=observada,
        usuario=analista,
        version=observada.version,
        observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": "Falta la lista."}],
    )
    return {
        "municipio": municipio,
        "dif": dif,
        "enlace": enlace,
        "meta": meta,
        "enviada": enviada,
        "observada": observada,
        "evidencia": evidencia,
        "observacion": observada.observaciones.get(),
        "periodo": enviada.periodo,
    }


def _estado_de(municipio) -> dict:
    """Everything a forged step could change in `municipio`'s seguimiento."""
    fichas = FichaTecnica.objects.filter(meta__dependencia__municipio=municipio)
    return {
        "fichas": sorted(fichas.values_list("pk", "estado", "version", "cantidad_alcanzada")),
        "historial": HistorialFicha.objects.filter(ficha__in=fichas).count(),
        "evidencias": sorted(
            Evidencia.objects.filter(ficha__in=fichas).values_list("pk", "retirada_en")
        ),
        "respuestas": sorted(
            Observacion.objects.filter(ficha__in=fichas).values_list("pk", "respuesta")
        ),
        "periodos": sorted(
            Periodo.objects.filter(ejercicio__municipio=municipio).values_list("pk", "cerrado")
        ),
    }


def _lecturas(b) -> list[str]:
    ficha, evidencia = b["enviada"].pk, b["evidencia"].pk
    return [
        reverse("fichas:ficha", args=[ficha]),
        reverse("fichas:acuse", args=[ficha]),
        reverse("fichas:evidencia", args=[evidencia]),
        reverse("fichas:evidencia_ver", args=[evidencia]),
        reverse("fichas:evidencia_en_linea", args=[evidencia]),
        reverse("fichas:enlaces", args=[b["dif"].pk]),
        reverse("fichas:periodo_cerrar", args=[b["periodo"].pk]),
    ]


def _pasos(b) -> list[tuple[str, dict]]:
    """Forged POSTs naming Chihuahua's objects, each with the data its form expects."""
    enviada, observada = b["enviada"], b["observada"]
    return [
        (reverse("fichas:ficha", args=[observada.pk]), {"version": observada.version}),
        (reverse("fichas:enviar", args=[observada.pk]), {"version": observada.version}),
        (
            reverse("fichas:devolver", args=[enviada.pk]),
            {"version": enviada.version, "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        ),
        (reverse("fichas:aprobar", args=[enviada.pk]), {"version": enviada.version}),
        (reverse("fichas:reabrir", args=[enviada.pk]), {"version": enviada.version, "motivo": "x"}),
        (
            reverse("fichas:evidencia_agregar", args=[observada.pk]),
            {"version": observada.version, "archivo": SimpleUploadedFile("otra.pdf", PDF)},
        ),
        (
            reverse("fichas:observacion_responder", args=[b["observacion"].pk]),
            {"version": observada.version, "respuesta": "Ya va la lista."},
        ),
        (
            reverse("fichas:evidencia_retirar", args=[b["evidencia"].pk]),
            {"version": enviada.version},
        ),
        (reverse("fichas:periodo_cerrar", args=[b["periodo"].pk]), {}),
        (reverse("fichas:periodo_reabrir", args=[b["periodo"].pk]), {}),
        (reverse("fichas:nueva", args=[b["meta"].pk, b["periodo"].pk]), {}),
    ]


def _esperado(url: str, persona: str) -> int:
    """404; but closing periodos answers 403 to whoever may close none, whatever the periodo
    (its answer says nothing of the periodo named)."""
    return 403 if "/periodos/" in url and persona != "analista" else 404


@pytest.mark.parametrize("persona", ["enlace_a", "analista", "directivo"])
def test_another_municipios_fichas_answer_404_to_every_role(client, request, chihuahua, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in _lecturas(chihuahua):
        assert client.get(url).status_code == _esperado(url, persona), url


@pytest.mark.parametrize("persona", ["enlace_a", "analista", "directivo"])
def test_forged_steps_on_another_municipios_objects_are_refused_and_change_nothing(
    client, request, chihuahua, persona
):
    antes = _estado_de(chihuahua["municipio"])
    client.force_login(request.getfixturevalue(persona))
    for url, datos in _pasos(chihuahua):
        assert client.post(url, datos).status_code == _esperado(url, persona), url
    assert _estado_de(chihuahua["municipio"]) == antes


def test_the_same_steps_work_for_chihuahuas_own_analista(client, chihuahua):
    """The forged requests above are well formed: Chihuahua's analista approves with one."""
    client.force_login(UserFactory(username="analista_chih"))
    enviada = chihuahua["enviada"]
    respuesta = client.post(
        reverse("fichas:aprobar", args=[enviada.pk]), {"version": enviada.version}
    )
    assert respuesta.status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == FichaTecnica.Estado.APROBADA


def _pks(html_o_contexto) -> set:
    return {f.pk for f in html_o_contexto}


def test_the_queue_and_the_home_list_only_the_municipios_fichas(
    client, analista, ficha_a, chihuahua
):
    workflow.ficha_enviar(
        ficha=ficha_a, usuario=UserFactory(username="enlace_a"), version=ficha_a.version
    )
    client.force_login(analista)
    cola = client.get(reverse("fichas:cola"))
    assert _pks(cola.context["pagina"].object_list) == {ficha_a.pk}
    assert {v: n for v, _, n in cola.context["conteos"]}[FichaTecnica.Estado.OBSERVADA] == 0
    opciones = cola.context["filtro"].fields
    dependencias = {v for v, _ in opciones["dependencia"].widget.choices if v}
    assert dependencias == {
        Dependencia.objects.get(siglas="DIF", municipio=municipio_principal()).pk
    }
    periodos_b = set(
        Periodo.objects.filter(ejercicio__municipio=chihuahua["municipio"]).values_list(
            "pk", flat=True
        )
    )
    assert not {v for v, _ in opciones["periodo"].widget.choices if v} & periodos_b
    inicio = client.get(reverse("inicio"))
    assert _pks(inicio.context["cola"]) == {ficha_a.pk}
    assert inicio.context["total_cola"] == 1
    assert inicio.context["periodo"].ejercicio.municipio == municipio_principal()
    html = inicio.content.decode()
    assert "DIF Chihuahua" not in html


def test_a_forged_filter_naming_another_municipios_dependencia_is_invalid(
    client, analista, chihuahua
):
    client.force_login(analista)
    cola = client.get(reverse("fichas:cola"), {"dependencia": chihuahua["dif"].pk, "estado": ""})
    assert "dependencia" in cola.context["filtro"].errors
    assert not any(
        f.meta.dependencia.municipio_id == chihuahua["municipio"].pk
        for f in cola.context["pagina"].object_list
    )


def test_the_periodos_page_lists_and_closes_only_the_municipios(client, analista, chihuahua):
    client.force_login(analista)
    pagina = client.get(reverse("fichas:periodos"))
    assert {p.ejercicio.municipio_id for p in pagina.context["periodos"]} == {
        municipio_principal().pk
    }


def test_the_export_holds_no_row_of_another_municipio(
    client, analista, directivo, ficha_a, chihuahua
):
    for persona in (analista, directivo):
        client.force_login(persona)
        respuesta = client.get(reverse("fichas:exportar"), {"descargar": "1"})
        assert respuesta.status_code == 200
        libro = load_workbook(io.BytesIO(respuesta.content))
        texto = "\n".join(
            str(c)
            for ws in libro.worksheets
            for fila in ws.iter_rows(values_only=True)
            for c in fila
        )
        assert ficha_a.meta.clave in texto
        assert "CH-01" not in texto
        assert client.get(reverse("fichas:exportar")).context["total"] == 1


def test_an_enlace_home_shows_only_its_municipios_periodos(client, enlace_a, chihuahua):
    client.force_login(enlace_a)
    inicio = client.get(reverse("inicio"))
    assert {p.ejercicio.municipio_id for p in inicio.context["periodos"]} == {
        municipio_principal().pk
    }
    assert "CH-01" not in inicio.content.decode()


def _elegir(client, municipio):
    sesion = client.session
    sesion[municipios.ELEGIDO] = municipio.pk
    sesion.save()


def test_the_coordinacion_reads_the_municipio_it_chose_one_at_a_time(client, ficha_a, chihuahua):
    client.force_login(UserFactory(username="coordinacion", rol=roles.COORDINACION))
    de_juarez = reverse("fichas:ficha", args=[ficha_a.pk])
    de_chihuahua = reverse("fichas:ficha", args=[chihuahua["enviada"].pk])
    assert client.get(de_juarez).status_code == 200  # the first municipio, before choosing
    assert client.get(de_chihuahua).status_code == 404
    _elegir(client, chihuahua["municipio"])
    assert client.get(de_chihuahua).status_code == 200
    assert client.get(de_juarez).status_code == 404
    cola = client.get(reverse("fichas:cola"), {"estado": ""})
    assert _pks(cola.context["pagina"].object_list) == {
        chihuahua["enviada"].pk,
        chihuahua["observada"].pk,
    }


def test_the_coordinacion_never_opens_personal_data_evidence_nor_reviews(client, chihuahua):
    client.force_login(UserFactory(username="coordinacion", rol=roles.COORDINACION))
    _elegir(client, chihuahua["municipio"])
    evidencia = chihuahua["evidencia"]
    assert client.get(reverse("fichas:evidencia", args=[evidencia.pk])).status_code == 403
    antes = _estado_de(chihuahua["municipio"])
    enviada = chihuahua["enviada"]
    respuesta = client.post(
        reverse("fichas:aprobar", args=[enviada.pk]), {"version": enviada.version}
    )
    assert respuesta.status_code == 403
    assert (
        client.post(reverse("fichas:periodo_cerrar", args=[chihuahua["periodo"].pk])).status_code
        == 403
    )
    assert _estado_de(chihuahua["municipio"]) == antes


def test_an_analista_without_a_municipio_sees_nothing(client, chihuahua):
    client.force_login(UserFactory(username="sin_adscripcion", rol=roles.ANALISTA))
    assert client.get(reverse("fichas:ficha", args=[chihuahua["enviada"].pk])).status_code == 404
    assert not client.get(reverse("fichas:cola"), {"estado": ""}).context["pagina"].object_list
