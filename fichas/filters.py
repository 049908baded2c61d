"""The fichas filter shared by the review queue and the fichas export."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from avgm.filtros import FiltroDeLista
from avgm.models import Periodo
from avgm.plataforma import revision
from avgm.plataforma.municipios import municipio_de
from dependencias.access import dependencias_visibles, periodos_visibles
from dependencias.models import Dependencia, TipoAccion
from fichas.models import FichaTecnica


class FiltroFichas(FiltroDeLista):
    """Filters of the review queue and the export (GET); every one optional.

    `usuario`: whose dependencias and periodos are the choices (those of its municipio; every
    view passes it). `dependencias`: the ones the user may choose (the export's enlace scope);
    by default all the user sees, and then the catalogs' options come from the cache, kept
    per municipio (see `form`)."""

    OPORTUNIDAD = [
        ("a_tiempo", "Entregadas a tiempo"),
        ("tardia", "Entregadas tarde"),
        ("sin_enviar", "Sin enviar"),
    ]

    dependencia = django_filters.ModelChoiceFilter(
        field_name="meta__dependencia",
        queryset=Dependencia.objects.all(),
        label="Dependencia",
        empty_label="Todas",
    )
    periodo = django_filters.ModelChoiceFilter(
        queryset=Periodo.objects.select_related("ejercicio").order_by(
            "-ejercicio__anio", "-numero"
        ),
        label="Periodo",
        empty_label="Todos",
    )
    estado = django_filters.ChoiceFilter(
        choices=FichaTecnica.Estado.choices, label="Estado", empty_label="Todos"
    )
    tipo_accion = django_filters.ModelChoiceFilter(
        field_name="meta__tipo_accion",
        queryset=TipoAccion.objects.all(),
        label="Tipo de acción",
        empty_label="Todos",
    )
    oportunidad = django_filters.ChoiceFilter(
        choices=OPORTUNIDAD, label="Entrega", empty_label="Todas", method="por_oportunidad"
    )

    class Meta:
        model = FichaTecnica
        fields = ["dependencia", "periodo", "estado", "tipo_accion", "oportunidad"]

    def __init__(
        self,
        *args,
        usuario=None,
        dependencias: QuerySet[Dependencia] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.de_todas = dependencias is None
        self.ambito = "todos"
        if usuario is not None:
            municipio = municipio_de(usuario)
            self.ambito = municipio.pk if municipio else "ninguno"
            self.filters["dependencia"].queryset = dependencias_visibles(usuario)
            self.filters["periodo"].queryset = (
                periodos_visibles(usuario)
                .select_related("ejercicio")
                .order_by("-ejercicio__anio", "-numero")
            )
        if dependencias is not None:
            self.filters["dependencia"].queryset = dependencias

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            if self.de_todas:
                # The municipio's catalogs (the review queue): their options are data, listed
                # once per data revision and municipio instead of read and built as models on
                # every page (validation still reads the chosen row).
                for nombre, opciones in revision.memorizar(
                    f"fichas:filtro:opciones:{self.ambito}", lambda: _opciones(form)
                ).items():
                    form.fields[nombre].widget.choices = opciones
        return self._form

    def por_oportunidad(self, qs: QuerySet[FichaTecnica], _nombre: str, valor: str):
        """On time / late by the first submission; or never submitted."""
        if valor == "a_tiempo":
            return qs.a_tiempo()
        if valor == "tardia":
            return qs.tardias()
        return qs.filter(primer_envio_en__isnull=True)


def _opciones(form: forms.Form) -> dict[str, list[tuple]]:
    # (The pk, not ModelChoiceIteratorValue: it carries the model instance along.)
    return {
        nombre: [(getattr(v, "value", v), etiqueta) for v, etiqueta in form.fields[nombre].choices]
        for nombre in ("dependencia", "periodo", "tipo_accion")
    }
