"""Open data: the index, each version's datapackage.json and files, and the catalogs (DCAT as
JSON-LD, and DCAT-US / Project Open Data's data.json)."""

from __future__ import annotations

import json
import re

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from informes.divulgacion.supresion import ETIQUETA
from informes.models import InformePublicado
from informes.salidas.datos_abiertos import clave_corte, recursos
from informes.salidas.datos_formatos import TIPOS, serializar
from publico import consultas, sitio
from publico.cache import publica
from publico.catalogo import FORMATOS, nombre_paquete
from publico.catalogo import catalogo as catalogo_de
from publico.catalogo import paquete as paquete_de
from publico.dcat import catalogo_dcat as dcat_de
from publico.dcat import versiones_vecinas


def _version(municipio, corte: str, version: int) -> InformePublicado:
    coincide = re.fullmatch(r"(\d{4})-(t\d)", corte)
    if not coincide:
        raise Http404("No existe ese corte.")
    return consultas.del_corte(municipio, int(coincide[1]), coincide[2], version)


def _reemplazo(siguiente: InformePublicado | None) -> dict | None:
    """The version that corrects this one: its number and its section's anchor."""
    if siguiente is None:
        return None
    return {"version": siguiente.version, "ancla": nombre_paquete(siguiente)}


@publica
def indice(request: HttpRequest, municipio) -> HttpResponse:
    informes = consultas.todas(municipio)
    vecinas = versiones_vecinas(informes)
    versiones = [
        {
            "informe": i,
            "corte": clave_corte(i),
            "ancla": nombre_paquete(i),
            "reemplazo": _reemplazo(vecinas[i.pk][1]),
            "recursos": [(r, [(f, r.archivo(i, f)) for f in FORMATOS]) for r in recursos(i)],
        }
        for i in informes
    ]
    return sitio.pagina(
        request, "publico/datos.html", {"versiones": versiones, "etiqueta": ETIQUETA}
    )


@publica
def paquete(request: HttpRequest, municipio, corte: str, version: int) -> HttpResponse:
    informe = _version(municipio, corte, version)
    contenido = json.dumps(paquete_de(informe, municipio.institucion), ensure_ascii=False, indent=1)
    return HttpResponse(contenido, content_type="application/json")


@publica
def archivo_datos(
    request: HttpRequest, municipio, corte: str, version: int, archivo: str
) -> HttpResponse:
    informe = _version(municipio, corte, version)
    for r in recursos(informe):
        for formato in FORMATOS:
            if r.archivo(informe, formato) == archivo:
                respuesta = HttpResponse(serializar(r, formato), content_type=TIPOS[formato])
                disposicion = "attachment" if formato == "xlsx" else "inline"
                respuesta["Content-Disposition"] = f'{disposicion}; filename="{archivo}"'
                return respuesta
    raise Http404("No existe ese archivo de datos.")


@publica
def catalogo(request: HttpRequest, municipio) -> JsonResponse:
    return JsonResponse(
        catalogo_de(consultas.todas(municipio), sitio.url_absoluta(request), municipio.institucion),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@publica
def catalogo_dcat(request: HttpRequest, municipio) -> HttpResponse:
    """DCAT as JSON-LD with its context inside: an RDF harvester needs nothing else."""
    documento = dcat_de(
        consultas.todas(municipio), sitio.url_absoluta(request), municipio.institucion
    )
    return HttpResponse(
        json.dumps(documento, ensure_ascii=False, indent=1), content_type="application/ld+json"
    )
