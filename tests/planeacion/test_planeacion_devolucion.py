"""A planning return uses planning's own observación codes and may carry a general comment;
the enlace reads both. Returns stored with the fichas' codes before still read as they did."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fichas.models import CodigoObservacion
from planeacion import workflow
from planeacion.models import ObservacionPropuesta, PropuestaMeta
from tests.factories import MetaFactory, RecomendacionFactory

pytestmark = pytest.mark.django_db
Uso = CodigoObservacion.Uso


@pytest.fixture
def enviada(analista, enlace_a, dependencia_a):
    ronda = workflow.ronda_abrir(
        anio=2023,
        fecha_limite=timezone.localdate() + datetime.timedelta(days=30),
        usuario=analista,
    )
    meta = MetaFactory(
        dependencia=dependencia_a, programado={1: 10}, recomendaciones=[RecomendacionFactory()]
    )
    propuesta = workflow.propuesta_arrastrar(ronda=ronda, meta=meta, usuario=enlace_a)
    return workflow.propuesta_enviar(
        propuesta=propuesta, usuario=enlace_a, version=propuesta.version
    )


def _opciones(html: str, select_id: str) -> str:
    inicio = html.index(f'id="{select_id}"')
    return html[inicio : html.index("</select>", inicio)]


def test_the_return_form_offers_planning_codes_and_a_general_comment(client, analista, enviada):
    client.force_login(analista)
    html = client.get(reverse("planeacion:propuesta", args=[enviada.pk])).text
    opciones = _opciones(html, "id_obs-0-codigo")
    for nombre in [
        "Indicador poco claro",
        "Programación no congruente con la línea base",
        "Recomendación mal asociada",
        "Unidad de medida inadecuada",
        "Otro",
    ]:
        assert f">{nombre}</option>" in opciones
    assert "Falta evidencia" not in opciones and "Desagregación no cuadra" not in opciones
    assert 'name="comentario"' in html and "Comentario general (opcional)" in html


def test_the_enlace_reads_the_codes_and_the_general_comment(client, analista, enlace_a, enviada):
    codigo = CodigoObservacion.objects.get(clave="indicador-poco-claro")
    client.force_login(analista)
    respuesta = client.post(
        reverse("planeacion:propuesta_devolver", args=[enviada.pk]),
        {
            "version": enviada.version,
            "comentario": "En general, ajuste la programación a lo que hizo en 2022.",
            "obs-TOTAL_FORMS": 1,
            "obs-INITIAL_FORMS": 0,
            "obs-0-codigo": codigo.pk,
            "obs-0-texto": "¿Qué se cuenta: talleres o personas?",
            "obs-0-campos": ["unidad_medida"],
        },
    )
    assert respuesta.status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == PropuestaMeta.Estado.DEVUELTA
    client.force_login(enlace_a)
    html = client.get(reverse("planeacion:propuesta", args=[enviada.pk])).text
    aviso = html[
        html.index('id="observaciones"') : html.index(
            "</div>", html.index('id="comentario-devolucion"') + 40
        )
    ]
    assert "En general, ajuste la programación a lo que hizo en 2022." in aviso
    assert "<strong>Indicador poco claro</strong>: ¿Qué se cuenta: talleres o personas?" in html


def test_a_fichas_code_is_refused_on_a_proposal_whatever_the_door(analista, enviada):
    with pytest.raises(workflow.PasoNoPermitido, match="elija uno de propuestas"):
        workflow.propuesta_devolver(
            propuesta=enviada,
            usuario=analista,
            version=enviada.version,
            observaciones=[
                {"codigo": CodigoObservacion.objects.get(clave="falta-evidencia"), "texto": "x"}
            ],
        )
    enviada.refresh_from_db()
    assert enviada.estado == PropuestaMeta.Estado.ENVIADA


def test_a_return_stored_with_a_fichas_code_still_reads(client, analista, enlace_a, enviada):
    # Before planning had its own codes, returns used the fichas' catalog.
    enviada = workflow.propuesta_devolver(
        propuesta=enviada,
        usuario=analista,
        version=enviada.version,
        observaciones=[
            {"codigo": CodigoObservacion.objects.get(clave="planeacion-otro"), "texto": "y"}
        ],
    )
    antigua = ObservacionPropuesta.objects.get()
    antigua.codigo = CodigoObservacion.objects.get(clave="falta-evidencia")
    antigua.save(update_fields=["codigo"])
    client.force_login(enlace_a)
    assert (
        "<strong>Falta evidencia</strong>: y"
        in client.get(reverse("planeacion:propuesta", args=[enviada.pk])).text
    )


def test_the_ficha_return_offers_only_the_fichas_codes(client, analista, ficha_a, enlace_a):
    from fichas import workflow as fichas_workflow

    fichas_workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=ficha_a.version)
    client.force_login(analista)
    html = client.get(reverse("fichas:ficha", args=[ficha_a.pk])).text
    opciones = _opciones(html, "id_obs-0-codigo")
    assert ">Falta evidencia</option>" in opciones
    assert "Indicador poco claro" not in opciones
    assert set(
        CodigoObservacion.objects.filter(uso=Uso.PROPUESTA).values_list("nombre", flat=True)
    ) == {
        "Indicador poco claro",
        "Programación no congruente con la línea base",
        "Recomendación mal asociada",
        "Unidad de medida inadecuada",
        "Otro",
    }
