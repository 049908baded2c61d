"""Is a PDF (or a SHA-256) an authentic published version, which one, and was it corrected?"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django import forms

from informes.models import InformePublicado
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
class Resultado:
    sha256: str
    informe: InformePublicado | None
    correccion: InformePublicado | None

    @property
    def autentico(self) -> bool:
        return self.informe is not None


def verificar_hash(sha256: str) -> Resultado:
    informe = (
        InformePublicado.objects.select_related("ejercicio", "hasta").filter(sha256=sha256).first()
    )
    return Resultado(sha256, informe, correccion_posterior(informe) if informe else None)


def verificar_pdf(archivo) -> Resultado:
    huella = hashlib.sha256()
    for trozo in archivo.chunks():
        huella.update(trozo)
    return verificar_hash(huella.hexdigest())
