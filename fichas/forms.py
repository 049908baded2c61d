"""Forms of the fichas workflow: they validate and normalise; fichas.workflow changes data."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings

from avgm.numeros import megas
from avgm.texto import CampoTexto
from fichas import archivos
from fichas.models import (
    CAMPOS_BENEFICIARIOS,
    GRUPOS_EDAD,
    SEXOS,
    CodigoObservacion,
    Evidencia,
    FichaTecnica,
)
from fichas.workflow import CAMPOS_EDITABLES


class VersionForm(forms.Form):
    """Carries the version of the ficha the user saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FichaForm(forms.ModelForm):
    """Every field the enlace fills; fields under an observación are highlighted."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = FichaTecnica
        fields = CAMPOS_EDITABLES
        widgets = {
            "justificacion_no_aplica": forms.Textarea(attrs={"rows": 2}),
            "justificacion_variacion": forms.Textarea(attrs={"rows": 2}),
            "actividades": forms.Textarea(attrs={"rows": 4}),
            "obstaculos": forms.Textarea(attrs={"rows": 2}),
            "coordinacion": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programado: int = 0, resaltar=(), disabled: bool = False, **kw):
        super().__init__(*args, **kw)
        self.programado = programado
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        for nombre in resaltar:
            if nombre in self.fields:
                campo = self.fields[nombre]
                campo.widget.attrs["class"] = "campo-observado"
                campo.widget.attrs["aria-describedby"] = "observaciones"
                campo.help_text = "⚠ Señalado en una observación. " + (campo.help_text or "")
        if disabled:
            for campo in self.fields.values():
                campo.disabled = True
        self.fields[
            "cantidad_alcanzada"
        ].help_text = f"Programado para el periodo: {programado:,}. El acumulado se calcula solo."

    def filas_beneficiarios(self) -> list[tuple[str, list]]:
        """The beneficiaries grid: one row per age group, one field per sexo (the page lays
        the fields out in `fichas/_campos_ficha.html`)."""
        return [
            (etiqueta, [self[f"{sexo}_{grupo}"] for sexo, _ in SEXOS])
            for grupo, etiqueta in GRUPOS_EDAD
        ]

    def clean(self):
        datos = super().clean()
        if datos.get("no_aplica"):
            # A "no aplica" ficha counts as a response, never as progress.
            datos["cantidad_alcanzada"] = 0
        # Rules that only matter at submission live in `pendientes_de_envio`: a draft is
        # always saved as typed.
        return datos


def pendientes_de_envio(ficha: FichaTecnica, programado: int) -> list[tuple[str, str]]:
    """(field, what it needs) before the ficha may be sent; a draft is saved regardless."""
    pendientes = []
    if ficha.no_aplica and not ficha.justificacion_no_aplica.strip():
        pendientes.append(
            ("justificacion_no_aplica", "Explique por qué la meta no aplica en este periodo.")
        )
    if not ficha.no_aplica and not ficha.actividades.strip():
        pendientes.append(("actividades", "Describa las actividades realizadas."))
    if (
        not ficha.no_aplica
        and ficha.cantidad_alcanzada != programado
        and not ficha.justificacion_variacion.strip()
    ):
        pendientes.append(
            (
                "justificacion_variacion",
                f"Lo alcanzado ({ficha.cantidad_alcanzada:,}) difiere de lo programado "
                f"({programado:,}): justifique la variación.",
            )
        )
    if (ficha.presupuesto_ejercido or 0) > 0 and not ficha.fuente_presupuesto.strip():
        pendientes.append(("fuente_presupuesto", "Indique la fuente del presupuesto ejercido."))
    return pendientes


class EnviarForm(VersionForm):
    confirmar_medios = forms.BooleanField(
        required=False, label="Envío aunque falten medios de verificación esperados"
    )
    comentario = CampoTexto(
        required=False, label="Comentario (opcional)", widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenciaForm(forms.ModelForm):
    """A file (PDF, JPG, PNG, DOCX, XLSX; at most 10 MB; real type checked) or a link."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    url = forms.URLField(required=False, max_length=500, assume_scheme="https", label="Enlace")

    class Meta:
        model = Evidencia
        fields = [
            "archivo",
            "url",
            "medio_verificacion",
            "descripcion",
            "contiene_datos_personales",
        ]
        help_texts = {"url": "O bien, un enlace a la evidencia publicada."}

    def __init__(self, *args, medios: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        maximo = settings.AVGM_EVIDENCIA_TAMANO_MAXIMO
        # The page refuses a file over the limit before sending it (static/js/cargas.js).
        self.fields["archivo"].widget = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx", "data-tamano-maximo": maximo}
        )
        self.fields["archivo"].help_text = f"PDF, JPG, PNG, DOCX o XLSX; máximo {megas(maximo)}."
        self.fields["medio_verificacion"].widget.attrs["list"] = "medios-esperados"
        self.medios = medios or []

    def clean_archivo(self):
        archivo = self.cleaned_data.get("archivo")
        if not archivo:
            return archivo
        nombre = archivo.name or ""
        if (
            "/" in nombre
            or "\\" in nombre
            or ".." in nombre
            or "\x00" in nombre
            or nombre.startswith(".")
            or os.path.basename(nombre) != nombre
        ):
            raise forms.ValidationError(
                "El nombre del archivo no puede incluir carpetas ni rutas («/», «\\», «..»). "
                "Cámbielo por un nombre simple.",
                code="nombre_con_ruta",
            )
        if archivo.size == 0:
            raise forms.ValidationError(f"El archivo «{nombre}» está vacío.", code="archivo_vacio")
        if archivo.size > settings.AVGM_EVIDENCIA_TAMANO_MAXIMO:
            raise forms.ValidationError(
                f"El archivo «{nombre}» pesa más de "
                f"{megas(settings.AVGM_EVIDENCIA_TAMANO_MAXIMO)}, el máximo: elija uno más "
                "pequeño o divídalo.",
                code="archivo_grande",
            )
        extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
        if extension not in archivos.EXTENSIONES:
            raise forms.ValidationError(
                f"El archivo «{nombre}» no es PDF, JPG, PNG, DOCX ni XLSX.", code="extension"
            )
        tipo = archivos.tipo_real(archivo, extension)
        if tipo is None:
            raise forms.ValidationError(
                f"El contenido de «{nombre}» no corresponde a un archivo {extension.upper()}: "
                "se revisa el contenido real, no solo la extensión.",
                code="tipo_real",
            )
        self.tipo_contenido = tipo
        return archivo

    def clean(self):
        datos = super().clean()
        if not datos.get("archivo") and not datos.get("url") and not self.errors:
            raise forms.ValidationError(
                "Adjunte un archivo o escriba un enlace.", code="sin_evidencia"
            )
        if datos.get("archivo") and datos.get("url"):
            raise forms.ValidationError(
                "Una evidencia es un archivo o un enlace, no ambos.", code="ambos"
            )
        datos["tipo_contenido"] = getattr(self, "tipo_contenido", "")
        return datos


