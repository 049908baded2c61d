"""Forms of the dependencias app: the Excel upload."""

from __future__ import annotations

from django import forms
from django.conf import settings


class SubirLibroForm(forms.Form):
    archivo = forms.FileField(
        label="Libro de Excel (.xlsx)",
        help_text="Hojas Recomendaciones, Dependencias y/o Metas, como en la plantilla.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page refuses a file over the limit before sending it (static/js/cargas.js).
        self.fields["archivo"].widget.attrs["data-tamano-maximo"] = (
            settings.AVGM_IMPORTACION_TAMANO_MAXIMO
        )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        limite = settings.AVGM_IMPORTACION_TAMANO_MAXIMO
        if archivo.size > limite:
            raise forms.ValidationError(
                "El archivo pesa %(peso).1f MB; el límite es %(limite).0f MB.",
                code="demasiado_grande",
                params={"peso": archivo.size / 1048576, "limite": limite / 1048576},
            )
        return archivo


class AplicarForm(forms.Form):
    huella = forms.CharField(widget=forms.HiddenInput, max_length=64)
