"""The data a published PDF carries inside it, as PDF/A-3 associated files.

Whoever holds the file can take the exact figures out of it: the corte's JSON document (the
frozen figures, valid against `informes/esquemas/informe-corte.schema.json`) and the CSV files
of the micrositio's open data for that version. Everything comes from the version's frozen
figures, never recomputed, and goes through the same code the micrositio and the command
line use, so the three agree byte for byte. The counts of people are embedded only as the
CSV shows them, through the version's frozen suppression pattern: the raw public snapshot
(`"publico"` in the frozen figures) never leaves in the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from informes.models import InformePublicado
from informes.salidas import json_informe
from informes.salidas.datos_abiertos import clave_corte, recursos
from informes.salidas.datos_formatos import a_csv

# Frozen figures that stay inside the portal: the public snapshot keeps raw counts of people,
# which the public reads only through its suppression pattern (the embedded CSV files do).
INTERNAS = frozenset({"publico"})


@dataclass(frozen=True)
class Adjunto:
    nombre: str
    contenido: bytes
    # How the file relates to the document (PDF/A-3 AFRelationship): «Source» for the figures
    # the report is printed from, «Data» for the tables derived from them.
    relacion: str
    descripcion: str


def figuras_publicables(figuras: dict) -> dict:
    return {clave: valor for clave, valor in figuras.items() if clave not in INTERNAS}


def nombre_json(informe: InformePublicado) -> str:
    return f"informe-de-corte-{clave_corte(informe)}-v{informe.version}.json"


def json_publicado(informe: InformePublicado) -> bytes:
    """The JSON document of a published version, from its frozen figures."""
    return json_informe.como_bytes(figuras_publicables(informe.figuras), publicado=informe)


def de_version(informe: InformePublicado) -> list[Adjunto]:
    """The files embedded in a published version's PDF: its JSON, then each open dataset."""
    etiqueta = informe.etiqueta
    adjuntos = [
        Adjunto(
            nombre_json(informe),
            json_publicado(informe),
            "Source",
            f"Cifras del informe de corte {etiqueta}, versión {informe.version}, con sus "
            f"definiciones (esquema informe-corte {json_informe.VERSION_ESQUEMA}).",
        )
    ]
    for recurso in recursos(informe):
        adjuntos.append(
            Adjunto(recurso.archivo(informe, "csv"), a_csv(recurso), "Data", recurso.titulo)
        )
    return adjuntos
