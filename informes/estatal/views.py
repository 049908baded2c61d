"""The state corte's internal pages: the index of cuts, the table, its Excel and PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from avgm.numeros import formatear
from informes.estatal import access
from informes.estatal.corte import SIN_INFORME, TITULARES, CorteEstatal, cortes_publicados
from informes.estatal.excel import generar_excel, nombre_municipio
from informes.estatal.pdf import generar_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def contexto(corte: CorteEstatal, *, publico: bool = False) -> dict:
    """What the table needs, formatted (the public side leaves out what its pages never show)."""
    titulares = [(c, t, f) for c, t, f in TITULARES if not (publico and c in SOLO_PORTAL)]
    return {
        "corte": corte,
        "titulares": [t for _c, t, _f in titulares],
        "filas": [
            {
                "fila": fila,
                "nombre": nombre_municipio(fila),
                "valores": [(t, formatear(fila.cifras[c], f)) for c, t, f in titulares]
                if fila.publicado
                else [],
            }
            for fila in corte.municipios
        ],
        "nombres": [nombre_municipio(f) for f in corte.municipios],
        "sin_informe": SIN_INFORME,
        "publico": publico,
    }


# Figures the micrositio never prints for a municipio: the state's public page omits them.
SOLO_PORTAL = {"aprobacion_primera"}


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
