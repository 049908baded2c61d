"""The public pages' server cache keeps one entry per page: nobody outside can fill it."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.publico import test_publico_vistas as escenario

# The published scenario of the micrositio's tests, shared as fixtures.
archivos, datos = escenario.archivos, escenario.datos

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_de_base_de_datos(settings):
    """The portal's own shared cache: the table every server process reads and writes."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "avgm_cache",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def _entradas() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM avgm_cache")
        return cursor.fetchone()[0]


def test_a_thousand_query_strings_make_one_cache_entry(client, datos):
    url = reverse("publico:recomendaciones")
    antes = _entradas()
    pagina = client.get(url).content
    for n in range(1000):
        respuesta = client.get(f"{url}?n={n}&utm_source=nota-{n}")
        assert respuesta.status_code == 200
    assert respuesta.content == pagina  # the same page, parameters ignored
    assert _entradas() - antes == 1


def test_spellings_of_one_address_share_its_entry_and_made_up_ones_keep_none(client, datos):
    paquete = {"corte": "2022-t2", "version": 1}
    url = reverse("publico:paquete", kwargs=paquete)
    antes = _entradas()
    assert client.get(url).status_code == 200
    for ceros in ("0", "00", "000"):
        assert client.get(url.replace("/v1/", f"/v{ceros}1/")).status_code == 200
    assert _entradas() - antes == 1
    for inventada in (
        reverse("publico:corte", args=[2022, "TT2"]),
        reverse("publico:recomendacion", args=["R-999"]),
        reverse("publico:dependencia", args=["NADA"]),
        reverse("publico:archivo_datos", kwargs={**paquete, "archivo": "nada.csv"}),
    ):
        assert client.get(inventada).status_code == 404, inventada
    assert _entradas() - antes == 1