class RetiroEvidenciaForm(VersionForm):
    motivo = CampoTexto(required=False, max_length=300, label="Motivo del retiro")


# The ficha's fields by section, as the form shows them: the analista pins an observación
# to fields by ticking them under their section (no long multi-select list).
SECCIONES_CAMPOS = [
    ("No aplica", ["no_aplica", "justificacion_no_aplica"]),
    (
        "Lo realizado",
        ["cantidad_alcanzada", "justificacion_variacion", "actividades", "fechas_realizacion"]
        + ["lugar"],
    ),
    ("Personas beneficiadas", list(CAMPOS_BENEFICIARIOS)),
    (
        "Presupuesto y contexto",
        ["presupuesto_ejercido", "fuente_presupuesto", "obstaculos", "coordinacion"],
    ),
]


def _etiqueta(campo: str) -> str:
    return str(FichaTecnica._meta.get_field(campo).verbose_name).capitalize()


# The fields an observación may point at, by section, with their labels (fixed: read once).
_CAMPOS_SENALABLES = [
    (seccion, [(c, _etiqueta(c)) for c in campos]) for seccion, campos in SECCIONES_CAMPOS
]


class ObservacionForm(forms.Form):
    codigo = forms.ModelChoiceField(
        queryset=CodigoObservacion.objects.para(CodigoObservacion.Uso.FICHA),
        required=False,
        label="Código",
        empty_label="— código —",
    )
    texto = CampoTexto(
        required=False, label="Observación", widget=forms.Textarea(attrs={"rows": 2})
    )
    campos = forms.MultipleChoiceField(
        required=False,
        label="Campos señalados",
        choices=_CAMPOS_SENALABLES,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        datos = super().clean()
        if (datos.get("texto") or "").strip() and not datos.get("codigo"):
            self.add_error("codigo", "Elija el código de la observación.")
        if datos.get("codigo") and not (datos.get("texto") or "").strip():
            self.add_error("texto", "Escriba la observación.")
        return datos


class BaseObservacionesFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any((f.cleaned_data.get("texto") or "").strip() for f in self.forms):
            raise forms.ValidationError(
                "Una devolución necesita al menos una observación con código y texto.",
                code="sin_observaciones",
            )

    @property
    def observaciones(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and (f.cleaned_data.get("texto") or "").strip()
        ]


ObservacionesFormSet = forms.formset_factory(
    ObservacionForm, formset=BaseObservacionesFormSet, extra=1, max_num=50
)


def observaciones_con_una_mas(datos, prefix: str = "obs") -> BaseObservacionesFormSet:
    """The observaciones typed so far (unvalidated) plus one empty form: «Agregar otra»."""
    escritas = ObservacionesFormSet(datos, prefix=prefix)
    total = min(escritas.total_form_count(), 49)
    iniciales = [
        {
            "codigo": datos.get(f"{prefix}-{i}-codigo") or None,
            "texto": datos.get(f"{prefix}-{i}-texto", ""),
            "campos": datos.getlist(f"{prefix}-{i}-campos"),
        }
        for i in range(total)
    ]
    formset = ObservacionesFormSet(initial=iniciales, prefix=prefix)
    formset.forms[-1].fields["codigo"].widget.attrs["autofocus"] = True
    return formset


class DevolverForm(VersionForm):
    comentario = CampoTexto(
        required=False, label="Comentario general", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "devolver_%s")  # unique ids: several forms on one page
        super().__init__(*args, **kwargs)


class AprobarForm(VersionForm):
    comentario = CampoTexto(
        required=False, label="Comentario (opcional)", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "aprobar_%s")  # unique ids: several forms on one page
        super().__init__(*args, **kwargs)


class ReabrirForm(VersionForm):
    motivo = CampoTexto(label="Motivo de la reapertura", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reabrir_%s")  # unique ids: several forms on one page
        super().__init__(*args, **kwargs)


class RespuestaForm(VersionForm):
    respuesta = CampoTexto(
        label="Respuesta a la observación", widget=forms.Textarea(attrs={"rows": 2})
    )


class PeriodoForm(forms.Form):
    """The periodo a home page shows, to switch to another (GET). The view picks the periodo
    (the one asked for, else its default): this form only draws the choice, from the periodos
    the view already read."""

    periodo = forms.ChoiceField(label="Periodo", required=False)

    def __init__(self, *, periodos, elegido, **kwargs):
        super().__init__(initial={"periodo": elegido.pk if elegido else None}, **kwargs)
        self.fields["periodo"].choices = [
            (p.pk, f"{p.clave} {p.ejercicio.anio}" + (" (cerrado)" if p.cerrado else ""))
            for p in periodos
        ]
        self.fields["periodo"].widget.attrs["class"] = "form-select-sm"


class RespuestasForm(forms.Form):
    """The enlace's answers to observaciones, typed on the ficha page (one field each,
    `respuesta-<pk>`) and saved with its draft."""

    def __init__(self, data=None, *, observaciones, **kwargs):
        super().__init__(data, **kwargs)
        self.observaciones = list(observaciones)
        for o in self.observaciones:
            self.fields[self.nombre(o)] = CampoTexto(
                label="Su respuesta a esta observación (opcional)",
                required=False,
                initial=o.respuesta,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control-sm"}),
            )

    @staticmethod
    def nombre(observacion) -> str:
        return f"respuesta-{observacion.pk}"

    def nuevas(self) -> dict:
        """{observación: answer} of the answers typed that differ from the stored one."""
        return {
            o: texto
            for o in self.observaciones
            if (texto := self.cleaned_data[self.nombre(o)].strip()) and texto != o.respuesta
        }
