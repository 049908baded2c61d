"""The institute signs each published PDF (PAdES, pyHanko) in the worker; anyone can check the
signature at «verificar»; without a certificate a version is published unsigned and says so."""

import datetime
import hashlib
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from avgm.plataforma import certificado, checks_produccion
from demo.firma import generar_pkcs12
from informes import publicacion
from informes.cifras.figures import Corte
from informes.models import InformePublicado, Render
from informes.salidas import firma
from tests.factories import (
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    institucion,
    periodo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # each test publishes (PDF, Excel)

VERIFICAR = reverse("publico:verificar")
TITULAR = "María Elena Rodríguez Soto"
CARGO = "Directora General"


def pkcs12_rsa(nombre: str, clave: bytes, *, desde=-1, hasta=365) -> bytes:
    """A self-signed RSA 2048 signing certificate and its key, as an e.firma would be: the
    demo's own generator, with the validity window each test needs."""
    return generar_pkcs12(nombre, "Instituto de prueba", clave, dias=hasta, desde_dias=desde)


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture
def certificado_instituto(settings, tmp_path):
    """The institute's certificate configured as a deployment would (file and passphrase)."""
    ruta = tmp_path / "firma.p12"
    ruta.write_bytes(pkcs12_rsa("INSTITUTO MUNICIPAL DE LAS MUJERES", b"secreta-1234"))
    settings.AVGM_FIRMA_PKCS12 = str(ruta)
    settings.AVGM_FIRMA_CLAVE = "secreta-1234"
    institucion(titular=TITULAR, cargo_titular=CARGO)
    return certificado.actual()


@pytest.fixture
def corte(dependencia_a, enlace_a):
    ejercicio(2022)
    meta = MetaFactory(dependencia=dependencia_a, recomendaciones=[RecomendacionFactory()],
                       programado={1: 3})  # fmt: skip
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3,
                 creada_por=enlace_a)  # fmt: skip
    return Corte.buscar(2022, "T2")


@pytest.fixture
def sin_firmar(monkeypatch):
    """Keeps the PDF as rendered, before the signature is appended."""
    renders = []
    firmar = firma.firmar

    def guardar_y_firmar(pdf, *args, **kwargs):
        renders.append(pdf)
        return firmar(pdf, *args, **kwargs)

    monkeypatch.setattr(firma, "firmar", guardar_y_firmar)
    return renders


