"""Role homes, the queue and the ficha page: what they show, and query counts that stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fichas import workflow
from fichas.models import CodigoObservacion, FichaTecnica
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, periodo

pytestmark = pytest.mark.django_db
E = FichaTecnica.Estado


def _poblar(dependencia, n):
    """n metas of `dependencia` programmed in T1 and T2, with fichas in every state."""
    estados = [E.BORRADOR, E.ENVIADA, E.OBSERVADA, E.APROBADA]
    for i in range(n):
        meta = MetaFactory(
            dependencia=dependencia,
            programado={1: 5, 2: 5},
            recomendaciones=[RecomendacionFactory(), RecomendacionFactory()],
        )
        FichaFactory(meta=meta, estado=estados[i % 4], cantidad_alcanzada=i)
        FichaFactory(meta=meta, periodo=periodo(2022, 2), estado=estados[(i + 1) % 4])


def _consultas(client, url):
    with CaptureQueriesContext(connection) as ctx:
        respuesta = client.get(url)
    assert respuesta.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("enlace_a", lambda: reverse("inicio")),
        ("analista", lambda: reverse("inicio")),
        ("analista", lambda: reverse("fichas:cola")),
        ("analista", lambda: reverse("fichas:cola") + "?estado="),
        ("enlace_a", lambda: reverse("fichas:ficha", args=[FichaTecnica.objects.first().pk])),
        ("analista", lambda: reverse("fichas:ficha", args=[FichaTecnica.objects.first().pk])),
        (
            "analista",
            lambda: reverse(
                "fichas:ficha", args=[FichaTecnica.objects.filter(estado=E.ENVIADA)[0].pk]
            ),
        ),
    ],
)
# Measured: enlace home 8 (session, user, groups, its dependencias, periodos with metas,
# pending periodos, metas annotated with programado/acumulado, their fichas); analista home 8
# (session, user, groups, periodos, periodos with fichas, queue, queue count, response by
# dependencia); queue 9 (session, user, groups, counts by estado, page count, page, the
# filter's three choice lists); ficha page 12 for the enlace (ficha, history, its
# observaciones, observaciones, programación, recomendaciones, acumulado, evidencias,
# expected medios, ...) and 15 for the analista reviewing (queue neighbours, three code lists).
def test_query_counts_do_not_grow_with_the_data(
    request, client, dependencia_a, dependencia_b, persona, url, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    _poblar(dependencia_a, 3)
    _poblar(dependencia_b, 3)
    direccion = url()
    pocas = _consultas(client, direccion)
    _poblar(dependencia_a, 30)
    _poblar(dependencia_b, 30)
    # Same page with ten times the metas and fichas: not one query more.
    with django_assert_max_num_queries(pocas):
        assert client.get(direccion).status_code == 200
    print(f"{persona} {direccion}: {pocas} consultas")


def test_enlace_home_puts_observadas_first_and_shows_deadline(client, enlace_a, meta_a):
    otra = MetaFactory(dependencia=meta_a.dependencia, clave="DIF-02", programado={1: 3})
    FichaFactory(meta=otra, estado=E.OBSERVADA)
    client.force_login(enlace_a)
    html = client.get(reverse("inicio"), {"periodo": periodo(2022, 1).pk}).content.decode()
    assert html.index("DIF-02") < html.index("DIF-01")
    assert "Vencida hace" in html  # 2022's deadline, seen from 2026
    assert "Iniciar ficha" in html


def test_analista_sees_the_queue_and_the_response_by_dependencia(client, analista, ficha_a):
    ficha_a.estado = E.ENVIADA
    ficha_a.primer_envio_en = ficha_a.enviada_en = ficha_a.creada_en
    ficha_a.save()
    client.force_login(analista)
    html = client.get(reverse("inicio") + f"?periodo={periodo(2022, 1).pk}").content.decode()
    assert ficha_a.folio in html
    assert "100.0 %" in html  # DIF: 1 meta programada, 1 reportada


def test_the_enlace_sees_pinned_fields_highlighted_and_the_analista_sees_changes(
    client, ficha_a, enlace_a, analista
):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    codigo = CodigoObservacion.objects.get(clave="otra")
    ficha = workflow.ficha_devolver(
        ficha=ficha,
        usuario=analista,
        version=ficha.version,
        observaciones=[
            {"codigo": codigo, "texto": "El lugar no es un sector.", "campos": ["lugar"]}
        ],
    )
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:ficha", args=[ficha.pk])).content.decode()
    assert "El lugar no es un sector." in html
    assert 'class="campo-observado' in html and 'name="lugar"' in html
    ficha = workflow.ficha_guardar(
        ficha=ficha, usuario=enlace_a, datos={"lugar": "Sector Sur"}, version=ficha.version
    )
    workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)
    client.force_login(analista)
    html = client.get(reverse("fichas:ficha", args=[ficha.pk])).content.decode()
    assert "Cambios desde la última devolución" in html
    assert "<del>Sector Centro</del>" in html and "<ins>Sector Sur</ins>" in html


def test_the_directivo_home_is_the_overview(client, directivo):
    client.force_login(directivo)
    assert client.get(reverse("inicio"))["Location"] == reverse("informes:tablero")


def _formulario(ficha, **cambios):
    datos = {c: getattr(ficha, c) for c in workflow.CAMPOS_EDITABLES}
    datos.update(version=ficha.version, **cambios)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in datos.items()}


def test_send_saves_what_is_on_screen_and_asks_about_missing_medios(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    respuesta = client.post(
        url, _formulario(ficha_a, lugar="Sector Sur", accion="enviar"), follow=True
    )
    assert "no se envió" in respuesta.content.decode()
    ficha_a.refresh_from_db()
    assert (ficha_a.estado, ficha_a.lugar) == (E.BORRADOR, "Sector Sur")
    client.post(url, _formulario(ficha_a, accion="enviar", confirmar_medios="on"))
    ficha_a.refresh_from_db()
    assert ficha_a.estado == E.ENVIADA


def test_no_aplica_needs_a_justification_and_never_carries_a_quantity(client, ficha_a, enlace_a):
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    # A draft is saved anyway; the page says what submission will need.
    respuesta = client.post(url, _formulario(ficha_a, no_aplica=True), follow=True)
    assert "Explique por qué la meta no aplica" in respuesta.content.decode()
    ficha_a.refresh_from_db()
    assert (ficha_a.estado, ficha_a.no_aplica) == (E.BORRADOR, True)
    client.post(
        url,
        _formulario(
            ficha_a,
            no_aplica=True,
            justificacion_no_aplica="Sin presupuesto en T1.",
            accion="enviar",
        ),
    )
    ficha_a.refresh_from_db()
    assert (ficha_a.estado, ficha_a.no_aplica, ficha_a.cantidad_alcanzada) == (E.ENVIADA, True, 0)


def test_the_queue_filters_and_counts_by_estado(client, analista, dependencia_a, dependencia_b):
    _poblar(dependencia_a, 4)
    _poblar(dependencia_b, 4)
    client.force_login(analista)
    respuesta = client.get(reverse("fichas:cola") + f"?dependencia={dependencia_a.pk}")
    fichas = list(respuesta.context["pagina"].object_list)
    assert fichas and all(f.estado == E.ENVIADA for f in fichas)
    assert all(f.meta.dependencia == dependencia_a for f in fichas)
    conteos = {v: n for v, _, n in respuesta.context["conteos"]}
    assert conteos == {"borrador": 2, "enviada": 2, "observada": 2, "aprobada": 2}


@pytest.mark.parametrize("persona", ["analista", "directivo"])
def test_only_the_enlace_may_save_a_ficha(request, client, ficha_a, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("fichas:ficha", args=[ficha_a.pk])
    assert client.post(url, _formulario(ficha_a, lugar="Otro")).status_code == 403
    ficha_a.refresh_from_db()
    assert ficha_a.lugar == "Sector Centro"


def test_a_submitted_ficha_is_read_only_for_its_enlace(client, ficha_a, enlace_a):
    ficha = workflow.ficha_enviar(ficha=ficha_a, usuario=enlace_a, version=1)
    client.force_login(enlace_a)
    url = reverse("fichas:ficha", args=[ficha.pk])
    html = client.get(url).content.decode()
    assert "Contenido de la ficha" in html and 'name="lugar"' not in html
    # A stale tab posting to it is told what happened (409), not a bare 403; nothing changes.
    respuesta = client.post(url, _formulario(ficha, lugar="Otro"))
    assert respuesta.status_code == 409
    assert "ya se envió al IMM" in respuesta.content.decode()
    ficha.refresh_from_db()
    assert ficha.lugar == "Sector Centro"


def test_the_reviewer_sees_beneficiaries_by_age_and_sex_and_the_budget(client, analista, ficha_a):
    ficha_a.mujeres_18_29 = 1200
    ficha_a.hombres_18_29 = 34
    ficha_a.presupuesto_ejercido = 2800000
    ficha_a.save()
    client.force_login(analista)
    respuesta = client.get(f"/fichas/{ficha_a.pk}/")
    html = respuesta.content.decode()
    assert "18 a 29 años" in html
    assert ">1,234<" in html  # the row total of the 18–29 group
    assert "$ 2,800,000.00" in html
    assert "sin fuente indicada" in html


def test_next_and_previous_follow_the_queue_order(client, analista, meta_a):
    import datetime

    from django.utils import timezone

    def enviada(numero, dia, meta=meta_a):
        cuando = timezone.make_aware(datetime.datetime(2022, 4, dia, 9, 0))
        return FichaFactory(
            meta=meta, periodo=periodo(2022, numero), estado=E.ENVIADA, enviada_en=cuando,
            primer_envio_en=cuando,
        )  # fmt: skip

    otra = MetaFactory(dependencia=meta_a.dependencia, programado={1: 1})
    segunda, primera, tercera = enviada(2, 5), enviada(1, 3), enviada(1, 9, meta=otra)
    aprobada = FichaFactory(meta=otra, periodo=periodo(2022, 2), estado=E.APROBADA)
    client.force_login(analista)

    medio = client.get(reverse("fichas:ficha", args=[segunda.pk])).context
    assert (medio["anterior"], medio["siguiente"]) == (primera.pk, tercera.pk)
    inicio = client.get(reverse("fichas:ficha", args=[primera.pk])).context
    assert (inicio["anterior"], inicio["siguiente"]) == (None, segunda.pk)
    fin = client.get(reverse("fichas:ficha", args=[tercera.pk])).context
    assert (fin["anterior"], fin["siguiente"]) == (segunda.pk, None)
    # A reviewed ficha is outside the queue: it offers the oldest enviada.
    fuera = client.get(reverse("fichas:ficha", args=[aprobada.pk])).context
    assert (fuera["anterior"], fuera["siguiente"]) == (None, primera.pk)
