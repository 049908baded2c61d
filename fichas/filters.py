"""The fichas filter shared by the review queue and the fichas export."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from avgm.models import Periodo
from avgm.plataforma import revision
from dependencias.models import Dependencia, TipoAccion
from fichas.models import FichaTecnica


class FiltroFichasForm(forms.Form):
    """Filters of the review queue (GET); every field optional."""

    OPORTUNIDAD = [
        ("", "Todas"),
        ("a_tiempo", "Entregadas a tiempo"),
        ("tardia", "Entregadas tarde"),
        ("sin_enviar", "Sin enviar"),
    ]

    dependencia = forms.ModelChoiceField(
        queryset=Dependencia.objects.none(),
        required=False,
        label="Dependencia",
        empty_label="Todas",
    )
    periodo = forms.ModelChoiceField(
        queryset=Periodo.objects.none(), required=False, label="Periodo", empty_label="Todos"
    )
    estado = forms.ChoiceField(
        choices=[("", "Todos"), *FichaTecnica.Estado.choices], required=False, label="Estado"
    )
    tipo_accion = forms.ModelChoiceField(
        queryset=TipoAccion.objects.all(),
        required=False,
        label="Tipo de acción",
        empty_label="Todos",
    )
    oportunidad = forms.ChoiceField(choices=OPORTUNIDAD, required=False, label="Entrega")

    def __init__(self, *args, dependencias: QuerySet[Dependencia] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependencia"].queryset = (
            dependencias if dependencias is not None else Dependencia.objects.all()
        )
        self.fields["periodo"].queryset = Periodo.objects.select_related("ejercicio").order_by(
            "-ejercicio__anio", "-numero"
        )
        if dependencias is None:
            # Everyone's catalogs (the review queue): their options are data, listed once per
            # data revision instead of read and built as models on every page (validation
            # still reads the chosen row).
            for nombre, opciones in revision.memorizar(
                "fichas:filtro:opciones", self._opciones
            ).items():
                self.fields[nombre].widget.choices = opciones

    def _opciones(self) -> dict[str, list[tuple]]:
        # (The pk, not ModelChoiceIteratorValue: it carries the model instance along.)
        return {
            nombre: [
                (getattr(v, "value", v), etiqueta) for v, etiqueta in self.fields[nombre].choices
            ]
            for nombre in ("dependencia", "periodo", "tipo_accion")
        }

    def filtrar(self, qs: QuerySet[FichaTecnica]) -> QuerySet[FichaTecnica]:
        """Apply the valid filters to `qs` (an invalid form filters nothing)."""
        if not self.is_valid():
            return qs
        return filtrar_fichas(qs, self.cleaned_data)


def filtrar_fichas(qs: QuerySet[FichaTecnica], datos: dict) -> QuerySet[FichaTecnica]:
    if datos.get("dependencia"):
        qs = qs.filter(meta__dependencia=datos["dependencia"])
    if datos.get("periodo"):
        qs = qs.filter(periodo=datos["periodo"])
    if datos.get("estado"):
        qs = qs.filter(estado=datos["estado"])
    if datos.get("tipo_accion"):
        qs = qs.filter(meta__tipo_accion=datos["tipo_accion"])
    oportunidad = datos.get("oportunidad")
    if oportunidad == "a_tiempo":
        qs = qs.a_tiempo()
    elif oportunidad == "tardia":
        qs = qs.tardias()
    elif oportunidad == "sin_enviar":
        qs = qs.filter(primer_envio_en__isnull=True)
    return qs
