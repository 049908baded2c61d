"""Analistas read the bitácora in the portal (filtered, paginated) and export it as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from avgm.models import EventoBitacora
from avgm.plataforma import bitacora

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo
PAGINA = reverse("bitacora")
CSV = reverse("bitacora_csv")


def _evento(monkeypatch, tipo, usuario, dia: datetime.date, descripcion, **datos):
    """An event written on `dia` (the model stamps the date itself)."""
    momento = timezone.make_aware(datetime.datetime.combine(dia, datetime.time(12, 0)))
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: momento)
        return bitacora.registrar(tipo, usuario=usuario, descripcion=descripcion, **datos)


@pytest.fixture
def eventos(monkeypatch, analista, enlace_a):
    return [
        _evento(
            monkeypatch, Tipo.PERIODO_CERRADO, analista, datetime.date(2022, 4, 5),
            "Periodo T1 2022 cerrado", antes={"Cerrado": False}, despues={"Cerrado": True},
        ),
        _evento(
            monkeypatch, Tipo.NARRATIVA, analista, datetime.date(2022, 7, 10),
            "Narrativa del corte Ene–Jun 2022",
            antes={"Compromisos": ""}, despues={"Compromisos": "=HYPERLINK(\"http://x\")"},
        ),
        _evento(
            monkeypatch, Tipo.CUENTA_DESACTIVADA, None, datetime.date(2022, 7, 20),
            "Cuenta «enlace_a» desactivada",
            antes={"Cuenta activa": True}, despues={"Cuenta activa": False},
        ),
    ]  # fmt: skip


def test_each_event_shows_who_when_what_and_before_after(client, analista, eventos):
    client.force_login(analista)
    pagina = client.get(PAGINA).text
    assert "05/04/2022 12:00" in pagina
    assert "Periodo cerrado" in pagina and "Periodo T1 2022 cerrado" in pagina
    assert '<strong>Cerrado:</strong> <span class="text-muted">No</span> → Sí' in pagina
    assert "Sistema (sin usuario identificado)" in pagina
    assert analista.get_full_name() in pagina


@pytest.mark.parametrize(
    ("filtros", "visibles"),
    [
        ({"tipo": Tipo.NARRATIVA}, ["Narrativa del corte"]),
        ({"desde": "2022-07-01", "hasta": "2022-07-15"}, ["Narrativa del corte"]),
        ({"desde": "2022-07-15"}, ["Cuenta «enlace_a» desactivada"]),
        ({"usuario": "analista"}, ["Periodo T1 2022 cerrado", "Narrativa del corte"]),
    ],
)
def test_the_page_filters_by_kind_user_and_dates(client, analista, eventos, filtros, visibles):
    if filtros.get("usuario"):
        filtros = {**filtros, "usuario": analista.pk}
    client.force_login(analista)
    pagina = client.get(PAGINA, filtros).text
    for evento in eventos:
        assert (evento.descripcion in pagina) == any(v in evento.descripcion for v in visibles)


def test_an_inverted_date_range_is_explained(client, analista, eventos):
    client.force_login(analista)
    pagina = client.get(PAGINA, {"desde": "2022-08-01", "hasta": "2022-07-01"}).text
    assert "posterior a la fecha «hasta»" in pagina


@pytest.mark.parametrize("n", [3, 120])
def test_the_page_costs_the_same_queries_with_3_or_120_events(
    client, analista, monkeypatch, django_assert_max_num_queries, n
):
    for i in range(n):
        bitacora.registrar(Tipo.ROLES, usuario=analista, descripcion=f"Evento {i}", antes={"a": i})
    client.force_login(analista)
    client.get(PAGINA)  # the first request marks the session's start (a write, once)
    # session, user, its groups (capabilities), count, one page with authors, author choices,
    # the institution (footer)
    with django_assert_max_num_queries(7):
        respuesta = client.get(PAGINA, {"pagina": 2 if n > 50 else 1})
    assert respuesta.status_code == 200
    assert respuesta.context["pagina"].paginator.count >= n


def test_the_csv_is_the_filtered_list_for_excel_with_formulas_neutralised(
    client, analista, eventos
):
    client.force_login(analista)
    respuesta = client.get(CSV, {"tipo": Tipo.NARRATIVA})
    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    contenido = b"".join(respuesta.streaming_content).decode("utf-8")
    assert contenido.startswith("\ufeff")
    filas = list(csv.reader(io.StringIO(contenido.lstrip("\ufeff"))))
    assert filas[0][:4] == ["Fecha", "Tipo", "Usuario", "Descripción"]
    assert len(filas) == 2
    fila = dict(zip(filas[0], filas[1], strict=True))
    assert fila["Tipo"] == "Narrativa guardada"
    assert fila["Antes"] == "Compromisos: (vacío)"
    assert fila["Después"] == 'Compromisos: =HYPERLINK("http://x")'  # starts as text already


def test_a_cell_starting_with_a_formula_sign_is_prefixed(client, analista, monkeypatch):
    _evento(monkeypatch, Tipo.ROLES, analista, datetime.date(2022, 1, 3), "=1+1", antes=None)
    _evento(monkeypatch, Tipo.ROLES, analista, datetime.date(2022, 1, 4), "@SUM(A1)")
    client.force_login(analista)
    contenido = b"".join(client.get(CSV).streaming_content).decode("utf-8")
    assert "'=1+1" in contenido and "'@SUM(A1)" in contenido


@pytest.mark.parametrize("persona", ["enlace_a", "directivo"])
def test_enlaces_and_directivos_are_refused(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGINA).status_code == 403
    assert client.get(CSV).status_code == 403
    assert "Bitácora" not in client.get(reverse("inicio"), follow=True).text


def test_the_menu_links_analistas_to_the_bitacora(client, analista):
    client.force_login(analista)
    assert f'href="{PAGINA}"' in client.get(reverse("inicio"), follow=True).text