def validar(pdf: bytes):
    """pyHanko's own validator on the file's one signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    [embebida] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return validate_pdf_signature(embebida, ValidationContext(trust_roots=[]))


def ultima_pagina(pdf: bytes, paginas: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(paginas), "-l", str(paginas), "-", "-"],
        input=pdf, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip


def fecha(informe) -> str:
    return timezone.localtime(informe.publicado_en).strftime("%d/%m/%Y")


def subir(client, contenido: bytes):
    archivo = SimpleUploadedFile("informe.pdf", contenido, "application/pdf")
    return client.post(VERIFICAR, {"pdf": archivo}).text


def test_publishing_signs_the_pdf_with_the_configured_rsa_certificate(
    analista, corte, certificado_instituto, sin_firmar
):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    informe = publicacion.publicar(corte, usuario=analista)
    pdf = informe.pdf.read()

    estado = validar(pdf)
    assert estado.intact and estado.valid
    assert estado.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert estado.signing_cert.sha256.hex() == certificado_instituto.huella
    # An incremental update: the rendered bytes (and their PDF/A conformance) are untouched.
    [render] = sin_firmar
    assert pdf.startswith(render) and len(pdf) > len(render)
    assert informe.sha256 == hashlib.sha256(pdf).hexdigest()  # the signed file's hash
    assert informe.firma["certificado_sha256"] == certificado_instituto.huella
    assert informe.firma["demo"] is False

    bloque = " ".join(ultima_pagina(pdf, informe.paginas).split())
    assert (
        f"Firmado digitalmente por {TITULAR}, {CARGO}, Instituto Municipal de las Mujeres, "
        f"el {fecha(informe)}" in bloque
    )
    assert "Certificado: INSTITUTO MUNICIPAL DE LAS MUJERES" in bloque
    assert "demostración" not in bloque and "sin firma digital" not in bloque


def test_verificar_recognises_the_signed_pdf_and_its_signature(
    client, analista, corte, certificado_instituto
):
    informe = publicacion.publicar(corte, usuario=analista)
    pagina = subir(client, informe.pdf.read())
    assert "Auténtico" in pagina
    assert "Firma digital válida" in pagina
    assert "firmado por «INSTITUTO MUNICIPAL DE LAS MUJERES»" in pagina
    assert "con el certificado configurado del instituto" in pagina


def test_one_changed_byte_is_not_authentic_and_breaks_the_signature(
    client, analista, corte, certificado_instituto
):
    pdf = bytearray(publicacion.publicar(corte, usuario=analista).pdf.read())
    # A byte of the signed content (the binary comment under the header), not of its syntax.
    pdf[12] ^= 0x01
    estado = validar(bytes(pdf))
    assert not estado.intact
    pagina = subir(client, bytes(pdf))
    assert "No coincide con ningún informe publicado" in pagina
    assert "La firma digital no corresponde al contenido" in pagina
    assert "Auténtico" not in pagina and "Firma digital válida" not in pagina


def test_a_copy_without_the_signature_is_not_the_published_file(
    client, analista, corte, certificado_instituto, sin_firmar
):
    publicacion.publicar(corte, usuario=analista)
    [render] = sin_firmar  # what a re-saved or re-printed copy amounts to: no signature
    pagina = subir(client, render)
    assert "No coincide con ningún informe publicado" in pagina
    assert "El archivo no tiene firma digital" in pagina
    assert "No es el PDF que publicó el instituto" in pagina


def test_content_appended_after_the_signature_is_reported(
    client, analista, corte, certificado_instituto
):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    pdf = publicacion.publicar(corte, usuario=analista).pdf.read()
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    escritor.root["/PageMode"] = generic.NameObject("/FullScreen")  # an unsigned change
    escritor.update_root()
    salida = io.BytesIO()
    escritor.write(salida)
    assert salida.getvalue().startswith(pdf) and len(salida.getvalue()) > len(pdf)
    pagina = subir(client, salida.getvalue())
    assert "No coincide con ningún informe publicado" in pagina
    assert "El archivo tiene cambios posteriores a la firma" in pagina


def test_a_signature_with_another_certificate_is_not_the_institutes(
    client, analista, corte, certificado_instituto, sin_firmar, tmp_path
):
    publicacion.publicar(corte, usuario=analista)
    otro = tmp_path / "otro.p12"
    otro.write_bytes(pkcs12_rsa("ALGUIEN MÁS", b"otra"))
    [render] = sin_firmar
    falsificado = firma.firmar(render, certificado.leer(otro, b"otra"), motivo="Prueba")
    assert validar(falsificado).intact
    pagina = subir(client, falsificado)
    assert "La firma no es la del instituto" in pagina
    assert "«ALGUIEN MÁS»" in pagina


def test_without_a_certificate_a_version_is_published_unsigned_and_says_so(
    client, analista, directivo, corte
):
    from pyhanko.pdf_utils.reader import PdfFileReader

    informe = publicacion.publicar(corte, usuario=analista)
    pdf = informe.pdf.read()
    assert informe.firma == {}
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    assert "Publicado sin firma digital" in ultima_pagina(pdf, informe.paginas)

    client.force_login(directivo)
    interna = client.get(reverse("informes:publicado", args=[informe.pk])).text
    publica = client.get(reverse("publico:corte", args=[2022, "T2"])).text
    for pagina in (interna, publica):
        assert "Publicado sin firma digital: este despliegue no tenía certificado" in pagina
    verificado = subir(client, pdf)
    assert "Auténtico" in verificado and "Esta versión se publicó sin firma digital" in verificado


def test_the_published_pages_name_the_signer(
    client, analista, directivo, corte, certificado_instituto
):
    informe = publicacion.publicar(corte, usuario=analista)
    client.force_login(directivo)
    for url in (reverse("informes:publicado", args=[informe.pk]),
                reverse("publico:corte", args=[2022, "T2"])):  # fmt: skip
        pagina = client.get(url).text
        assert f"Firmado digitalmente por {TITULAR}, {CARGO}, el {fecha(informe)}" in pagina
        assert "«INSTITUTO MUNICIPAL DE LAS MUJERES»" in pagina
        assert "sin firma digital" not in pagina


def test_the_demo_certificate_signs_and_says_so_everywhere(
    client, settings, analista, directivo, corte
):
    from demo.firma import asegurar_certificado

    settings.AVGM_FIRMA_DEMO = True
    assert asegurar_certificado() and not asegurar_certificado()  # generated once
    archivo, _clave = certificado.ruta_demo()
    assert (archivo.stat().st_mode & 0o777) == 0o600
    informe = publicacion.publicar(corte, usuario=analista)
    pdf = informe.pdf.read()
    assert validar(pdf).signing_cert.subject.native["common_name"] == certificado.NOMBRE_DEMO
    assert "firma de demostración, sin validez" in ultima_pagina(pdf, informe.paginas)
    client.force_login(directivo)
    publica = client.get(reverse("publico:corte", args=[2022, "T2"])).text
    assert "Firma de demostración, sin validez" in publica
    assert "CERTIFICADO DE DEMOSTRACIÓN — sin validez" in publica
    verificado = subir(client, pdf)
    assert "Firma digital de demostración" in verificado
    assert "la firma de demostración no tiene validez" in verificado


def test_a_certificate_that_cannot_sign_stops_the_publication_with_its_reason(
    client, settings, analista, corte, tmp_path
):
    ruta = tmp_path / "firma.p12"
    ruta.write_bytes(pkcs12_rsa("INSTITUTO", b"correcta"))
    settings.AVGM_FIRMA_PKCS12 = str(ruta)
    settings.AVGM_FIRMA_CLAVE = "equivocada"
    client.force_login(analista)
    client.post(reverse("informes:publicar", args=[2022, "T2"]), {"confirmar": "1", "version": "1"})
    render = Render.objects.get(formato=Render.Formato.PUBLICACION)
    assert render.estado == Render.Estado.ERROR
    assert "el PDF no se pudo firmar" in render.error and "contraseña" in render.error
    assert not InformePublicado.objects.exists()


@pytest.mark.parametrize("caso", ["no existe", "contraseña equivocada", "de demostración"])
def test_production_checks_warn_about_a_certificate_that_cannot_sign(settings, tmp_path, caso):
    settings.DEBUG = False
    ruta = tmp_path / "firma.p12"
    nombre = certificado.NOMBRE_DEMO if caso == "de demostración" else "INSTITUTO"
    hasta = 365
    if caso != "no existe":
        ruta.write_bytes(pkcs12_rsa(nombre, b"clave", desde=-30, hasta=hasta))
    settings.AVGM_FIRMA_PKCS12 = str(ruta)
    settings.AVGM_FIRMA_CLAVE = "otra" if caso == "contraseña equivocada" else "clave"
    firma_ids = {"avgm.W102", "avgm.W103"}
    [aviso] = [p for p in checks_produccion.produccion(None) if p.id in firma_ids]
    assert aviso.id == ("avgm.W103" if caso == "de demostración" else "avgm.W102")
    # The institute's own, valid certificate: nothing to warn about.
    ruta.write_bytes(pkcs12_rsa("INSTITUTO", b"clave"))
    settings.AVGM_FIRMA_CLAVE = "clave"
    assert checks_produccion._certificado_de_firma() == []


@pytest.mark.parametrize(
    ("dias_restantes", "estado", "detalle"),
    [
        (-1, "aviso", "vencido"),
        (10, "aviso", "vence en"),
        (365, "ok", "vigente hasta"),
    ],
)
def test_an_expired_certificate_does_not_stop_the_portal_salud_warns_ahead(
    settings, tmp_path, dias_restantes, estado, detalle
):
    """Expiry is a date, not a misconfiguration: the start-up checks (which stop gunicorn at
    WARNING) stay quiet, /salud/ warns, and 30 days ahead too."""
    from avgm.plataforma import salud

    settings.DEBUG = False
    ruta = tmp_path / "firma.p12"
    ruta.write_bytes(pkcs12_rsa("INSTITUTO", b"clave", desde=-30, hasta=dias_restantes))
    settings.AVGM_FIRMA_PKCS12 = str(ruta)
    settings.AVGM_FIRMA_CLAVE = "clave"
    assert checks_produccion._certificado_de_firma() == []
    resultado = salud.firma()
    assert resultado.estado == estado and detalle in resultado.detalle
    assert str(tmp_path) not in resultado.detalle


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_only_queues_the_signature_runs_in_the_worker(
    client, settings, analista, corte, certificado_instituto, monkeypatch
):
    from tests.trabajador import trabajador

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    firmados = []
    firmar = firma.firmar
    monkeypatch.setattr(firma, "firmar", lambda *a, **k: firmados.append(1) or firmar(*a, **k))
    client.force_login(analista)
    respuesta = client.post(
        reverse("informes:publicar", args=[2022, "T2"]), {"confirmar": "1", "version": "1"}
    )
    assert respuesta.status_code == 302
    assert firmados == [] and not InformePublicado.objects.exists()  # the request signed nothing
    trabajador()
    assert firmados == [1]
    informe = InformePublicado.objects.get()
    assert validar(informe.pdf.read()).intact


@pytest.fixture
def servidor_de_sellos():
    """An RFC 3161 time-stamping server on 127.0.0.1 (pyHanko's test TSA behind HTTP)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import keys, tsp, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper

    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nombre = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "TSA DE PRUEBA")])
    hoy = datetime.datetime.now(datetime.UTC)
    cert = (
        cx509.CertificateBuilder().subject_name(nombre).issuer_name(nombre)
        .public_key(llave.public_key()).serial_number(cx509.random_serial_number())
        .not_valid_before(hoy - datetime.timedelta(days=1))
        .not_valid_after(hoy + datetime.timedelta(days=30))
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(llave, hashes.SHA256())
    )  # fmt: skip
    tsa = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            llave.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    pedidos = []

    class Sellos(BaseHTTPRequestHandler):
        def do_POST(self):
            cuerpo = self.rfile.read(int(self.headers["Content-Length"]))
            respuesta = tsa.request_tsa_response(tsp.TimeStampReq.load(cuerpo)).dump()
            pedidos.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(respuesta)))
            self.end_headers()
            self.wfile.write(respuesta)

        def log_message(self, *args):
            pass

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Sellos)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_address[1]}/", pedidos
    servidor.shutdown()
    servidor.server_close()


def test_with_a_time_stamping_server_the_signature_carries_a_time_stamp(
    client, settings, analista, corte, certificado_instituto, servidor_de_sellos
):
    url, pedidos = servidor_de_sellos
    settings.AVGM_FIRMA_TSA = url
    informe = publicacion.publicar(corte, usuario=analista)
    pdf = informe.pdf.read()
    sello = validar(pdf).timestamp_validity
    assert pedidos and sello is not None and sello.intact and sello.valid
    assert informe.firma["nivel"] == "PAdES B-T"
    assert "PAdES B-T, con sello de tiempo" in " ".join(ultima_pagina(pdf, informe.paginas).split())
    assert "Lleva un sello de tiempo íntegro del" in subir(client, pdf)


def test_a_time_stamping_server_that_does_not_answer_stops_the_publication(
    settings, analista, corte, certificado_instituto
):
    settings.AVGM_FIRMA_TSA = "http://127.0.0.1:9/"  # the discard port: nothing listens
    with pytest.raises(firma.FirmaFallida, match="servidor de sellos de tiempo"):
        publicacion.publicar(corte, usuario=analista)
    assert not InformePublicado.objects.exists()
