"""Metadata of the open data: a Frictionless Data Package per version, one DCAT catalog.

`catalogo()` follows DCAT-US / Project Open Data v1.1 (`data.json`), which CKAN's data.json
harvester reads; `publico.dcat` writes the same catalog as DCAT in JSON-LD for RDF harvesters.
Both name the publishing institution (the municipio's own) and its contact mailbox, never a
person.
"""

from __future__ import annotations

from collections.abc import Callable

from avgm.models import Institucion
from informes.models import InformePublicado
from informes.salidas.datos_abiertos import clave_corte, esquema, recursos

LICENCIA = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Atribución 4.0 Internacional",
}
FORMATOS = ["csv", "json", "xlsx"]
PALABRAS = ["AVGM", "alerta de violencia de género", "recomendaciones"]


def palabras(inst: Institucion) -> list[str]:
    """The keywords of a municipio's datasets: the alert's, and the municipio's name."""
    return [*PALABRAS, inst.municipio] if inst.municipio else PALABRAS


def nombre_paquete(informe: InformePublicado) -> str:
    return f"avgm-informe-de-corte-{clave_corte(informe)}-v{informe.version}"


def descripcion(informe: InformePublicado) -> str:
    texto = (
        f"Datos abiertos del informe de corte {informe.etiqueta}, versión {informe.version}, "
        f"publicado el {informe.publicado_en:%d/%m/%Y}: respuesta municipal a la Alerta de "
        "Violencia de Género contra las Mujeres. Solo cifras agregadas."
    )
    if informe.errata:
        texto += f" Fe de erratas: {informe.errata}"
    return texto


def paquete(informe: InformePublicado, inst: Institucion) -> dict:
    """The datapackage.json of a published version of `inst`'s municipio (resource paths
    relative to it)."""
    return {
        "name": nombre_paquete(informe),
        "title": f"Informe de corte {informe.etiqueta}, versión {informe.version}",
        "description": descripcion(informe),
        "version": str(informe.version),
        "created": informe.publicado_en.isoformat(timespec="seconds"),
        "licenses": [LICENCIA],
        "keywords": palabras(inst),
        "contributors": [{"title": inst.nombre, "role": "publisher"}],
        "resources": [
            {
                "name": r.archivo(informe, "csv").removesuffix(".csv"),
                "path": r.archivo(informe, "csv"),
                "title": r.titulo,
                "description": r.descripcion,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": esquema(r),
            }
            for r in recursos(informe)
        ],
    }


def catalogo(
    informes: list[InformePublicado], url: Callable[[str, dict], str], inst: Institucion
) -> dict:
    """DCAT-US (data.json) catalog of the datasets of every published version of `inst`'s
    municipio. `url(name, kwargs)` builds an absolute address of a public view.
    """
    publicador = {"@type": "org:Organization", "name": inst.nombre}
    conjuntos = []
    for informe in informes:
        corte = {"corte": clave_corte(informe), "version": informe.version}
        distribuciones = [
            {
                "@type": "dcat:Distribution",
                "title": "Diccionario de datos (Frictionless Data Package)",
                "downloadURL": url("publico:paquete", corte),
                "mediaType": "application/json",
                "format": "datapackage.json",
            },
            {
                "@type": "dcat:Distribution",
                "title": "Informe en PDF",
                "downloadURL": url("publico:pdf", {"pk": informe.pk}),
                "mediaType": "application/pdf",
                "format": "PDF",
            },
        ]
        for r in recursos(informe):
            for formato in FORMATOS:
                distribuciones.append(
                    {
                        "@type": "dcat:Distribution",
                        "title": f"{r.titulo} ({formato.upper()})",
                        "description": r.descripcion,
                        "downloadURL": url(
                            "publico:archivo_datos",
                            {**corte, "archivo": r.archivo(informe, formato)},
                        ),
                        "mediaType": {
                            "csv": "text/csv",
                            "json": "application/json",
                            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        }[formato],
                        "format": formato.upper(),
                        "describedBy": url("publico:paquete", corte),
                        "describedByType": "application/json",
                    }
                )
        conjuntos.append(
            {
                "@type": "dcat:Dataset",
                "identifier": nombre_paquete(informe),
                "title": f"Respuesta municipal a la AVGM: informe de corte {informe.etiqueta}, versión {informe.version}",
                "description": descripcion(informe),
                "keyword": palabras(inst),
                "issued": informe.publicado_en.date().isoformat(),
                "modified": informe.publicado_en.isoformat(timespec="seconds"),
                "publisher": publicador,
                "contactPoint": {
                    "@type": "vcard:Contact",
                    "fn": inst.nombre,
                    "hasEmail": f"mailto:{inst.correo_de_contacto}",
                },
                "accessLevel": "public",
                "license": LICENCIA["path"],
                "language": ["es-MX"],
                "temporal": _temporal(informe),
                "landingPage": url(
                    "publico:corte", {"anio": informe.ejercicio.anio, "hasta": informe.hasta.clave}
                ),
                "distribution": distribuciones,
            }
        )
    ultima = max((i.publicado_en for i in informes), default=None)
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "title": f"Datos abiertos de la respuesta a la AVGM — {inst.nombre}",
        "modified": ultima.isoformat(timespec="seconds") if ultima else None,
        "dataset": conjuntos,
    }


def _temporal(informe: InformePublicado) -> str:
    periodos = informe.figuras["corte"]["periodos"]
    return f"{periodos[0]['inicio']}/{periodos[-1]['fin']}" if periodos else ""
