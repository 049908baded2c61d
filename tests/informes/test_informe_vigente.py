"""Deadline day: readers never wait for writers. While one process recomputes a corte (a lock
in the shared cache), every other reader gets the last report page kept, with its time and a
notice that it is being updated; the person who just wrote sees their write; the next view
shows the new figures; the shared cache keeps one entry per page, however many writes.
These tests commit for real (transaction=True): the revision only moves after a commit."""

import pytest
from django.core.cache import caches
from django.db import connection

from avgm.plataforma import revision, roles
from fichas.models import FichaTecnica
from informes.salidas import borrador
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, UserFactory, ejercicio

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/informes/corte/2022/T1/"
AVISO = "se están actualizando"


@pytest.fixture(autouse=True)
def cache_de_base_de_datos(settings):
    """The portal's own cache: the table the migrations create, shared by every process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "avgm_cache",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def ficha():
    ejercicio(2022)
    meta = MetaFactory(programado={1: 4}, recomendaciones=[RecomendacionFactory()])
    return FichaFactory(meta=meta, estado=FichaTecnica.Estado.ENVIADA, cantidad_alcanzada=4)


def _clave_de_la_pagina() -> str:
    """The shared cache's key of the corte's page (its ejercicio's id: one municipio's year)."""
    return f"informes:borrador-html:{ejercicio(2022).pk}:T1:{borrador._ajustes()}"


def _otro_proceso_recalcula():
    """What another gunicorn process holds while it recomputes the corte's page."""
    caches["default"].add(f"{_clave_de_la_pagina()}:calculando", 1)


def _impactadas(html: str) -> str:
    """The summary's line «… ha impactado N recomendaciones …», as printed."""
    return html[html.index("ha impactado") :][:300]


def _aprobar(ficha):
    ficha.refresh_from_db()
    ficha.estado = FichaTecnica.Estado.APROBADA
    ficha.save()


def test_a_reader_gets_the_last_page_with_its_time_while_another_process_recomputes(ficha, client):
    client.force_login(UserFactory(rol=roles.DIRECTIVO))
    antes = client.get(URL).content.decode()
    assert AVISO not in antes
    _aprobar(ficha)  # committed: the page kept is now obsolete
    _otro_proceso_recalcula()

    durante = client.get(URL).content.decode()
    assert AVISO in durante
    assert "Cifras al " in durante
    assert _impactadas(durante) == _impactadas(antes)  # the last figures, not half-new ones

    caches["default"].delete(f"{_clave_de_la_pagina()}:calculando")
    despues = client.get(URL).content.decode()  # the next view: the new figures
    assert AVISO not in despues
    assert _impactadas(despues) != _impactadas(antes)


def test_the_person_who_wrote_sees_their_write_while_another_process_recomputes(ficha, client):
    directivo = UserFactory(rol=roles.DIRECTIVO)
    client.force_login(directivo)
    antes = client.get(URL).content.decode()

    analista = UserFactory(rol=roles.ANALISTA)
    client.force_login(analista)
    respuesta = client.post(f"/fichas/{ficha.pk}/aprobar/", {"version": ficha.version})
    assert respuesta.status_code == 302
    _otro_proceso_recalcula()

    suya = client.get(URL).content.decode()
    assert AVISO not in suya  # never older than their own approval
    assert _impactadas(suya) != _impactadas(antes)

    client.force_login(directivo)
    otra = client.get(URL).content.decode()
    # Someone else may get the page kept, saying so; or the one the analista just computed.
    assert AVISO in otra or _impactadas(otra) == _impactadas(suya)


def test_only_one_process_computes_the_others_get_the_last_value(settings):
    settings.AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS = 0
    ejercicio(2022)
    calculos = []

    def producir():
        calculos.append(1)
        return len(calculos)

    primera = revision.memorizar_vigente("prueba:vigente", producir, ejercicios=[])
    assert (primera.valor, primera.actualizando) == (1, False)
    revision.marcar_cambio()  # in autocommit: bumped at once
    caches["default"].add("prueba:vigente:calculando", 1)  # another process is computing

    durante = revision.memorizar_vigente("prueba:vigente", producir, ejercicios=[])
    assert (durante.valor, durante.actualizando) == (1, True)
    assert durante.calculado_en == primera.calculado_en
    assert len(calculos) == 1  # this reader computed nothing

    propia = revision.memorizar_vigente(
        "prueba:vigente", producir, ejercicios=[], minimas={"*": 10**9}
    )
    assert (propia.valor, propia.actualizando) == (2, False)  # their own write: computed

    caches["default"].delete("prueba:vigente:calculando")
    revision.marcar_cambio()
    nueva = revision.memorizar_vigente("prueba:vigente", producir, ejercicios=[])
    assert (nueva.valor, nueva.actualizando) == (3, False)
    assert caches["default"].get("prueba:vigente:calculando") is None  # the lock was released


def test_writes_faster_than_the_interval_recompute_the_page_once(settings):
    settings.AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS = 60
    calculos = []

    def producir():
        calculos.append(1)
        return len(calculos)

    revision.memorizar_vigente("prueba:intervalo", producir, ejercicios=[])
    revision.marcar_cambio()
    assert revision.memorizar_vigente("prueba:intervalo", producir, ejercicios=[]).valor == 2
    for _ in range(3):
        revision.marcar_cambio()
        vigente = revision.memorizar_vigente("prueba:intervalo", producir, ejercicios=[])
        assert (vigente.valor, vigente.actualizando) == (2, True)
    assert len(calculos) == 2  # once per interval, not once per write


def _filas_de_cache() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM avgm_cache")
        return cursor.fetchone()[0]


def test_writes_do_not_pile_up_entries_in_the_shared_cache(ficha, client, settings):
    settings.AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS = 0  # every view after a write recomputes
    client.force_login(UserFactory(rol=roles.DIRECTIVO))
    client.get(URL)
    client.get("/informes/tablero/")
    filas = _filas_de_cache()
    for cantidad in (1, 2, 3):
        ficha.refresh_from_db()
        ficha.cantidad_alcanzada = cantidad
        ficha.save()
        client.get(URL)
        client.get("/informes/tablero/")
        assert _filas_de_cache() == filas  # each entry replaced, none added
