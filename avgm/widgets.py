"""Widgets of the portal's forms beyond Django's own (rendered by avgm.formularios.Bootstrap).

`CasillasBuscables` is a long list of checkboxes a person can search: without JavaScript it
is plain checkboxes grouped in fieldsets, posted as any CheckboxSelectMultiple; with
static/js/casillas.js it gains a search box, the chosen options as removable chips above the
list and a live count for screen readers. A list of 122 recomendaciones stays usable: a click
adds one, never replaces the others (as in a <select multiple>), and what is chosen is seen
without scrolling.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms


class CasillasBuscables(forms.CheckboxSelectMultiple):
    """Grouped checkboxes that JavaScript makes searchable.

    `corto(obj)` names a chosen option on its chip (e.g. a recomendación's clave) and
    `detalle(obj)` adds searchable words under its label (e.g. its modalidades); both receive
    the model instance of a ModelMultipleChoiceField's option.
    """

    template_name = "formularios/casillas_buscables.html"

    class Media:
        js = ["js/casillas.js"]
        css = {"all": ["css/casillas.css"]}

    def __init__(
        self,
        attrs=None,
        choices=(),
        *,
        buscar: str = "Buscar",
        corto: Callable | None = None,
        detalle: Callable | None = None,
    ):
        super().__init__(attrs, choices)
        self.buscar = buscar
        self.corto = corto
        self.detalle = detalle

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opcion = super().create_option(name, value, label, selected, index, subindex, attrs)
        instancia = getattr(value, "instance", None)
        opcion["attrs"]["data-corto"] = (
            self.corto(instancia) if self.corto and instancia is not None else str(label)
        )
        opcion["detalle"] = self.detalle(instancia) if self.detalle and instancia else ""
        return opcion

    def get_context(self, name, value, attrs):
        contexto = super().get_context(name, value, attrs)
        contexto["widget"]["buscar"] = self.buscar
        return contexto
