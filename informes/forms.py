"""Forms of the Informe de corte: choosing a corte, the narrative, publishing."""

from django import forms

from avgm.models import Periodo
from avgm.texto import CampoTexto, limpiar_texto
from informes.models import NarrativaCorte


class CorteForm(forms.Form):
    """A corte: an ejercicio and the last trimestre it covers (by default the last closed
    periodo, not the last trimestre of the year in progress)."""

    periodo = forms.ModelChoiceField(
        label="Corte (ejercicio hasta el trimestre)",
        queryset=Periodo.objects.select_related("ejercicio").order_by(
            "-ejercicio__anio", "-numero"
        ),
        empty_label=None,
    )

    def __init__(self, *args, periodos=None, **kwargs):
        """`periodos`: the ones the reader may choose (its municipio's, `informes.access`)."""
        super().__init__(*args, **kwargs)
        if periodos is not None:
            self.fields["periodo"].queryset = periodos.select_related("ejercicio").order_by(
                "-ejercicio__anio", "-numero"
            )
        if not self.is_bound and "periodo" not in self.initial:
            self.initial["periodo"] = self.fields["periodo"].queryset.ultimo_cerrado()
        self.fields["periodo"].label_from_instance = (
            lambda p: f"{p.ejercicio.anio}: Ene–{p.etiqueta.split('–')[1]} (hasta {p.clave})"
        )


class NarrativaForm(forms.ModelForm):
    class Meta:
        model = NarrativaCorte
        fields = [
            "principales", "valoracion_gim", "areas_deficientes", "recomendaciones", "compromisos"
        ]  # fmt: skip
        widgets = {campo: forms.Textarea(attrs={"rows": 7}) for campo in fields}
        help_texts = {
            "principales": "Una idea por línea. Las cifras se calculan; no las escriba aquí.",
            "recomendaciones": "Una recomendación por línea, con sus dependencias responsables.",
        }

    def clean(self) -> dict:
        """Text pasted from Word keeps its words, not its control characters."""
        datos = super().clean()
        for campo in self.Meta.fields:
            if isinstance(datos.get(campo), str):
                datos[campo] = limpiar_texto(datos[campo])
        return datos


SIN_ERRATA = (
    "Una corrección necesita su fe de erratas: diga qué cambia respecto de la versión anterior."
)


class PublicarForm(forms.Form):
    errata = CampoTexto(
        label="Fe de erratas",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoria al publicar una corrección (versión 2 en adelante).",
    )

    def __init__(self, *args, correccion: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correccion = correccion
        if correccion:
            # Marked required on the page too; left empty, the same message as below.
            self.fields["errata"].required = True
            self.fields["errata"].error_messages["required"] = SIN_ERRATA

    def clean_errata(self) -> str:
        errata = limpiar_texto(self.cleaned_data["errata"]).strip()
        if self.correccion and not errata:  # only control characters or spaces
            raise forms.ValidationError(SIN_ERRATA, code="errata_requerida")
        return errata
