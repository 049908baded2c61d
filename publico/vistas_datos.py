"""Open data: the index, each version's datapackage.json and files, and the DCAT catalog."""

from __future__ import annotations

import json
import re

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from informes.divulgacion.supresion import ETIQUETA
from informes.models import InformePublicado
from publico import consultas
from publico.cache import publica
from publico.catalogo import FORMATOS
from publico.catalogo import catalogo as catalogo_de
from publico.catalogo import paquete as paquete_de
from publico.datos import recursos
from publico.formatos import TIPOS, serializar


def _version(corte: str, version: int) -> InformePublicado:
    coincide = re.fullmatch(r"(\d{4})-(t\d)", corte)
    if not coincide:
        raise Http404("No existe ese corte.")
    return consultas.del_corte(int(coincide[1]), coincide[2], version)


@publica
def indice(request: HttpRequest) -> HttpResponse:
    versiones = [
        {
            "informe": i,
            "corte": consultas.clave_corte(i),
            "recursos": [(r, [(f, r.archivo(i, f)) for f in FORMATOS]) for r in recursos(i)],
        }
        for i in consultas.todas()
    ]
    return render(request, "publico/datos.html", {"versiones": versiones, "etiqueta": ETIQUETA})


@publica
def paquete(request: HttpRequest, corte: str, version: int) -> HttpResponse:
    contenido = json.dumps(paquete_de(_version(corte, version)), ensure_ascii=False, indent=1)
    return HttpResponse(contenido, content_type="application/json")


@publica
def archivo_datos(request: HttpRequest, corte: str, version: int, archivo: str) -> HttpResponse:
    informe = _version(corte, version)
    for r in recursos(informe):
        for formato in FORMATOS:
            if r.archivo(informe, formato) == archivo:
                respuesta = HttpResponse(serializar(r, formato), content_type=TIPOS[formato])
                disposicion = "attachment" if formato == "xlsx" else "inline"
                respuesta["Content-Disposition"] = f'{disposicion}; filename="{archivo}"'
                return respuesta
    raise Http404("No existe ese archivo de datos.")


@publica
def catalogo(request: HttpRequest) -> JsonResponse:
    def url(nombre: str, kwargs: dict) -> str:
        return request.build_absolute_uri(reverse(nombre, kwargs=kwargs))

    return JsonResponse(
        catalogo_de(consultas.todas(), url), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
