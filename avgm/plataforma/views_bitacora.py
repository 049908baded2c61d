"""The bitácora in the portal: analistas read it, filtered by kind, user and dates, and export it.

Read-only by construction: there is no URL that changes an event (the model refuses too).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from avgm import numeros
from avgm.filtros import FiltroDeLista
from avgm.models import EventoBitacora
from avgm.plataforma import bitacora as registro
from avgm.plataforma import municipios, roles
from avgm.texto import neutralizar

POR_PAGINA = 50
SIN_VALOR = "—"


def _eventos(request: HttpRequest) -> QuerySet[EventoBitacora]:
    """The events this person reads: its municipio's (`avgm.plataforma.bitacora.visibles`)."""
    user = request.user
    return registro.visibles(EventoBitacora.objects.all(), user, municipios.municipio_de(user))


def _quienes_aparecen(request) -> QuerySet:
    """Only people who appear in the events this person reads (one query when the form
    renders)."""
    return (
        get_user_model()
        .objects.filter(pk__in=_eventos(request).values("usuario"))
        .order_by("username")
    )


class FormaBitacora(forms.Form):
    """The filter's form: Bootstrap's class on every control, and a date range in order."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            clase = "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
            campo.widget.attrs["class"] = clase

    def clean(self) -> dict:
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            raise forms.ValidationError(
                "La fecha «desde» es posterior a la fecha «hasta».", code="rango_invertido"
            )
        return datos


class FiltroBitacora(FiltroDeLista):
    """By kind, author and local dates (each day whole)."""

    tipo = django_filters.ChoiceFilter(
        label="Tipo", choices=EventoBitacora.Tipo.choices, empty_label="Todos"
    )
    usuario = django_filters.ModelChoiceFilter(
        label="Usuario", queryset=_quienes_aparecen, empty_label="Todos"
    )
    desde = django_filters.DateFilter(
        label="Desde",
        field_name="fecha",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    hasta = django_filters.DateFilter(
        label="Hasta",
        field_name="fecha",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = EventoBitacora
        fields = ["tipo", "usuario", "desde", "hasta"]
        form = FormaBitacora


def _filtro(request: HttpRequest) -> FiltroBitacora:
    """The bitácora's filter from the request; its `qs`: the matching events, newest first,
    with their author joined."""
    return FiltroBitacora(
        request.GET or None, _eventos(request).select_related("usuario"), request=request
    )


# Recorded values that are years: written whole (2024), never grouped like a count.
CLAVES_ANIO = {"año", "anio", "ejercicio", "vigente desde", "vigente hasta"}
# A decimal the record kept as text (a budget: "12500.50").
_DECIMAL = re.compile(r"-?\d+\.\d+")


def texto(valor: Any, clave: str = "") -> str:
    """A recorded value as a reader sees it: Sí/No, lists joined, numbers as 22,533 and
    12,500.50 (years as they are)."""
    if valor is None:
        return SIN_VALOR
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, int) and str(clave).strip().lower() in CLAVES_ANIO:
        return str(valor)
    if isinstance(valor, int | float):
        return numeros.cifra_texto(str(valor))
    if isinstance(valor, str) and _DECIMAL.fullmatch(valor):
        return numeros.cifra_texto(valor)
    if isinstance(valor, list):
        return ", ".join(texto(v, clave) for v in valor) or "(ninguno)"
    if isinstance(valor, dict):
        return "; ".join(f"{k}: {texto(v, k)}" for k, v in valor.items()) or "(nada)"
    return str(valor) if valor != "" else "(vacío)"


def cambios(evento: EventoBitacora) -> list[tuple[str, str, str]]:
    """(what, before, after) for each recorded field of the event."""
    antes, despues = evento.antes, evento.despues
    if antes is None and despues is None:
        return []
    if isinstance(antes or {}, dict) and isinstance(despues or {}, dict):
        claves = dict.fromkeys([*(antes or {}), *(despues or {})])
        return [
            (
                clave,
                texto((antes or {}).get(clave), clave) if antes is not None else SIN_VALOR,
                texto((despues or {}).get(clave), clave) if despues is not None else SIN_VALOR,
            )
            for clave in claves
        ]
    return [("", texto(antes), texto(despues))]


def autor(evento: EventoBitacora) -> str:
    if evento.usuario is None:
        return "Sistema (sin usuario identificado)"
    return evento.usuario.get_full_name() or evento.usuario.get_username()


@roles.requiere(roles.REVISAR)
def bitacora(request: HttpRequest) -> HttpResponse:
    filtro = _filtro(request)
    pagina = Paginator(filtro.qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    filas = [(e, autor(e), cambios(e), texto(e.detalle) if e.detalle else "") for e in pagina]
    return render(
        request, "avgm/bitacora.html", {"filtro": filtro.form, "pagina": pagina, "filas": filas}
    )


class _Eco:
    def write(self, valor: str) -> str:
        return valor


def _filas_csv(eventos: QuerySet[EventoBitacora]) -> Iterator[str]:
    escritor = csv.writer(_Eco())
    yield "\ufeff"  # the BOM makes Excel read UTF-8
    yield escritor.writerow(
        ["Fecha", "Tipo", "Usuario", "Descripción", "Objeto", "Antes", "Después", "Detalle"]
    )
    for e in eventos.iterator(chunk_size=1000):
        filas = cambios(e)
        yield escritor.writerow(
            neutralizar(celda)
            for celda in [
                timezone.localtime(e.fecha).strftime("%d/%m/%Y %H:%M:%S"),
                e.get_tipo_display(),
                autor(e),
                e.descripcion,
                f"{e.objeto_tipo} {e.objeto_id}".strip(),
                "\n".join(f"{q}: {a}" if q else a for q, a, _ in filas),
                "\n".join(f"{q}: {d}" if q else d for q, _, d in filas),
                texto(e.detalle) if e.detalle is not None else "",
            ]
        )


@roles.requiere(roles.REVISAR)
def bitacora_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, streamed (the bitácora only grows)."""
    respuesta = StreamingHttpResponse(
        _filas_csv(_filtro(request).qs), content_type="text/csv; charset=utf-8"
    )
    fecha = timezone.localdate().isoformat()
    respuesta["Content-Disposition"] = f'attachment; filename="bitacora-{fecha}.csv"'
    return respuesta
