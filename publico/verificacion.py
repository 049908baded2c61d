"""Is a PDF (or a SHA-256) an authentic published version, which one, and was it corrected?
And does the uploaded PDF carry the institute's intact digital signature?"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from informes.models import InformePublicado
from informes.salidas import firma as firmas
from publico.consultas import correccion_posterior

MAX_PDF = 20 * 1024 * 1024  # published reports are a few hundred KB


class VerificarForm(forms.Form):
    pdf = forms.FileField(
        label="Archivo PDF del informe",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )
    sha256 = forms.CharField(
        label="o bien, su huella SHA-256",
        required=False,
        max_length=80,
        help_text="64 caracteres hexadecimales, como aparecen en el archivo de informes.",
        widget=forms.TextInput(attrs={"class": "huella", "autocomplete": "off"}),
    )

    def clean_pdf(self):
        archivo = self.cleaned_data.get("pdf")
        if archivo and archivo.size > MAX_PDF:
            raise forms.ValidationError(
                "El archivo pasa de 20 MB; ningún informe publicado es tan grande."
            )
        return archivo

    def clean_sha256(self) -> str:
        valor = re.sub(r"\s", "", self.cleaned_data.get("sha256", "")).lower()
        if valor and not re.fullmatch(r"[0-9a-f]{64}", valor):
            raise forms.ValidationError("Una huella SHA-256 tiene 64 caracteres 0–9 y a–f.")
        return valor

    def clean(self):
        datos = super().clean()
        if not self.errors and not datos.get("pdf") and not datos.get("sha256"):
            raise forms.ValidationError("Suba el PDF o escriba su huella SHA-256.")
        return datos


@dataclass
class Aviso:
    nivel: str  # success, info, warning, danger (the alert's colour)
    titulo: str
    texto: str


@dataclass
class Resultado:
    sha256: str
    informe: InformePublicado | None
    correccion: InformePublicado | None
    firma: firmas.EstadoFirma | None = None  # only for an uploaded file

    @property
    def municipio(self):
        """Whose version it is (each municipio publishes its own)."""
        return self.informe.ejercicio.municipio if self.informe else None

    @property
    def autentico(self) -> bool:
        return self.informe is not None

    @property
    def aviso_firma(self) -> Aviso | None:
        """What the uploaded file's signature says, in one alert (None for a pasted hash)."""
        if self.firma is None:
            return None
        f = self.firma
        if self.autentico and not self.informe.firma:
            return Aviso(
                "info",
                "Publicado sin firma digital",
                "Esta versión se publicó sin firma digital: el portal no tenía certificado de "
                "firma configurado. Su huella SHA-256 es la publicada.",
            )
        if not f.legible:
            return Aviso(
                "danger", "Sin firma que comprobar", "El archivo no se pudo leer como PDF."
            )
        if not f.firmado:
            return Aviso(
                "danger",
                "El archivo no tiene firma digital",
                "No es el PDF que publicó el instituto: los informes que el instituto firma "
                "llevan su firma digital dentro del archivo, y una copia guardada de nuevo o "
                "impresa como PDF la pierde.",
            )
        if not f.intacta:
            return Aviso(
                "danger",
                "La firma digital no corresponde al contenido",
                "El archivo cambió después de firmarse (aunque sea en un byte): la firma "
                "digital ya no es válida para lo que contiene.",
            )
        if not f.completa:
            return Aviso(
                "danger",
                "El archivo tiene cambios posteriores a la firma",
                "La firma está íntegra, pero al archivo se le agregó contenido después de "
                "firmarlo: lo agregado no está firmado.",
            )
        if not f.del_instituto:
            return Aviso(
                "danger",
                "La firma no es la del instituto",
                f"El archivo está firmado con el certificado «{f.nombre}», que no es el "
                "certificado configurado del instituto ni uno con el que haya publicado.",
            )
        texto = f"Firma íntegra: firmado por «{f.nombre}»" + (
            f" el {timezone.localtime(f.fecha):%d/%m/%Y a las %H:%M} h" if f.fecha else ""
        )
        texto += (
            ", con el certificado configurado del instituto."
            if f.configurado
            else ", con un certificado con el que el instituto firmó versiones publicadas."
        )
        if f.sello:
            texto += (
                " Lleva un sello de tiempo íntegro del "
                f"{timezone.localtime(f.sello):%d/%m/%Y a las %H:%M} h."
            )
        if f.demo:
            texto += (
                " Es un certificado de demostración: la firma de demostración no tiene validez."
            )
        if not self.autentico:
            return Aviso(
                "warning",
                "Firmado por el instituto, pero no publicado",
                texto + " Sin embargo, el archivo no es ninguna de las versiones publicadas.",
            )
        return Aviso(
            "warning" if f.demo else "success",
            "Firma digital de demostración" if f.demo else "Firma digital válida",
            texto,
        )


def verificar_hash(sha256: str) -> Resultado:
    """Among every municipio's published versions (never a draft): the answer names whose."""
    informe = (
        InformePublicado.objects.select_related("ejercicio__municipio__institucion", "hasta")
        .filter(sha256=sha256)
        .first()
    )
    return Resultado(sha256, informe, correccion_posterior(informe) if informe else None)


def verificar_pdf(archivo) -> Resultado:
    """By its SHA-256 and by its signature (validated with pyHanko, offline)."""
    contenido = b"".join(archivo.chunks())  # at most MAX_PDF
    resultado = verificar_hash(hashlib.sha256(contenido).hexdigest())
    resultado.firma = firmas.leer(contenido)
    return resultado
