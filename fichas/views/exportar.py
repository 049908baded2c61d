"""Download of the fichas técnicas as Excel, filtered like the review queue."""

from __future__ import annotations

import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from avgm.plataforma import roles
from dependencias.access import dependencias_visibles
from fichas.access import fichas_visibles
from fichas.exporters import libro_fichas
from fichas.filters import FiltroFichas

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _descripcion_filtros(form: forms.Form) -> list[str]:
    """«Estado: Aprobada», ... for the filters chosen, written into the workbook."""
    filtros = []
    for nombre, valor in form.cleaned_data.items():
        if not valor:
            continue
        campo = form.fields[nombre]
        if isinstance(campo, forms.ChoiceField) and not isinstance(campo, forms.ModelChoiceField):
            valor = dict(campo.choices).get(valor, valor)
        filtros.append(f"{campo.label}: {valor}")
    return filtros


@roles.requiere(roles.EXPORTAR)
def exportar_fichas(request: HttpRequest) -> HttpResponse:
    """GET shows the filters and how many fichas match; «descargar» returns the workbook."""
    filtro = FiltroFichas(
        request.GET or None,
        fichas_visibles(request.user),
        usuario=request.user,
        dependencias=dependencias_visibles(request.user),
    )
    qs, form = filtro.qs, filtro.form
    if "descargar" not in request.GET or (form.is_bound and not form.is_valid()):
        return render(request, "fichas/exportar.html", {"form": form, "total": qs.count()})
    filtros = _descripcion_filtros(form) if form.is_bound else []
    salida = io.BytesIO()
    libro_fichas(qs, filtros).save(salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=MIME_XLSX)
    nombre = f"fichas_tecnicas_{timezone.localdate():%Y%m%d}.xlsx"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
