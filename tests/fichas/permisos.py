"""What the two modules of the permission matrix share (`test_flujo_permisos`: the portal,
fichas, dependencias and planeación; `test_permisos_informes`: reports and the micrositio): the
row, the personas, the world the rows' URLs point into, and the check of one row for one persona.

A row is one line in the matrix:
    "app:name": Fila("get"|"post", kwargs(world) or None, anon, enlace_a, enlace_b, analista,
                     directivo, administrador[, datos(world)]),
where each answer is an HTTP status, or LOGIN for "redirected to the login page".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from fichas.models import CodigoObservacion, Evidencia, FichaTecnica, HistorialFicha, Observacion
from tests.factories import DependenciaFactory, FichaFactory, MetaFactory, periodo
from tests.por_modulo import personas, una_vez

LOGIN = "login"
PERSONAS = ["anon", "enlace_a", "enlace_b", "analista", "directivo", "administrador"]
E = FichaTecnica.Estado


@dataclass
class Fila:
    metodo: str
    kwargs: Callable[[dict], dict] | None
    anon: int | str
    enlace_a: int | str
    enlace_b: int | str
    analista: int | str
    directivo: int | str
    administrador: int | str
    datos: Callable[[dict], dict] = field(default=lambda w: {})


def _crear_mundo(dependencia_a, enlace_a) -> dict:
    meta = MetaFactory(dependencia=dependencia_a, programado={1: 3, 2: 3, 3: 3, 4: 3})
    borrador = FichaFactory(meta=meta, actividades="Taller", cantidad_alcanzada=3)
    evidencia = Evidencia(ficha=borrador, subida_por=enlace_a, nombre_original="lista.pdf")
    evidencia.archivo.save("lista.pdf", ContentFile(b"%PDF-1.4 lista"), save=True)
    observada = FichaFactory(meta=MetaFactory(dependencia=dependencia_a), estado=E.OBSERVADA)
    return {
        "meta": meta,
        "dependencia": dependencia_a,
        "borrador": borrador,
        "enviada": FichaFactory(meta=meta, periodo=periodo(2022, 2), estado=E.ENVIADA),
        "aprobada": FichaFactory(meta=meta, periodo=periodo(2022, 3), estado=E.APROBADA),
        "evidencia": evidencia,
        "periodo": periodo(2022, 4),
        "observada": observada,
        "observacion": Observacion.objects.create(
            ficha=observada,
            # An observación of the return in force: only those are answered.
            devolucion=HistorialFicha.objects.create(ficha=observada, accion="devolver"),
            codigo=CodigoObservacion.objects.first(),
            texto="Falta la lista",
            creada_por=enlace_a,
        ),
    }


def _personas_y_mundo_nuevos() -> tuple[dict, dict]:
    gente = personas()
    return gente, _crear_mundo(DependenciaFactory(siglas="DIF"), gente["enlace_a"])


@pytest.fixture(scope="module")
def _personas_y_mundo(django_db_setup, django_db_blocker):
    """The personas and the world, written once for the module's few hundred requests; each
    test's own writes are rolled back after it (tests/por_modulo.py)."""
    yield from una_vez(django_db_blocker, _personas_y_mundo_nuevos)


@pytest.fixture
def mundo(_personas_y_mundo, db) -> dict:
    """The module's world, read afresh: what a test leaves on its objects stays with it."""
    return {k: type(v).objects.get(pk=v.pk) for k, v in _personas_y_mundo[1].items()}


@pytest.fixture(autouse=True)
def _pdf_sin_render(monkeypatch, settings, tmp_path):
    """Only the status code matters here: the PDF render is a stub, its cache a temp folder.

    The real render is tested in test_informe_formatos and test_informe_publicacion.
    """
    import informes.salidas.pdf

    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    monkeypatch.setattr(
        informes.salidas.pdf, "generar_pdf", lambda *a, **k: (b"%PDF-1.7 prueba", 1)
    )
    monkeypatch.setattr("informes.estatal.pdf.generar_pdf", lambda *a, **k: b"%PDF-1.7 prueba")


def comprobar(client, personas_y_mundo, mundo, nombre: str, fila: Fila, persona: str) -> None:
    """Request the row's URL as `persona` and check the answer the row expects."""
    if persona != "anon":
        client.force_login(personas_y_mundo[0][persona])
    url = reverse(nombre, kwargs=fila.kwargs(mundo) if fila.kwargs else None)
    respuesta = getattr(client, fila.metodo)(url, fila.datos(mundo))
    if respuesta.streaming:  # a download read to the end closes its file; close() would also
        b"".join(respuesta.streaming_content)  # end the module's transaction on PostgreSQL
    esperado = getattr(fila, persona)
    if esperado == LOGIN:
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("login"))
    else:
        assert respuesta.status_code == esperado, f"{nombre} como {persona}"
