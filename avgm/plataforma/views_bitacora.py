"""The bitácora in the portal: analistas read it, filtered by kind, user and dates, and export it.

Read-only by construction: there is no URL that changes an event (the model refuses too).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from avgm.models import EventoBitacora
from avgm.plataforma import roles
from avgm.texto import neutralizar

POR_PAGINA = 50
SIN_VALOR = "—"


class FiltroBitacora(forms.Form):
    tipo = forms.ChoiceField(
        label="Tipo", required=False, choices=[("", "Todos")] + EventoBitacora.Tipo.choices
    )
    usuario = forms.ModelChoiceField(
        label="Usuario", required=False, queryset=None, empty_label="Todos"
    )
    desde = forms.DateField(
        label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hasta = forms.DateField(
        label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only people who appear in the bitácora (one query when the form renders).
        self.fields["usuario"].queryset = (
            get_user_model()
            .objects.filter(pk__in=EventoBitacora.objects.values("usuario"))
            .order_by("username")
        )
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

    def eventos(self) -> QuerySet[EventoBitacora]:
        """The events that match the valid filters, newest first, with their author joined."""
        eventos = EventoBitacora.objects.select_related("usuario")
        datos = self.cleaned_data if self.is_valid() else {}
        if datos.get("tipo"):
            eventos = eventos.filter(tipo=datos["tipo"])
        if datos.get("usuario"):
            eventos = eventos.filter(usuario=datos["usuario"])
        if datos.get("desde"):
            eventos = eventos.filter(fecha__date__gte=datos["desde"])
        if datos.get("hasta"):
            eventos = eventos.filter(fecha__date__lte=datos["hasta"])
        return eventos


def texto(valor: Any) -> str:
    """A recorded value as a reader sees it: Sí/No, lists joined, numbers as 22,533."""
    if valor is None:
        return SIN_VALOR
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, int):
        return f"{valor:,}"
    if isinstance(valor, list):
        return ", ".join(texto(v) for v in valor) or "(ninguno)"
    if isinstance(valor, dict):
        return "; ".join(f"{k}: {texto(v)}" for k, v in valor.items()) or "(nada)"
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
                texto((antes or {}).get(clave)) if antes is not None else SIN_VALOR,
                texto((despues or {}).get(clave)) if despues is not None else SIN_VALOR,
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
    filtro = FiltroBitacora(request.GET or None)
    pagina = Paginator(filtro.eventos(), POR_PAGINA).get_page(request.GET.get("pagina"))
    filas = [(e, autor(e), cambios(e), texto(e.detalle) if e.detalle else "") for e in pagina]
    return render(
        request, "avgm/bitacora.html", {"filtro": filtro, "pagina": pagina, "filas": filas}
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
    filtro = FiltroBitacora(request.GET or None)
    respuesta = StreamingHttpResponse(
        _filas_csv(filtro.eventos()), content_type="text/csv; charset=utf-8"
    )
    fecha = timezone.localdate().isoformat()
    respuesta["Content-Disposition"] = f'attachment; filename="bitacora-{fecha}.csv"'
    return respuesta
