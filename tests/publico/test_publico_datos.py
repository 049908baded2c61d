"""Open data: every data package validates with frictionless; names and catalog are reusable."""

import json
import re

import pytest
from django.urls import reverse
from frictionless import validate

from informes.models import InformePublicado
from tests.publico import test_publico_vistas as escenario

# The published scenario of the micrositio's tests, shared as fixtures.
archivos, cache_limpia, datos = escenario.archivos, escenario.cache_limpia, escenario.datos
publicar_corte = escenario.publicar_corte

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # each test publishes (PDF, Excel)


def _descargar_paquete(client, version: int, destino) -> dict:
    url = reverse("publico:paquete", kwargs={"corte": "2022-t2", "version": version})
    paquete = json.loads(client.get(url).content)
    destino.mkdir()
    (destino / "datapackage.json").write_text(json.dumps(paquete, ensure_ascii=False))
    for recurso in paquete["resources"]:
        archivo = client.get(
            reverse(
                "publico:archivo_datos",
                kwargs={"corte": "2022-t2", "version": version, "archivo": recurso["path"]},
            )
        )
        assert archivo.status_code == 200
        (destino / recurso["path"]).write_bytes(archivo.content)
    return paquete


def test_every_published_version_is_a_valid_data_package(client, datos, analista, tmp_path):
    publicar_corte(analista, errata="Corrección de prueba.")
    for version in (1, 2):
        paquete = _descargar_paquete(client, version, tmp_path / f"v{version}")
        informe = validate(str(tmp_path / f"v{version}" / "datapackage.json"))
        assert informe.valid, informe.flatten(["rowNumber", "fieldName", "type", "note"])
        assert paquete["licenses"][0]["name"] == "CC-BY-4.0"
        publicada = InformePublicado.objects.get(version=version)
        assert paquete["created"] == publicada.publicado_en.isoformat(timespec="seconds")
        assert len(paquete["resources"]) == 4
        for recurso in paquete["resources"]:
            assert recurso["title"] and recurso["description"]
            assert all(c["title"] and c["description"] for c in recurso["schema"]["fields"])
            assert re.fullmatch(rf"[a-z0-9-]+-2022-t2-v{version}\.csv", recurso["path"])


def test_a_tampered_file_fails_validation(client, datos, tmp_path):
    """The validation in the test above can fail: a broken integer column is reported."""
    paquete = _descargar_paquete(client, 1, tmp_path / "v1")
    ruta = (
        tmp_path
        / "v1"
        / next(r["path"] for r in paquete["resources"] if r["name"].startswith("respuesta"))
    )
    lineas = ruta.read_text().splitlines()
    lineas[1] = lineas[1].replace(",1,", ",uno,", 1)
    ruta.write_text("\n".join(lineas) + "\n")
    assert not validate(str(tmp_path / "v1" / "datapackage.json")).valid


def test_json_and_xlsx_hold_the_same_rows_as_the_csv(client, datos):
    base = {"corte": "2022-t2", "version": 1}
    nombre = "respuesta-por-dependencia-2022-t2-v1"
    csv = client.get(reverse("publico:archivo_datos", kwargs={**base, "archivo": f"{nombre}.csv"}))
    filas = json.loads(
        client.get(
            reverse("publico:archivo_datos", kwargs={**base, "archivo": f"{nombre}.json"})
        ).content
    )
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv.content.decode("utf-8").splitlines()) == len(filas) + 1
    assert filas[-1]["periodo"] == "corte" and filas[-1]["dependencia"] == "DIF"
    xlsx = client.get(
        reverse("publico:archivo_datos", kwargs={**base, "archivo": f"{nombre}.xlsx"})
    )
    assert xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx["Content-Disposition"]
    otro = client.get(
        reverse("publico:archivo_datos", kwargs={**base, "archivo": "nada-2022-t2-v1.csv"})
    )
    assert otro.status_code == 404


def test_the_dcat_catalog_lists_every_version_with_absolute_download_addresses(
    client, datos, analista
):
    publicar_corte(analista, errata="Corrección de prueba.")
    catalogo = json.loads(client.get(reverse("publico:catalogo")).content)
    assert catalogo["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    identificadores = [d["identifier"] for d in catalogo["dataset"]]
    assert identificadores == [
        "avgm-informe-de-corte-2022-t2-v2",
        "avgm-informe-de-corte-2022-t2-v1",
    ]
    for conjunto in catalogo["dataset"]:
        assert conjunto["accessLevel"] == "public" and conjunto["modified"]
        assert conjunto["contactPoint"]["hasEmail"] == "mailto:avgm@imm.juarez.gob.mx"
        for d in conjunto["distribution"]:
            assert d["downloadURL"].startswith("http://testserver/publico/")
            assert client.get(d["downloadURL"].removeprefix("http://testserver")).status_code == 200
    assert "Corrección de prueba." in catalogo["dataset"][0]["description"]
