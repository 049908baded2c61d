"""The institute's digital signature on a published PDF, and reading one back.

Publishing (in the worker, never in a request) renders the PDF, then signs it here with the
configured certificate (`avgm.plataforma.certificado`): a PAdES baseline B-B signature
(ETSI.CAdES.detached, SHA-256), B-T with a time stamp when AVGM_FIRMA_TSA names a
time-stamping server, appended as an incremental update, so the rendered bytes,
PDF/A conformance included, stay exactly as they were and only a signature revision follows
them. The SHA-256 stored with the version is the signed file's. The visible block on the last
page (`informes/_firma_pdf.html`) is rendered with the report from `datos_de_firma`; the
signature field itself is invisible (printable and outside the page, which both PDF/A and
PDF/UA accept).

Without a certificate a version is published unsigned, and its page and PDF say so.
"""

from __future__ import annotations

import datetime
import io
import logging
import warnings
from dataclasses import dataclass

from django.conf import settings

from avgm.models import institucion_actual
from avgm.plataforma import certificado as certificados
from avgm.plataforma.certificado import Certificado, CertificadoInvalido

logger = logging.getLogger(__name__)
# pyHanko imports cryptography's DSA keys, which cryptography deprecates; the portal signs
# with RSA, and the worker's output should not carry a warning nobody here can act on.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")

CAMPO = "FirmaInstituto"

__all__ = [
    "CAMPO",
    "CertificadoInvalido",
    "EstadoFirma",
    "FirmaFallida",
    "datos_de_firma",
    "firmar",
]


def firmante() -> Certificado | None:
    """The certificate that signs what is published now, or None (published unsigned).

    Raises `CertificadoInvalido` when one is configured but cannot sign: publishing stops
    before rendering rather than freeze an unsigned version by mistake.
    """
    return certificados.actual()


def datos_de_firma(certificado: Certificado, municipio=None) -> dict:
    """What the version records about its signature, and the PDF's block prints: who signs
    (the titular of `municipio`'s institution, else the certificate's name), the cargo, the
    institution and the certificate (name, issuer, serial number, SHA-256, demonstration or
    not)."""
    institucion = institucion_actual(municipio)
    return {
        "firmante": institucion.titular or certificado.nombre,
        "cargo": institucion.cargo_titular,
        "institucion": institucion.nombre,
        "certificado": certificado.nombre,
        "emisor": certificado.emisor,
        "serie": certificado.serie,
        "certificado_sha256": certificado.huella,
        "vence": certificado.vence.isoformat(),
        "demo": certificado.demo,
        "nivel": "PAdES B-T" if settings.AVGM_FIRMA_TSA else "PAdES B-B",
    }


class FirmaFallida(Exception):
    """Signing failed for a reason outside the certificate (the time-stamping server)."""


def _sellador():
    """The time-stamping server's client when AVGM_FIRMA_TSA names one (PAdES B-T)."""
    from pyhanko.sign import timestamps

    url = settings.AVGM_FIRMA_TSA
    return timestamps.HTTPTimeStamper(url, timeout=30) if url else None


