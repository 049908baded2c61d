"""The state corte's internal pages: the index of cuts, the table, its Excel and PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from informes.estatal import access
from informes.estatal.corte import CorteEstatal, cortes_publicados
from informes.estatal.excel import generar_excel
from informes.estatal.pdf import generar_pdf
from informes.estatal.tabla import contexto

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nombre(corte: CorteEstatal, extension: str) -> str:
    return f"corte-estatal-{corte.anio}-{corte.clave}.{extension}"


def estatal_indice(request: HttpRequest) -> HttpResponse:
    access.exigir_lectura(request.user)
    return render(request, "informes/estatal/indice.html", {"cortes": cortes_publicados()})


def estatal_corte(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    return render(request, "informes/estatal/corte.html", contexto(corte))


def estatal_xlsx(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    respuesta = HttpResponse(generar_excel(corte), content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{_nombre(corte, "xlsx")}"'
    return respuesta


def estatal_pdf(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    respuesta = HttpResponse(generar_pdf(corte, contexto(corte)), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'inline; filename="{_nombre(corte, "pdf")}"'
    return respuesta
