"""The form analistas fill in for a GIM evaluation: its data and one row per recomendación."""

from __future__ import annotations

from django import forms

from avgm.models import EvaluacionGIM, ValoracionGIM
from avgm.texto import CampoTexto
from informes.gim.registro import TAMANO_MAXIMO_PDF


class EvaluacionGIMForm(forms.ModelForm):
    class Meta:
        model = EvaluacionGIM
        fields = ["fecha", "referencia", "documento"]
        widgets = {"fecha": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, recomendaciones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recomendaciones = list(recomendaciones)
        actuales = (
            {v.recomendacion_id: v for v in self.instance.valoraciones.all()}
            if self.instance.pk
            else {}
        )
        for rec in self.recomendaciones:
            actual = actuales.get(rec.pk)
            self.fields[f"valor_{rec.pk}"] = forms.ChoiceField(
                label=f"Valoración de {rec.clave}",
                choices=ValoracionGIM.Valor.choices,
                initial=actual.valoracion if actual else ValoracionGIM.Valor.SIN_VALORACION,
                widget=forms.Select(attrs={"class": "form-select-sm"}),
            )
            self.fields[f"comentario_{rec.pk}"] = CampoTexto(
                label=f"Comentario sobre {rec.clave}",
                required=False,
                initial=actual.comentario if actual else "",
                widget=forms.TextInput(attrs={"class": "form-control-sm"}),
            )

    def clean_documento(self):
        archivo = self.cleaned_data.get("documento")
        if archivo and hasattr(archivo, "read") and not getattr(archivo, "url", None):
            if archivo.size > TAMANO_MAXIMO_PDF:
                raise forms.ValidationError("El PDF pasa de 20 MB.", code="grande")
            inicio = archivo.read(5)
            archivo.seek(0)
            if inicio != b"%PDF-":
                raise forms.ValidationError("El documento debe ser un PDF.", code="no_pdf")
        return archivo

    def filas(self):
        """(recomendación, valoración field, comentario field) for the template's table."""
        return [
            (rec, self[f"valor_{rec.pk}"], self[f"comentario_{rec.pk}"])
            for rec in self.recomendaciones
        ]

    def valoraciones(self) -> dict[int, tuple[str, str]]:
        return {
            rec.pk: (
                self.cleaned_data[f"valor_{rec.pk}"],
                self.cleaned_data[f"comentario_{rec.pk}"],
            )
            for rec in self.recomendaciones
        }
