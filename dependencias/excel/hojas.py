"""The sheets of the planning workbook and their columns: what the import reads and the
export writes, so an exported file imports back with every row unchanged.

The workbook holds any subset of the sheets Recomendaciones, Dependencias and Metas.
"""

from __future__ import annotations

from dataclasses import dataclass

from avgm.models import Recomendacion
from dependencias.excel.libro import normalizar

TRIMESTRES = (1, 2, 3, 4)
# Rows scanned for the header row; more than this many title rows is not a header problem.
FILAS_BUSQUEDA_ENCABEZADO = 30
# Programmed quantities fit a PositiveIntegerField on every backend.
MAXIMA_CANTIDAD = 1_000_000_000


@dataclass(frozen=True)
class Columna:
    campo: str
    titulo: str
    alias: tuple[str, ...] = ()
    obligatoria: bool = False
    max_length: int | None = None

    def nombres(self) -> set[str]:
        return {normalizar(self.titulo), *(normalizar(a) for a in self.alias)}


HOJAS: dict[str, list[Columna]] = {
    "Recomendaciones": [
        Columna("clave", "Clave", obligatoria=True, max_length=20),
        Columna("texto", "Recomendación", ("Recomendacion texto", "Texto"), obligatoria=True),
        Columna("tipo", "Tipo", ("Tipo de recomendación",), obligatoria=True),
        Columna("modalidades", "Modalidades", ("Modalidad", "Modalidades de violencia")),
        Columna("ejes", "Ejes transversales", ("Ejes", "Eje transversal", "Eje")),
        Columna("vigente_desde", "Vigente desde", ("Desde",)),
        Columna("vigente_hasta", "Vigente hasta", ("Hasta",)),
    ],
    "Dependencias": [
        Columna("siglas", "Siglas", obligatoria=True, max_length=40),
        Columna(
            "nombre", "Nombre", ("Nombre de la dependencia",), obligatoria=True, max_length=200
        ),
        Columna("titular", "Titular", max_length=200),
    ],
    "Metas": [
        Columna("ejercicio", "Ejercicio", ("Año",), obligatoria=True),
        Columna("dependencia", "Dependencia", ("Dependencia siglas", "Siglas"), obligatoria=True),
        Columna("clave", "Clave", ("Clave de la meta",), obligatoria=True, max_length=40),
        Columna("descripcion", "Meta", ("Descripción",), obligatoria=True),
        Columna("linea_accion", "Línea de acción", ("Lineas de accion",)),
        Columna("tipo_accion", "Tipo de acción", ()),
        Columna("unidad_medida", "Unidad de medida", ("Unidad",), max_length=120),
        Columna("recomendaciones", "Recomendaciones", ("Recomendación", "Claves")),
        *[
            Columna(f"t{n}", f"T{n}", (f"Trimestre {n}", f"{o} trimestre", f"Programado T{n}"))
            for n, o in zip(TRIMESTRES, ("1er", "2do", "3er", "4to"), strict=True)
        ],
    ],
    # The GIM's valoración (dependencias.excel.gim): one row per recomendación and evaluation.
    "Valoración GIM": [
        Columna("fecha", "Fecha de la evaluación", ("Fecha",), obligatoria=True),
        Columna(
            "referencia", "Referencia", ("Referencia del documento", "Evaluación", "Documento"),
            obligatoria=True, max_length=200,
        ),
        Columna(
            "recomendacion", "Recomendación", ("Clave", "Clave de la recomendación"),
            obligatoria=True,
        ),
        Columna("valoracion", "Valoración", ("Valoración del GIM", "Dictamen"), obligatoria=True),
        Columna("comentario", "Comentario", ("Comentarios", "Observaciones")),
    ],
}  # fmt: skip

# The fields a row may change, with the labels the preview shows.
ETIQUETAS = {
    "Recomendaciones": {
        "texto": "Recomendación",
        "tipo": "Tipo",
        "modalidades": "Modalidades",
        "ejes": "Ejes transversales",
        "vigente_desde": "Vigente desde",
        "vigente_hasta": "Vigente hasta",
    },
    "Dependencias": {"nombre": "Nombre", "titular": "Titular"},
    "Metas": {
        "dependencia": "Dependencia",
        "descripcion": "Meta",
        "linea_accion": "Línea de acción",
        "tipo_accion": "Tipo de acción",
        "unidad_medida": "Unidad de medida",
        "recomendaciones": "Recomendaciones",
        **{f"t{n}": f"T{n}" for n in TRIMESTRES},
    },
}

TIPOS_RECOMENDACION = {normalizar(valor): valor for valor in Recomendacion.Tipo.values} | {
    normalizar(label): valor for valor, label in Recomendacion.Tipo.choices
}
# The seed document prints «Femicida»; the LGAMVLV term is Feminicida.
ALIAS_MODALIDAD = {"femicida": "feminicida"}


def titulos(hoja: str) -> list[str]:
    return [c.titulo for c in HOJAS[hoja]]
