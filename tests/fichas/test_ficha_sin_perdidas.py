"""Server side of «nothing typed is lost»: drafts always save, errors re-render (400) with the
input, stale pages (409) say what happened and give the text back."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fichas import workflow
from fichas.models import CodigoObservacion, Evidencia, FichaTecnica, Observacion
from fichas.views.pagina import MARCA_FICHA

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


def _pagina(ficha, **cambios) -> dict:
    """What the one-form ficha page posts: every field, the marker, the version seen."""
    datos = {c: getattr(ficha, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(version=ficha.version, **{MARCA_FICHA: "1"})
    datos.update(cambios)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}


def _observada(ficha, enlace, analista):
    ficha = workflow.ficha_enviar(ficha=ficha, usuario=enlace, version=ficha.version)
    return workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[{"codigo": CodigoObservacion.objects.first(), "texto": "Falta el sector"}],
    )


def test_a_draft_is_saved_even_when_submission_would_need_more(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    # Programmed 10; 7 reached without a justification, and a budget without its source.
    respuesta = client.post(url, _pagina(ficha_a, cantidad_alcanzada=7, presupuesto_ejercido=5))
    assert respuesta.status_code == 302
    ficha_a.refresh_from_db()
    assert (ficha_a.cantidad_alcanzada, ficha_a.presupuesto_ejercido) == (7, 5)
    pendientes = client.get(url).context["pendientes_envio"]
    assert [campo for campo, _, _ in pendientes] == [
        "justificacion_variacion",
        "fuente_presupuesto",
    ]

    enviar = client.post(url, _pagina(ficha_a, accion="enviar", confirmar_medios="on"), follow=True)
    ficha_a.refresh_from_db()
    assert ficha_a.estado == E.BORRADOR
    assert "no se envió" in enviar.content.decode()
    assert "justifique la variación" in enviar.content.decode()


def test_adding_evidence_saves_the_typed_fields_first(client, ficha_a, enlace_a, media_tmp):
    client.force_login(enlace_a)
    datos = _pagina(ficha_a, lugar="Sector Norte", url="https://juarez.gob.mx/lista")
    respuesta = client.post(reverse("fichas:evidencia_agregar", args=[ficha_a.pk]), datos)
    assert respuesta.status_code == 302
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Norte"
    assert ficha_a.evidencias.get().url == "https://juarez.gob.mx/lista"


def test_a_bad_evidence_keeps_the_saved_fields_and_the_typed_description(
    client, ficha_a, enlace_a, media_tmp
):
    client.force_login(enlace_a)
    datos = _pagina(
        ficha_a,
        lugar="Sector Norte",
        descripcion="Lista firmada del taller",
        archivo=SimpleUploadedFile("lista.pdf", b"no soy un pdf"),
    )
    respuesta = client.post(reverse("fichas:evidencia_agregar", args=[ficha_a.pk]), datos)
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "Lista firmada del taller" in html and "no corresponde a un archivo PDF" in html
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Norte" and not ficha_a.evidencias.exists()


def test_a_field_that_is_not_a_number_saves_nothing_and_keeps_everything(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    datos = _pagina(ficha_a, lugar="Sector Norte", mujeres_18_29="veinte", url="https://a.mx/e")
    respuesta = client.post(reverse("fichas:evidencia_agregar", args=[ficha_a.pk]), datos)
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert 'value="veinte"' in html and 'value="Sector Norte"' in html
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Centro" and not ficha_a.evidencias.exists()


def test_answering_saves_the_fields_and_every_typed_answer(client, ficha_a, enlace_a, analista):
    ficha = _observada(ficha_a, enlace_a, analista)
    (observacion,) = ficha.observaciones.all()
    client.force_login(enlace_a)
    url = reverse("fichas:observacion_responder", args=[observacion.pk])

    vacia = client.post(url, _pagina(ficha, lugar="Sector Sur"))
    assert vacia.status_code == 400
    html = vacia.content.decode()
    # The answer's own field says why, wired for screen readers.
    assert "Escriba la respuesta antes de responder." in html
    assert f'aria-describedby="id_respuesta-{observacion.pk}_error"' in html
    ficha.refresh_from_db()
    assert ficha.lugar == "Sector Sur"  # saved even though the answer was missing

    datos = _pagina(ficha, lugar="Sector Poniente", **{f"respuesta-{observacion.pk}": "Listo"})
    assert client.post(url, datos).status_code == 302
    ficha.refresh_from_db()
    observacion.refresh_from_db()
    assert (ficha.lugar, observacion.respuesta) == ("Sector Poniente", "Listo")


def test_withdrawing_evidence_saves_the_typed_fields(client, ficha_a, enlace_a):
    evidencia = Evidencia.objects.create(ficha=ficha_a, url="https://a.mx/e", subida_por=enlace_a)
    client.force_login(enlace_a)
    datos = _pagina(ficha_a, obstaculos="Lluvia")
    respuesta = client.post(reverse("fichas:evidencia_retirar", args=[evidencia.pk]), datos)
    assert respuesta.status_code == 302
    ficha_a.refresh_from_db()
    evidencia.refresh_from_db()
    assert ficha_a.obstaculos == "Lluvia" and evidencia.retirada_en is not None


def _textareas_de_solo_lectura(html: str) -> str:
    return html[html.index('id="desfase"') : html.index("</section>", html.index('id="desfase"'))]


@pytest.mark.parametrize(
    "que_paso, mensaje",
    [
        ("enviada", "ya se envió al IMM"),
        ("periodo_cerrado", "se cerró mientras usted tenía abierta la ficha"),
        ("otra_version", "Usted mismo, en otra pestaña o ventana, modificó esta ficha"),
    ],
)
def test_a_stale_page_says_what_happened_and_gives_the_text_back(
    client, ficha_a, enlace_a, analista, que_paso, mensaje
):
    vista = _pagina(ficha_a, obstaculos="Un párrafo que costó escribir.")
    if que_paso == "enviada":
        workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    elif que_paso == "periodo_cerrado":
        workflow.periodo_cerrar(periodo=ficha_a.periodo, usuario=analista)
    else:
        workflow.ficha_guardar(
            ficha=ficha_a, usuario=enlace_a, datos={"lugar": "Sector Sur"}, version=1
        )
    client.force_login(enlace_a)
    respuesta = client.post(reverse("fichas:ficha", args=[ficha_a.pk]), vista)
    assert respuesta.status_code == 409
    bloque = _textareas_de_solo_lectura(respuesta.content.decode())
    assert mensaje in bloque
    assert "readonly>Un párrafo que costó escribir.</textarea>" in bloque
    ficha_a.refresh_from_db()
    assert ficha_a.obstaculos == ""


def test_an_approved_ficha_answers_a_late_evidence_with_409_not_403(
    client, ficha_a, enlace_a, analista
):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    workflow.ficha_aprobar(ficha=ficha, usuario=analista, version=ficha.version)
    client.force_login(enlace_a)
    datos = _pagina(ficha_a, descripcion="Fotos del taller", url="https://a.mx/f")
    respuesta = client.post(reverse("fichas:evidencia_agregar", args=[ficha_a.pk]), datos)
    assert respuesta.status_code == 409
    html = respuesta.content.decode()
    assert "ya fue aprobada" in html and "Fotos del taller" in html
    assert not Evidencia.objects.exists()


@pytest.fixture
def enviada(ficha_a, enlace_a):
    return workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)


def test_an_incomplete_return_re_renders_with_everything_typed(client, enviada, analista):
    client.force_login(analista)
    codigo = CodigoObservacion.objects.first()
    datos = {
        "version": enviada.version,
        "comentario": "Revise con calma.",
        "obs-TOTAL_FORMS": 2,
        "obs-INITIAL_FORMS": 0,
        "obs-0-codigo": codigo.pk,
        "obs-0-texto": "Anote el sector.",
        "obs-0-campos": ["lugar", "hombres_60"],
        "obs-1-texto": "Sin código todavía.",
    }
    respuesta = client.post(reverse("fichas:devolver", args=[enviada.pk]), datos)
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "Elija el código de la observación." in html
    for escrito in ["Revise con calma.", "Anote el sector.", "Sin código todavía."]:
        assert escrito in html
    assert re.search(r'value="hombres_60" class="form-check-input" id="[\w-]+" checked>', html)
    enviada.refresh_from_db()
    assert enviada.estado == E.ENVIADA and not Observacion.objects.exists()


def test_agregar_otra_observacion_adds_an_empty_form_and_keeps_the_rest(client, enviada, analista):
    client.force_login(analista)
    datos = {
        "version": enviada.version,
        "accion": "agregar_observacion",
        "obs-TOTAL_FORMS": 1,
        "obs-INITIAL_FORMS": 0,
        "obs-0-texto": "Primera.",
        "obs-0-campos": ["lugar"],
    }
    respuesta = client.post(reverse("fichas:devolver", args=[enviada.pk]), datos)
    assert respuesta.status_code == 200
    formset = respuesta.context["observaciones_formset"]
    assert formset.total_form_count() == 2
    assert "Primera." in respuesta.content.decode()
    assert not Observacion.objects.exists()


def test_reabrir_without_motivo_re_renders_with_400(client, enviada, analista):
    aprobada = workflow.ficha_aprobar(ficha=enviada, usuario=analista, version=enviada.version)
    client.force_login(analista)
    url = reverse("fichas:reabrir", args=[aprobada.pk])
    respuesta = client.post(url, {"version": aprobada.version, "motivo": ""})
    assert respuesta.status_code == 400
    assert "Indique el motivo de la reapertura." in respuesta.content.decode()


def test_a_stale_reopen_gives_the_motivo_back(client, enviada, analista):
    aprobada = workflow.ficha_aprobar(ficha=enviada, usuario=analista, version=enviada.version)
    workflow.ficha_reabrir(
        ficha=aprobada, usuario=analista, version=aprobada.version, motivo="Primera reapertura"
    )
    client.force_login(analista)
    url = reverse("fichas:reabrir", args=[aprobada.pk])
    respuesta = client.post(url, {"version": aprobada.version, "motivo": "La cantidad no cuadra"})
    assert respuesta.status_code == 409
    bloque = _textareas_de_solo_lectura(respuesta.content.decode())
    assert "devuelta al enlace" in bloque and "La cantidad no cuadra" in bloque