def firmar(pdf: bytes, certificado: Certificado, *, motivo: str, lugar: str = "") -> bytes:
    """The PDF with the institute's signature appended (an incremental update): PAdES B-B,
    or B-T with a time stamp when a time-stamping server is configured."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import TimestampRequestError

    firmante_pdf = signers.SimpleSigner.load_pkcs12(
        str(certificado.ruta), passphrase=certificado.clave or None
    )
    if firmante_pdf is None:  # pyHanko logs why and returns nothing
        raise CertificadoInvalido(f"pyHanko no pudo abrir el certificado {certificado.ruta}.")
    metadatos = signers.PdfSignatureMetadata(
        field_name=CAMPO,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=motivo,
        location=lugar or institucion_actual().municipio,
        name=certificado.nombre,
    )
    # Invisible: printable (PDF/A allows no hidden annotation) and outside the page (PDF/UA
    # wants every in-page annotation tagged): the block the report prints is what people read.
    campo = fields.SigFieldSpec(
        CAMPO, invis_sig_settings=fields.InvisSigSettings(box_out_of_bounds=True)
    )
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    sellador = _sellador()
    try:
        salida = signers.sign_pdf(
            escritor, metadatos, signer=firmante_pdf, timestamper=sellador, new_field_spec=campo
        )
    except (TimestampRequestError, OSError) as exc:
        if sellador is None:
            raise
        logger.warning("The time-stamping server %s failed: %s", settings.AVGM_FIRMA_TSA, exc)
        raise FirmaFallida(
            f"El servidor de sellos de tiempo ({settings.AVGM_FIRMA_TSA}) no respondió; "
            "reintente más tarde."
        ) from exc
    return salida.getvalue()


@dataclass(frozen=True)
class EstadoFirma:
    """What the signature of an uploaded PDF says (`leer`)."""

    legible: bool = True  # the file opens as a PDF
    firmado: bool = False  # it carries a signature
    intacta: bool = False  # the signed bytes are unchanged and the signature is valid
    completa: bool = False  # nothing was appended after the signature
    nombre: str = ""  # the signing certificate's common name
    fecha: datetime.datetime | None = None  # when the signer says it signed
    huella: str = ""  # SHA-256 of the signing certificate
    configurado: bool = False  # that certificate is the one configured now
    usado_al_publicar: bool = False  # a published version was signed with it
    sello: datetime.datetime | None = None  # the time stamp's time (PAdES B-T), if intact

    @property
    def demo(self) -> bool:
        return certificados.es_demo(self.nombre)

    @property
    def del_instituto(self) -> bool:
        return self.configurado or self.usado_al_publicar

    @property
    def valida(self) -> bool:
        """Intact, covering the whole file, and made with the institute's certificate."""
        return self.firmado and self.intacta and self.completa and self.del_instituto


def leer(contenido: bytes) -> EstadoFirma:
    """Validate the institute's signature of a PDF with pyHanko, offline.

    A self-signed certificate is not trusted in PKI terms; what counts here is whether the
    signature is intact, covers the whole file and was made with the institute's certificate
    (the configured one, or one a published version was signed with).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        lector = PdfFileReader(io.BytesIO(contenido), strict=False)
        firmas = list(lector.embedded_regular_signatures)
    except Exception:  # any malformed input: the page says it could not be read
        logger.info("An uploaded PDF could not be read for its signature", exc_info=True)
        return EstadoFirma(legible=False)
    if not firmas:
        return EstadoFirma()
    firma = next((f for f in firmas if f.field_name == CAMPO), firmas[-1])
    try:
        huella = firma.signer_cert.sha256.hex()
        nombre = firma.signer_cert.subject.native.get("common_name", "")
        # Trust in PKI terms is not what is judged here (a self-signed certificate never has
        # it): the signer's own certificate is the anchor, and whether it is the institute's
        # is decided by its SHA-256 below.
        contexto = ValidationContext(trust_roots=[firma.signer_cert], allow_fetching=False)
        estado = validate_pdf_signature(firma, contexto, skip_diff=True)
    except Exception:
        logger.info("An uploaded PDF's signature could not be validated", exc_info=True)
        return EstadoFirma(firmado=True)
    return EstadoFirma(
        firmado=True,
        intacta=bool(estado.intact and estado.valid),
        completa=estado.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        nombre=nombre,
        fecha=estado.signer_reported_dt,
        huella=huella,
        sello=_hora_del_sello(estado),
        configurado=huella == _huella_configurada(),
        usado_al_publicar=_usado_al_publicar(huella),
    )


def _hora_del_sello(estado) -> datetime.datetime | None:
    sello = estado.timestamp_validity
    return sello.timestamp if sello is not None and sello.intact and sello.valid else None


def _huella_configurada() -> str:
    """The configured certificate's SHA-256 (expired or not: it still names the institute)."""
    origen = certificados.configurado()
    if origen is None:
        return ""
    try:
        return certificados.leer(*origen).huella
    except CertificadoInvalido:
        return ""


def _usado_al_publicar(huella: str) -> bool:
    from informes.models import InformePublicado

    return InformePublicado.objects.filter(firma__certificado_sha256=huella).exists()
