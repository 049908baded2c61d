"""What reading a workbook found: per sheet, the rows that are new, change or stay the same,
and every error with its sheet, Excel row, column and value."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ErrorImportacion:
    hoja: str
    fila: int | None
    columna: str
    valor: Any
    mensaje: str

    def __str__(self) -> str:
        partes = [f"Hoja «{self.hoja}»"]
        if self.fila:
            partes.append(f"fila {self.fila}")
        if self.columna:
            partes.append(f"columna {self.columna}")
        lugar = ", ".join(partes)
        valor = "" if self.valor in (None, "") else f", valor «{self.valor}»"
        return f"{lugar}{valor}: {self.mensaje}"


@dataclass
class Fila:
    """One data row, cleaned; `accion` is nueva / cambia / igual once diffed."""

    numero: int
    clave: str
    datos: dict[str, Any]
    presentes: set[str]
    accion: str = ""
    cambios: list[str] = field(default_factory=list)  # labels, as the preview shows them
    campos: list[str] = field(default_factory=list)  # the same, as field names
    antes: dict[str, Any] = field(default_factory=dict)  # the changed fields, as stored now
    # (label, before, after) of each changed field, written as people read them.
    valores: list[tuple[str, str, str]] = field(default_factory=list)
    existente: Any = None
    # Fields of an AGREED meta (programación, recomendaciones) that the import never writes:
    # it records a SolicitudModificacion for the IMM instead. Labels, as the preview says.
    modificacion: list[str] = field(default_factory=list)

    def despues(self) -> dict[str, Any]:
        """The changed fields as the row will leave them."""
        return {campo: self.datos[campo] for campo in self.campos}


@dataclass
class ResultadoHoja:
    nombre: str
    nombre_en_libro: str = ""
    fila_encabezado: int | None = None
    filas: list[Fila] = field(default_factory=list)
    errores: list[ErrorImportacion] = field(default_factory=list)
    columnas_ignoradas: list[str] = field(default_factory=list)

    def de_accion(self, accion: str) -> list[Fila]:
        return [f for f in self.filas if f.accion == accion]

    def resumen(self) -> str:
        """«3 nuevas, 1 con cambios, 120 sin cambio, 0 errores»."""
        n, e = len(self.nuevas), len(self.errores)
        return (
            f"{n:,} nueva{'' if n == 1 else 's'}, {len(self.cambiadas):,} con cambios, "
            f"{len(self.sin_cambio):,} sin cambio, {e:,} error{'' if e == 1 else 'es'}"
        )

    @property
    def nuevas(self) -> list[Fila]:
        return self.de_accion("nueva")

    @property
    def cambiadas(self) -> list[Fila]:
        return self.de_accion("cambia")

    @property
    def sin_cambio(self) -> list[Fila]:
        return self.de_accion("igual")


@dataclass
class Resultado:
    hojas: list[ResultadoHoja] = field(default_factory=list)
    hojas_ignoradas: list[str] = field(default_factory=list)
    errores_libro: list[str] = field(default_factory=list)
    ejercicios_nuevos: list[int] = field(default_factory=list)
    aplicado: bool = False

    @property
    def errores(self) -> list[ErrorImportacion]:
        return [e for h in self.hojas for e in h.errores]

    @property
    def valido(self) -> bool:
        return not self.errores_libro and not self.errores

    @property
    def hay_cambios(self) -> bool:
        return any(h.nuevas or h.cambiadas for h in self.hojas) or bool(self.ejercicios_nuevos)

    def hoja(self, nombre: str) -> ResultadoHoja | None:
        return next((h for h in self.hojas if h.nombre == nombre), None)

    def como_dict(self) -> dict:
        """JSON-ready preview: what the preview page shows and what applying compares."""
        return {
            "valido": self.valido,
            "hay_cambios": self.hay_cambios,
            "numero_errores": len(self.errores) + len(self.errores_libro),
            "errores_libro": self.errores_libro,
            "hojas_ignoradas": self.hojas_ignoradas,
            "ejercicios_nuevos": self.ejercicios_nuevos,
            "hojas": [
                {
                    "nombre": h.nombre,
                    "nombre_en_libro": h.nombre_en_libro,
                    "fila_encabezado": h.fila_encabezado,
                    "nuevas": [{"fila": f.numero, "clave": f.clave} for f in h.nuevas],
                    "cambiadas": [
                        {
                            "fila": f.numero,
                            "clave": f.clave,
                            "campos": f.cambios,
                            "valores": [list(v) for v in f.valores],
                            "modificacion": f.modificacion,
                        }
                        for f in h.cambiadas
                    ],
                    "solicitudes": sum(1 for f in h.cambiadas if f.modificacion),
                    "sin_cambio": len(h.sin_cambio),
                    "errores": [str(e) for e in h.errores],
                    "columnas_ignoradas": h.columnas_ignoradas,
                }
                for h in self.hojas
            ],
        }

    def huella(self) -> str:
        """Fingerprint of what the preview announces (to detect data that moved since)."""
        return hashlib.sha256(repr(self.como_dict()).encode()).hexdigest()


class ImportacionRechazada(Exception):
    """Nothing was written: the file has errors, or the data moved since the preview."""

    def __init__(self, resultado: Resultado):
        super().__init__("La importación tiene errores; no se aplicó nada.")
        self.resultado = resultado
