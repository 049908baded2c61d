"""The demo's signing certificate: self-signed, generated when the demo loads, never committed.

It lives in private media (`avgm.plataforma.certificado.carpeta_demo`) beside a file with its
random passphrase, where the portal and the task worker of a `make run` find it when no
certificate is configured. Its common name says it is a demonstration without validity, and
every place that shows a signature made with it says «firma de demostración».
"""

from __future__ import annotations

import datetime
import os
import secrets

from avgm.models import institucion_actual
from avgm.plataforma import certificado
from demo import ambito

VIGENCIA_DIAS = 5 * 365
CARGO_DEMO = "Directora General"


def generar_pkcs12(
    nombre: str, organizacion: str, clave: bytes, *, dias: int, desde_dias: int = -1
) -> bytes:
    """A self-signed RSA 2048 certificate and its key as PKCS#12, for signing documents
    (digitalSignature and nonRepudiation, as an e.firma has), valid from `desde_dias` to `dias`
    days from now (the tests also make expired and nearly expired ones)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sujeto = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, nombre),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organizacion),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        ]
    )
    ahora = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(sujeto)
        .public_key(llave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora + datetime.timedelta(days=desde_dias))
        .not_valid_after(ahora + datetime.timedelta(days=dias))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(llave, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"firma", llave, cert, None, BestAvailableEncryption(clave)
    )


def _escribir_privado(ruta, contenido: bytes) -> None:
    descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as archivo:
        archivo.write(contenido)


def asegurar_certificado() -> bool:
    """Generate the demo's certificate unless a usable one is there; True if generated."""
    archivo, archivo_clave = certificado.ruta_demo()
    if archivo.is_file() and archivo_clave.is_file():
        try:
            vigente = certificado.leer(archivo, archivo_clave.read_text().strip().encode())
        except certificado.CertificadoInvalido:
            vigente = None
        if vigente is not None and not vigente.vencido():
            return False
    archivo.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    clave = secrets.token_urlsafe(24)
    contenido = generar_pkcs12(
        certificado.NOMBRE_DEMO,
        "Seguimiento AVGM (demostración)",
        clave.encode(),
        dias=VIGENCIA_DIAS,
    )
    _escribir_privado(archivo_clave, clave.encode())
    _escribir_privado(archivo, contenido)
    return True


def asegurar_cargo() -> None:
    """The demo's institution names the cargo its signature block prints (only while nobody
    has written one)."""
    institucion = institucion_actual(ambito.juarez())
    if institucion.pk and not institucion.cargo_titular:
        institucion.cargo_titular = CARGO_DEMO
        institucion.save(update_fields=["cargo_titular", "actualizada_en"])
