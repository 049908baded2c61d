"""The open data's catalog in DCAT, as JSON-LD that any RDF harvester reads offline.

The `@context` is the file beside this module (`dcat_contexto.jsonld`), written into the
document itself: parsing it never fetches anything. Each published version is a
`dcat:Dataset` (a correction `dct:replaces` the version before, which `dct:isReplacedBy` it),
each file a `dcat:Distribution` with its access and download addresses, its media type as an
IANA IRI and its format from the EU file-type vocabulary. The contact is the institution's
mailbox (`Institucion.correo_de_contacto`) of the municipio's institution, never a person.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

from avgm.models import Institucion
from informes.models import InformePublicado
from informes.salidas.datos_abiertos import clave_corte, recursos
from publico.catalogo import FORMATOS, LICENCIA, descripcion, nombre_paquete, palabras

CONTEXTO = Path(__file__).with_name("dcat_contexto.jsonld")
IANA = "https://www.iana.org/assignments/media-types/"
TIPO_DE_ARCHIVO = "http://publications.europa.eu/resource/authority/file-type/"
ESPANOL = "http://publications.europa.eu/resource/authority/language/SPA"
ACCESO_PUBLICO = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
# Media type and EU file type of each kind of file.
TIPOS = {
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "pdf": ("application/pdf", "PDF"),
}


@functools.cache
def contexto() -> dict:
    """The JSON-LD context kept in the repository."""
    return json.loads(CONTEXTO.read_text(encoding="utf-8"))["@context"]


def versiones_vecinas(informes: list[InformePublicado]) -> dict[int, tuple]:
    """{pk: (version it replaces, version that replaces it)} within each corte, or None."""
    por_corte: dict[tuple[int, int], list[InformePublicado]] = {}
    for informe in informes:
        por_corte.setdefault((informe.ejercicio_id, informe.hasta_id), []).append(informe)
    vecinas = {}
    for versiones in por_corte.values():
        versiones.sort(key=lambda i: i.version)
        for n, informe in enumerate(versiones):
            anterior = versiones[n - 1] if n else None
            siguiente = versiones[n + 1] if n + 1 < len(versiones) else None
            vecinas[informe.pk] = (anterior, siguiente)
    return vecinas


def _distribucion(id_: str, titulo: str, tipo: str, *, acceso: str, descarga: str, **mas):
    media, formato = TIPOS[tipo]
    return {
        "@id": id_,
        "@type": "dcat:Distribution",
        "title": titulo,
        "accessURL": acceso,
        "downloadURL": descarga,
        "mediaType": IANA + media,
        "format": TIPO_DE_ARCHIVO + formato,
        "license": LICENCIA["path"],
        **mas,
    }


def catalogo_dcat(
    informes: list[InformePublicado], url: Callable[[str, dict], str], inst: Institucion
) -> dict:
    """The DCAT catalog of every published version of `inst`'s municipio; `url(name, kwargs)`
    is absolute (in the micrositio's own form of address)."""
    datos = url("publico:datos", {})
    vecinas = versiones_vecinas(informes)

    def id_de(informe: InformePublicado) -> str:
        return f"{datos}#{nombre_paquete(informe)}"

    conjuntos = []
    for informe in informes:
        corte = {"corte": clave_corte(informe), "version": informe.version}
        pagina = id_de(informe)
        paquete = url("publico:paquete", corte)
        distribuciones = [
            _distribucion(
                f"{pagina}-pdf", f"Informe de corte {informe.etiqueta} en PDF", "pdf",
                acceso=pagina, descarga=url("publico:pdf", {"pk": informe.pk}),
            ),
            _distribucion(
                f"{pagina}-datapackage", "Diccionario de datos (Frictionless Data Package)",
                "json", acceso=pagina, descarga=paquete,
            ),
        ]  # fmt: skip
        for r in recursos(informe):
            for formato in FORMATOS:
                archivo = r.archivo(informe, formato)
                distribuciones.append(
                    _distribucion(
                        f"{datos}#{archivo}", f"{r.titulo} ({formato.upper()})", formato,
                        acceso=pagina,
                        descarga=url("publico:archivo_datos", {**corte, "archivo": archivo}),
                        description=r.descripcion, conformsTo=paquete,
                    )
                )  # fmt: skip
        anterior, siguiente = vecinas[informe.pk]
        periodos = informe.figuras["corte"]["periodos"]
        conjuntos.append(
            {
                "@id": pagina,
                "@type": "dcat:Dataset",
                "identifier": nombre_paquete(informe),
                "title": f"Respuesta municipal a la AVGM: informe de corte {informe.etiqueta}, "
                f"versión {informe.version}",
                "description": descripcion(informe),
                "version": str(informe.version),
                "keyword": palabras(inst),
                "issued": informe.publicado_en.isoformat(timespec="seconds"),
                "modified": informe.publicado_en.isoformat(timespec="seconds"),
                "publisher": f"{url('publico:inicio', {})}#institucion",
                "contactPoint": f"{datos}#contacto",
                "license": LICENCIA["path"],
                "accessRights": ACCESO_PUBLICO,
                "language": ESPANOL,
                "landingPage": pagina,
                **({"replaces": id_de(anterior)} if anterior else {}),
                **({"isReplacedBy": id_de(siguiente)} if siguiente else {}),
                **(
                    {
                        "temporal": {
                            "@type": "dct:PeriodOfTime",
                            "startDate": periodos[0]["inicio"],
                            "endDate": periodos[-1]["fin"],
                        }
                    }
                    if periodos
                    else {}
                ),
                "distribution": distribuciones,
            }
        )
    ultima = max((i.publicado_en for i in informes), default=None)
    return {
        "@context": contexto(),
        "@id": url("publico:catalogo_dcat", {}),
        "@type": "dcat:Catalog",
        "title": f"Datos abiertos de la respuesta a la AVGM — {inst.nombre}",
        "description": "Cada versión publicada de cada informe de corte: cifras agregadas de "
        "fichas técnicas aprobadas, en CSV, JSON y XLSX con su diccionario de datos.",
        "publisher": {
            "@id": f"{url('publico:inicio', {})}#institucion",
            "@type": "foaf:Organization",
            "name": inst.nombre,
            "homepage": url("publico:inicio", {}),
        },
        "contactPoint": {
            "@id": f"{datos}#contacto",
            "@type": "vcard:Organization",
            "fn": inst.nombre,
            "hasEmail": f"mailto:{inst.correo_de_contacto}",
            "hasURL": datos,
        },
        "homepage": url("publico:inicio", {}),
        "license": LICENCIA["path"],
        "language": ESPANOL,
        **({"modified": ultima.isoformat(timespec="seconds")} if ultima else {}),
        "dataset": conjuntos,
    }
