"""The institute's signing certificate: which PKCS#12 file is configured, and what it says.

Published reports are signed with it (`informes.salidas.firma`); the production checks read it
here too, so that a missing, unreadable or expired certificate shows before anyone publishes.
The Mexican e.firma (SAT) is an X.509 RSA certificate with its key: converted to PKCS#12
(`openssl pkcs12 -export -inkey clave.key.pem -in certificado.cer.pem -out firma.p12`) it is
what `AVGM_FIRMA_PKCS12` names, with its passphrase in `AVGM_FIRMA_CLAVE`.

Where the demo is installed and no certificate is configured, the demo's own self-signed
certificate (generated when the demo loads, never committed) signs; its common name says it
is a demonstration, and everything that shows a signature made with it says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# The common name of the demo's certificate: a signature made with it is marked as such.
NOMBRE_DEMO = "CERTIFICADO DE DEMOSTRACIÓN — sin validez"


class CertificadoInvalido(Exception):
    """The configured certificate cannot sign: the message says why, in Spanish (naming the
    setting, never the file's path: analistas read it on a failed publication)."""


class CertificadoVencido(CertificadoInvalido):
    """The certificate opens but is outside its validity: publishing fails until it is renewed,
    while the rest of the portal keeps working (`/salud/` says it, the start-up checks don't)."""


@dataclass(frozen=True)
class Certificado:
    ruta: Path
    clave: bytes
    nombre: str  # the subject's common name
    emisor: str  # the issuer's common name
    serie: str  # serial number, hexadecimal
    huella: str  # SHA-256 of the certificate (DER), hexadecimal
    desde: datetime.datetime
    vence: datetime.datetime

    @property
    def demo(self) -> bool:
        return es_demo(self.nombre)

    def vencido(self, cuando: datetime.datetime | None = None) -> bool:
        cuando = cuando or datetime.datetime.now(datetime.UTC)
        return not (self.desde <= cuando <= self.vence)


def es_demo(nombre: str) -> bool:
    return nombre.startswith(NOMBRE_DEMO.split(" — ")[0])


def carpeta_demo() -> Path:
    """Where the demo keeps its certificate and passphrase: private media, never served."""
    return Path(settings.MEDIA_ROOT) / "privado" / "firma-demo"


def ruta_demo() -> tuple[Path, Path]:
    """The demo's PKCS#12 file and the file with its passphrase."""
    carpeta = carpeta_demo()
    return carpeta / "certificado.p12", carpeta / "clave.txt"


def configurado() -> tuple[Path, bytes] | None:
    """The PKCS#12 file and passphrase that sign, or None: AVGM_FIRMA_PKCS12 when set, else
    (where the demo is installed) the demo's certificate if it was generated."""
    if settings.AVGM_FIRMA_PKCS12:
        return Path(settings.AVGM_FIRMA_PKCS12), (settings.AVGM_FIRMA_CLAVE or "").encode()
    if getattr(settings, "AVGM_FIRMA_DEMO", False):
        archivo, clave = ruta_demo()
        if archivo.is_file() and clave.is_file():
            return archivo, clave.read_text(encoding="utf-8").strip().encode()
    return None


def _nombre_comun(nombre) -> str:
    from cryptography.x509.oid import NameOID

    comunes = nombre.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(comunes[0].value) if comunes else nombre.rfc4514_string()


def describir(certificado) -> dict:
    """What a `cryptography` X.509 certificate says, as the portal shows and stores it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    return {
        "nombre": _nombre_comun(certificado.subject),
        "emisor": _nombre_comun(certificado.issuer),
        "serie": format(certificado.serial_number, "X"),
        "huella": certificado.fingerprint(hashes.SHA256()).hex(),
        "desde": certificado.not_valid_before_utc,
        "vence": certificado.not_valid_after_utc,
        "der": certificado.public_bytes(Encoding.DER),
    }


def leer(ruta: Path, clave: bytes) -> Certificado:
    """Open the PKCS#12 file; `CertificadoInvalido` says in Spanish what is wrong with it."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        contenido = Path(ruta).read_bytes()
    except FileNotFoundError:
        raise CertificadoInvalido(
            "No existe el archivo del certificado de firma (AVGM_FIRMA_PKCS12)."
        ) from None
    except OSError as exc:
        raise CertificadoInvalido(
            "El portal no puede leer el archivo del certificado de firma (AVGM_FIRMA_PKCS12): "
            f"{exc.strerror}."
        ) from None
    try:
        llave, certificado, _cadena = pkcs12.load_key_and_certificates(contenido, clave or None)
    except ValueError:
        raise CertificadoInvalido(
            "El archivo del certificado (AVGM_FIRMA_PKCS12) no es un PKCS#12 válido o su "
            "contraseña (AVGM_FIRMA_CLAVE) no "
            "es la correcta."
        ) from None
    if llave is None or certificado is None:
        raise CertificadoInvalido(
            "El archivo del certificado (AVGM_FIRMA_PKCS12) debe contener el certificado y su "
            "llave privada."
        )
    datos = describir(certificado)
    datos.pop("der")
    return Certificado(ruta=Path(ruta), clave=clave, **datos)


def actual() -> Certificado | None:
    """The certificate that signs, or None when none is configured.

    Raises `CertificadoInvalido` when one is configured but cannot sign (missing, unreadable,
    wrong passphrase, expired or not yet valid).
    """
    origen = configurado()
    if origen is None:
        return None
    certificado = leer(*origen)
    if certificado.vencido():
        raise CertificadoVencido(
            f"El certificado de firma «{certificado.nombre}» solo es válido del "
            f"{certificado.desde:%d/%m/%Y} al {certificado.vence:%d/%m/%Y}: renuévelo, o quite "
            "AVGM_FIRMA_PKCS12 para publicar sin firma digital."
        )
    return certificado
