"""Forms of the planning round: they validate and normalise; the workflow changes data."""

from __future__ import annotations

from operator import attrgetter

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.text import Truncator

from avgm.models import Recomendacion
from avgm.texto import CampoTexto, limpiar_texto
from avgm.widgets import CasillasBuscables
from dependencias.models import TRIMESTRES
from fichas.forms import BaseObservacionesFormSet, ObservacionForm, VersionForm
from fichas.models import CodigoObservacion
from planeacion.models import CAMPOS_PROPUESTA, PropuestaMeta, etiqueta_campo


class RondaForm(forms.Form):
    anio = forms.IntegerField(label="Ejercicio que se planea", min_value=2000, max_value=2100)
    fecha_limite = forms.DateField(
        label="Fecha límite de propuestas", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_fecha_limite(self):
        fecha = self.cleaned_data["fecha_limite"]
        if fecha < timezone.localdate():
            raise forms.ValidationError("La fecha límite ya pasó.", code="fecha_pasada")
        return fecha


class _PorTipo(ModelChoiceIterator):
    """The recomendaciones grouped by tipo (the declaratoria's own classification: each has
    one), in the catalog's order within each group."""

    def __iter__(self):
        grupos = {tipo: [] for tipo in Recomendacion.Tipo}
        for obj in self.queryset.prefetch_related("modalidades"):
            grupos[obj.tipo].append(self.choice(obj))
        for tipo, opciones in grupos.items():
            if opciones:
                yield f"{tipo.label} · {Recomendacion.TIPO_DESCRIPCION[tipo]}", opciones


class _RecomendacionesVigentes(forms.ModelMultipleChoiceField):
    iterator = _PorTipo

    def label_from_instance(self, obj: Recomendacion) -> str:
        return f"{obj.clave} — {Truncator(obj.texto).chars(140)}"


def _modalidades(obj: Recomendacion) -> str:
    return ", ".join(m.etiqueta for m in obj.modalidades.all())


def _campo_recomendaciones(ejercicio) -> forms.ModelMultipleChoiceField:
    """«Recomendaciones que atiende», wherever an enlace or the IMM chooses them (a proposal,
    a modification request): 122 of them, so a searchable list of checkboxes. Only those
    that apply to the ejercicio's municipio in its year."""
    return _RecomendacionesVigentes(
        queryset=Recomendacion.objects.aplicables(ejercicio),
        required=False,
        label=f"Recomendaciones vigentes en {ejercicio.anio} que atiende",
        help_text="Marque cada recomendación que atiende la meta; están agrupadas por tipo.",
        widget=CasillasBuscables(
            buscar="Buscar por clave, texto o modalidad",
            corto=attrgetter("clave"),
            detalle=_modalidades,
        ),
    )


class PropuestaForm(forms.ModelForm):
    """What the enlace proposes; fields under an observación are highlighted."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = PropuestaMeta
        fields = CAMPOS_PROPUESTA
        widgets = {
            "descripcion": forms.Textarea(attrs={"rows": 3}),
            "linea_accion": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, ejercicio, resaltar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recomendaciones"] = _campo_recomendaciones(ejercicio)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
            self.initial["recomendaciones"] = list(
                self.instance.recomendaciones.values_list("pk", flat=True)
            )
        for nombre in resaltar:
            if nombre in self.fields:
                self.fields[nombre].widget.attrs["class"] = "campo-observado"
                self.fields[nombre].widget.attrs["aria-describedby"] = "observaciones"

    def clean_descripcion(self):
        return limpiar_texto(self.cleaned_data["descripcion"]).strip()

    def clean_linea_accion(self):
        return limpiar_texto(self.cleaned_data["linea_accion"]).strip()

    @property
    def datos(self) -> dict:
        return {c: self.cleaned_data[c] for c in CAMPOS_PROPUESTA}


class ObservacionPropuestaForm(ObservacionForm):
    """The fichas' observación with planning's own codes (a proposal has no evidence to miss,
    an indicator may be unclear), pinned to the proposal's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codigo"].queryset = CodigoObservacion.objects.para(
            CodigoObservacion.Uso.PROPUESTA
        )
        self.fields["campos"].choices = [(c, etiqueta_campo(c)) for c in CAMPOS_PROPUESTA]


ObservacionesPropuestaFormSet = forms.formset_factory(
    ObservacionPropuestaForm, formset=BaseObservacionesFormSet, extra=2, max_num=10
)


class ComentarioForm(VersionForm):
    comentario = CampoTexto(
        required=False, label="Comentario (opcional)", widget=forms.Textarea(attrs={"rows": 2})
    )


class DevolverPropuestaForm(ComentarioForm):
    """A return's general comment, beside its observaciones (the enlace reads both)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "devolver_%s")  # unique ids: two forms on one page
        super().__init__(*args, **kwargs)
        self.fields["comentario"].label = "Comentario general (opcional)"
        self.fields["comentario"].help_text = (
            "Lo que el enlace debe saber de la propuesta en conjunto; lo lee junto a las "
            "observaciones."
        )


class ModificacionForm(forms.Form):
    """A change to an agreed meta: the new programación and recomendaciones, and why."""

    justificacion = CampoTexto(
        label="Justificación", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, meta, **kwargs):
        super().__init__(*args, **kwargs)
        actual = meta.estado_programacion()
        for n in TRIMESTRES:
            self.fields[f"t{n}"] = forms.IntegerField(
                label=f"Programado T{n}",
                min_value=0,
                max_value=1_000_000_000,
                initial=actual["programacion"][str(n)],
            )
        self.fields["recomendaciones"] = _campo_recomendaciones(meta.ejercicio)
        self.fields["recomendaciones"].initial = actual["recomendaciones"]

    def clean_justificacion(self):
        return limpiar_texto(self.cleaned_data["justificacion"]).strip()

    @property
    def programacion(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"t{n}"] for n in TRIMESTRES}


class DecisionForm(forms.Form):
    comentario = CampoTexto(
        required=False, label="Comentario", widget=forms.Textarea(attrs={"rows": 2})
    )


class RechazoForm(forms.Form):
    motivo = CampoTexto(label="Motivo del rechazo", widget=forms.Textarea(attrs={"rows": 2}))
