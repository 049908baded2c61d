"""A directivo of the demo downloads the Ene–Jun 2022 report as PDF and Excel from the portal."""

import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from demo.cuentas import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # the whole demo as make run loads it, publishing included
]


def test_the_directivo_downloads_the_seed_report(abrir, live_server, tmp_path, settings):
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    with override_settings(DEBUG=True):  # the demo refuses to load in production
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard the summary
    pagina = abrir()
    pagina.goto(f"{live_server.url}/cuentas/login/")
    pagina.get_by_label("Nombre de usuario").fill("directivo")
    pagina.get_by_label("Contraseña").fill(PASSWORD)
    pagina.get_by_role("button", name="Iniciar sesión").click()

    # The directivo lands on the last published report (the demo publishes Ene–Jun 2022).
    expect(
        pagina.get_by_role("heading", name="Informe de corte: Respuesta a la AVGM Ene–Jun 2022")
    ).to_be_visible()
    expect(pagina.get_by_text("35.3 %").first).to_be_visible()

    # The PDF opens inline (the browser's viewer); fetch it with the page's own session.
    enlace_pdf = pagina.get_by_role("link", name="Descargar PDF").get_attribute("href")
    respuesta = pagina.request.get(f"{live_server.url}{enlace_pdf}")
    assert respuesta.ok
    assert respuesta.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "informe.pdf"
    pdf.write_bytes(respuesta.body())
    texto = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Informe de corte: Respuesta a la AVGM" in texto
    for cifra in ("119", "51", "35.3 %", "147", "86"):
        assert cifra in texto

    with pagina.expect_download() as descarga_xlsx:
        pagina.get_by_role("link", name="Descargar Excel").click()
    libro = tmp_path / "informe.xlsx"
    descarga_xlsx.value.save_as(libro)
    valores = {
        celda.value
        for hoja in openpyxl.load_workbook(libro, read_only=True).worksheets
        for fila in hoja.iter_rows()
        for celda in fila
    }
    assert {119, 51, 18, 21, 66, 50, 28, 99, 63, 32, 147, 86} <= valores
