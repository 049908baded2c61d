"""Import of the planning workbook: preview, then apply all-or-nothing.

`previsualizar()` reads a file and says, per sheet, which rows are new, which change (and
which fields), which stay the same, and every error with its sheet, Excel row, column and
value. `aplicar()` re-reads and re-validates the file inside one transaction, writes only when
there is no error at all, bumps the data revision and records the import in the bitácora.
The sheets and columns are in `dependencias.excel.hojas`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction

from avgm.models import Municipio
from avgm.plataforma import bitacora, municipios, revision
from dependencias.excel.comparacion import diferenciar
from dependencias.excel.escritura import escribir
from dependencias.excel.libro import ArchivoInvalido, abrir_libro, leer_bytes
from dependencias.excel.resultado import ErrorImportacion, ImportacionRechazada, Resultado
from dependencias.excel.validacion import leer

__all__ = [
    "ArchivoInvalido",
    "ImportacionRechazada",
    "Resultado",
    "aplicar",
    "analizar",
    "previsualizar",
]


def _de(municipio: Municipio | None) -> Municipio:
    """The municipio an import is for: the one given, or the deployment's only one."""
    municipio = municipio or Municipio.objects.unico()
    if municipio is None:
        raise ArchivoInvalido("Indique el municipio al que pertenece el libro.")
    return municipio


def analizar(contenido: bytes, municipio: Municipio | None = None, usuario=None) -> Resultado:
    """Open, validate and diff a workbook's bytes against `municipio`'s data (siglas,
    ejercicios, metas and GIM evaluations are its own); writes nothing.

    `usuario` is who imports (None: the portal's administration, at the command line). The
    Recomendaciones sheet may add or change rows only when `usuario` may change the shared
    declaratoria (`municipios.cambia_la_declaratoria`); its unchanged rows are always fine.

    Raises ArchivoInvalido when the file is not a readable, reasonably sized .xlsx.
    """
    municipio = _de(municipio)
    libro = abrir_libro(contenido)
    try:
        lectura = leer(libro, municipio)
    finally:
        libro.close()
    resultado = lectura.resultado
    if lectura.catalogos is not None:
        diferenciar(resultado, lectura.lectores, lectura.catalogos)
    if usuario is not None and not municipios.cambia_la_declaratoria(usuario):
        _declaratoria_comun(resultado)
    for hoja in resultado.hojas:
        hoja.errores.sort(key=lambda e: (e.fila or 0))
    return resultado


def _declaratoria_comun(resultado: Resultado) -> None:
    """Refuse every new or changed recomendación: the declaratoria is every municipio's."""
    hoja = resultado.hoja("Recomendaciones")
    if hoja is None:
        return
    for fila in hoja.nuevas + hoja.cambiadas:
        hoja.errores.append(
            ErrorImportacion(
                hoja.nombre, fila.numero, "", fila.clave, municipios.DECLARATORIA_COMUN
            )
        )


def previsualizar(archivo, municipio: Municipio | None = None, usuario=None) -> Resultado:
    """Read and validate `archivo` (path, bytes or file) as `usuario` imports it and diff it
    against the database."""
    return analizar(leer_bytes(archivo), municipio, usuario)


def aplicar(
    archivo,
    *,
    municipio: Municipio | None = None,
    huella: str | None = None,
    usuario=None,
    nombre: str = "",
) -> Resultado:
    """Re-read, re-validate and apply `archivo` to `municipio` (no municipio: the deployment's
    only one) in one transaction; all or nothing.

    Raises ImportacionRechazada (nothing written) when there is any error, or when `huella`
    is given and the preview it fingerprints no longer matches (the data moved meanwhile).
    `usuario` and `nombre` (the uploaded file's name) go to the bitácora.
    """
    contenido = leer_bytes(archivo)
    if not nombre and isinstance(archivo, str | Path):
        nombre = Path(archivo).name
    municipio = _de(municipio)
    with transaction.atomic():
        resultado = analizar(contenido, municipio, usuario)
        if not resultado.valido or (huella is not None and resultado.huella() != huella):
            raise ImportacionRechazada(resultado)
        escribir(resultado, municipio=municipio, usuario=usuario, nombre=nombre)
        revision.marcar_cambio()  # the writes are bulk: no save() signal bumps the revision
        _registrar(resultado, contenido, usuario=usuario, nombre=nombre)
        resultado.aplicado = True
    return resultado


def sha256(contenido: bytes) -> str:
    return hashlib.sha256(contenido).hexdigest()


def _registrar(resultado: Resultado, contenido: bytes, *, usuario, nombre: str) -> None:
    """One bitácora event: the file, its SHA-256, a summary per sheet and each changed row."""
    resumen = "; ".join(f"{h.nombre}: {h.resumen()}" for h in resultado.hojas)
    bitacora.registrar(
        bitacora.Tipo.IMPORTACION,
        usuario=usuario,
        descripcion=f"Importación de «{nombre or 'libro sin nombre'}» aplicada. {resumen}.",
        detalle=detalle_bitacora(resultado, contenido, nombre),
    )


def detalle_bitacora(resultado: Resultado, contenido: bytes, nombre: str) -> dict:
    hojas, cambios = [], []
    for h in resultado.hojas:
        hojas.append(
            {
                "hoja": h.nombre,
                "nuevas": len(h.nuevas),
                "con_cambios": len(h.cambiadas),
                "sin_cambio": len(h.sin_cambio),
                "claves_nuevas": [f.clave for f in h.nuevas],
            }
        )
        for f in h.cambiadas:
            fila = {"hoja": h.nombre, "fila": f.numero, "clave": f.clave}
            if "ejercicio" in f.datos:
                fila["ejercicio"] = f.datos["ejercicio"]
            cambios.append(fila | {"antes": f.antes, "despues": f.despues()})
    return {
        "archivo": nombre,
        "sha256": sha256(contenido),
        "ejercicios_nuevos": resultado.ejercicios_nuevos,
        "hojas": hojas,
        "cambios": cambios,
    }
