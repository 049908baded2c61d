"""Validating a workbook's rows: find each sheet's header, clean every row, report each error.

Tolerances: title/blank rows above the header, headers in any case and with or without
accents, extra columns (ignored, listed), stray spaces, catalog values matched ignoring case
and accents, numbers stored as text, formulas (their cached values), blank rows between data.
`dependencias.excel.comparacion` then says which of the cleaned rows are new or change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from openpyxl.utils import get_column_letter

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Recomendacion
from avgm.numeros import entero
from dependencias.excel.gim import leer_valoraciones
from dependencias.excel.hojas import (
    ALIAS_MODALIDAD,
    FILAS_BUSQUEDA_ENCABEZADO,
    HOJAS,
    MAXIMA_CANTIDAD,
    TIPOS_RECOMENDACION,
    TRIMESTRES,
    Columna,
)
from dependencias.excel.libro import (
    clave_busqueda,
    filas_hoja,
    formulas_sin_valor,
    normalizar,
    texto_celda,
)
from dependencias.excel.resultado import ErrorImportacion, Fila, Resultado, ResultadoHoja
from dependencias.models import Dependencia, Meta, TipoAccion

# The model each sheet writes: a text cell passes the validators of its model field, so a
# rule on a field (e.g. `avgm.texto.sin_formula`) holds for the import as for the admin.
MODELOS = {"Recomendaciones": Recomendacion, "Dependencias": Dependencia, "Metas": Meta}


def _encabezados(
    filas: list[tuple[int, tuple]], columnas: list[Columna]
) -> tuple[int, dict[str, int], list[str]] | None:
    """Find the header row: the first one that names every required column."""
    obligatorias = [c for c in columnas if c.obligatoria]
    for numero, fila in (f for f in filas if f[0] <= FILAS_BUSQUEDA_ENCABEZADO):
        normalizados = [normalizar(v) for v in fila]
        if not all(any(n in c.nombres() for n in normalizados) for c in obligatorias):
            continue
        indices: dict[str, int] = {}
        ignoradas = []
        for indice, (original, norm) in enumerate(zip(fila, normalizados, strict=True)):
            if not norm:
                continue
            columna = next((c for c in columnas if norm in c.nombres()), None)
            letra = get_column_letter(indice + 1)
            if columna is None:
                ignoradas.append(f"{texto_celda(original)} ({letra})")
            elif columna.campo in indices:
                ignoradas.append(f"{texto_celda(original)} ({letra}, repetida)")
            else:
                indices[columna.campo] = indice
        return numero, indices, ignoradas
    return None


# --- validation ---------------------------------------------------------------------------


class Catalogos:
    """Everything rows refer to, loaded once and keyed by normalized name: the shared
    declaratoria, and the dependencias and ejercicios of the importing `municipio`."""

    def __init__(self, municipio) -> None:
        self.municipio = municipio
        self.modalidades = {}
        for m in Modalidad.objects.all():
            for nombre in (m.nombre, m.nombre_corto):
                if nombre:
                    self.modalidades[_sin_violencia(nombre)] = m
        self.ejes = {}
        for e in EjeTransversal.objects.all():
            for nombre in (e.nombre, e.nombre_corto):
                if nombre:
                    self.ejes[normalizar(nombre)] = e
        self.tipos_accion = {normalizar(t.nombre): t for t in TipoAccion.objects.all()}
        self.dependencias = {
            clave_busqueda(d.siglas): d for d in Dependencia.objects.filter(municipio=municipio)
        }
        self.recomendaciones = {
            clave_busqueda(r.clave): r
            for r in Recomendacion.objects.prefetch_related("modalidades", "ejes")
        }
        self.ejercicios = {e.anio: e for e in Ejercicio.objects.de(municipio)}
        # Those whose list of municipios leaves `municipio` in (an empty list: every one).
        self.del_municipio = set(
            Recomendacion.objects.de_municipio(municipio).values_list("pk", flat=True)
        )

    def no_aplica(self, clave: str) -> bool:
        """Whether the stored recomendación `clave` names other municipios and not this one
        (`Recomendacion.objects.de_municipio`). One the workbook adds applies to all. Its years
        in force are not checked here: a workbook may correct them in the same import, and a
        meta's recomendación out of its year was accepted before municipios existed."""
        r = self.recomendaciones.get(clave)
        return r is not None and r.pk not in self.del_municipio


def _sin_violencia(nombre: str) -> str:
    norm = normalizar(nombre)
    norm = re.sub(r"^violencia\s+", "", norm)
    return ALIAS_MODALIDAD.get(norm, norm)


def _lista(texto: str, buscar) -> tuple[list, list[str]]:
    """Split a «;» or «,» separated cell and match each item; return (found, unknown)."""
    encontrados, desconocidos = [], []
    for parte in re.split(r";", texto):
        if not parte.strip():
            continue
        item = buscar(parte)
        if item is not None:
            encontrados.append(item)
            continue
        for sub in parte.split(","):
            if not sub.strip():
                continue
            item = buscar(sub)
            if item is None:
                desconocidos.append(sub.strip())
            elif item not in encontrados:
                encontrados.append(item)
    unicos = []
    for item in encontrados:
        if item not in unicos:
            unicos.append(item)
    return unicos, desconocidos


def _validadores(modelo, campo: str) -> list:
    """The validators of `modelo`'s text field `campo`, but its length (checked apart)."""
    try:
        campo_modelo = modelo._meta.get_field(campo) if modelo else None
    except FieldDoesNotExist:
        return []
    if campo_modelo is None or campo_modelo.get_internal_type() not in ("CharField", "TextField"):
        return []
    return [v for v in campo_modelo.validators if not isinstance(v, validators.MaxLengthValidator)]


class LectorHoja:
    """Turns the rows of one sheet into cleaned Fila objects and errors."""

    def __init__(
        self,
        resultado: ResultadoHoja,
        columnas: list[Columna],
        indices,
        sin_valor=frozenset(),
        modelo=None,
    ):
        self.r = resultado
        self.columnas = {c.campo: c for c in columnas}
        self.indices = indices
        self.sin_valor = sin_valor
        self.validadores = {c.campo: _validadores(modelo, c.campo) for c in columnas}

    def error(self, fila: int, campo: str, valor: Any, mensaje: str) -> None:
        indice = self.indices.get(campo)
        columna = f"«{self.columnas[campo].titulo}»"
        if indice is not None:
            columna += f" ({get_column_letter(indice + 1)})"
        self.r.errores.append(ErrorImportacion(self.r.nombre, fila, columna, valor, mensaje))

    def celdas(self, fila: tuple, numero: int) -> dict[str, Any]:
        celdas = {campo: (fila[i] if i < len(fila) else None) for campo, i in self.indices.items()}
        if self.sin_valor:
            for campo, i in self.indices.items():
                if celdas[campo] is None and (numero, i + 1) in self.sin_valor:
                    self.error(
                        numero,
                        campo,
                        "",
                        "la fórmula no tiene valor calculado; abra el archivo en Excel, "
                        "guárdelo y vuelva a subirlo.",
                    )
        return celdas

    def texto(self, numero: int, celdas: dict, campo: str) -> str:
        valor = texto_celda(celdas.get(campo))
        columna = self.columnas[campo]
        if columna.obligatoria and not valor:
            self.error(numero, campo, "", f"falta el dato obligatorio «{columna.titulo}».")
        if columna.max_length and len(valor) > columna.max_length:
            self.error(
                numero,
                campo,
                valor[:40] + ("…" if len(valor) > 40 else ""),
                f"admite a lo más {entero(columna.max_length)} caracteres (tiene {entero(len(valor))}).",
            )
        for validador in self.validadores[campo] if valor else ():
            try:
                validador(valor)
            except ValidationError as error:
                muestra = valor[:40] + ("…" if len(valor) > 40 else "")
                self.error(numero, campo, muestra, " ".join(error.messages))
        return valor

    def entero(
        self, numero: int, celdas: dict, campo: str, *, minimo: int = 0, maximo: int | None = None
    ) -> int | None:
        """A whole number ≥ minimo from a number or text cell; None when blank or invalid."""
        crudo = celdas.get(campo)
        texto = texto_celda(crudo)
        if texto == "":
            return None
        if isinstance(crudo, int | float) and not isinstance(crudo, bool):
            valor: int | float = crudo
        else:
            limpio = texto.replace(" ", "")
            if not re.fullmatch(r"[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?", limpio):
                self.error(numero, campo, texto, "no es un número.")
                return None
            limpio = limpio.replace(",", "")
            valor = float(limpio) if "." in limpio else int(limpio)
        if isinstance(valor, float):
            if not valor.is_integer():
                self.error(numero, campo, texto, "debe ser un número entero.")
                return None
            valor = int(valor)
        if valor < minimo:
            mensaje = (
                "la cantidad no puede ser negativa."
                if minimo == 0
                else f"debe ser un año de {minimo} en adelante."
            )
            self.error(numero, campo, texto, mensaje)
            return None
        if maximo is not None and valor > maximo:
            self.error(numero, campo, texto, f"debe ser a lo más {maximo:,}.")
            return None
        return valor


def _leer_recomendaciones(lector: LectorHoja, filas, cat: Catalogos) -> None:
    for numero, fila in filas:
        c = lector.celdas(fila, numero)
        clave = re.sub(r"\s+", " ", lector.texto(numero, c, "clave"))
        datos: dict[str, Any] = {"clave": clave, "texto": lector.texto(numero, c, "texto")}
        tipo = texto_celda(c.get("tipo"))
        if "tipo" in c:
            if not tipo:
                lector.error(numero, "tipo", "", "falta el dato obligatorio «Tipo».")
            elif normalizar(tipo) not in TIPOS_RECOMENDACION:
                lector.error(
                    numero,
                    "tipo",
                    tipo,
                    "tipo desconocido; use Permanente, Puntual o De coordinación.",
                )
            else:
                datos["tipo"] = TIPOS_RECOMENDACION[normalizar(tipo)]
        for campo, tabla, mensaje in (
            ("modalidades", cat.modalidades, "modalidad desconocida."),
            ("ejes", cat.ejes, "eje transversal desconocido."),
        ):
            if campo not in c:
                continue
            clave_fn = _sin_violencia if campo == "modalidades" else normalizar
            texto = texto_celda(c[campo])
            encontrados, desconocidos = _lista(texto, lambda s, t=tabla, f=clave_fn: t.get(f(s)))
            for d in desconocidos:
                lector.error(numero, campo, d, mensaje)
            datos[campo] = sorted(x.pk for x in encontrados)
        desde = lector.entero(numero, c, "vigente_desde", minimo=1900, maximo=2200)
        hasta = lector.entero(numero, c, "vigente_hasta", minimo=1900, maximo=2200)
        if "vigente_desde" in c:
            datos["vigente_desde"] = desde
        if "vigente_hasta" in c:
            datos["vigente_hasta"] = hasta
        if desde and hasta and hasta < desde:
            lector.error(
                numero, "vigente_hasta", hasta, "«Vigente hasta» es anterior a «Vigente desde»."
            )
        lector.r.filas.append(Fila(numero, clave, datos, set(c)))


def _leer_dependencias(lector: LectorHoja, filas) -> None:
    for numero, fila in filas:
        c = lector.celdas(fila, numero)
        siglas = re.sub(r"\s+", " ", lector.texto(numero, c, "siglas"))
        datos = {"siglas": siglas, "nombre": lector.texto(numero, c, "nombre")}
        if "titular" in c:
            datos["titular"] = lector.texto(numero, c, "titular")
        lector.r.filas.append(Fila(numero, siglas, datos, set(c)))


def _leer_metas(lector: LectorHoja, filas, cat: Catalogos, nuevas: dict) -> None:
    conocidas = nuevas["recomendaciones"] | set(cat.recomendaciones)

    def buscar_recomendacion(texto: str) -> str | None:
        clave = clave_busqueda(texto)
        return clave if clave in conocidas else None

    for numero, fila in filas:
        c = lector.celdas(fila, numero)
        anio = lector.entero(numero, c, "ejercicio", minimo=1900, maximo=2200)
        if anio is None and not texto_celda(c.get("ejercicio")):
            lector.error(numero, "ejercicio", "", "falta el dato obligatorio «Ejercicio».")
        clave = re.sub(r"\s+", " ", lector.texto(numero, c, "clave"))
        datos: dict[str, Any] = {
            "ejercicio": anio,
            "clave": clave,
            "descripcion": lector.texto(numero, c, "descripcion"),
        }
        siglas = lector.texto(numero, c, "dependencia")
        if siglas:
            clave_dep = clave_busqueda(siglas)
            if clave_dep in nuevas["dependencias"] or clave_dep in cat.dependencias:
                datos["dependencia"] = clave_dep
            else:
                lector.error(numero, "dependencia", siglas, "dependencia desconocida.")
        for campo in ("linea_accion", "unidad_medida"):
            if campo in c:
                datos[campo] = lector.texto(numero, c, campo)
        if "tipo_accion" in c:
            tipo = texto_celda(c["tipo_accion"])
            if not tipo:
                datos["tipo_accion"] = None
            elif normalizar(tipo) in cat.tipos_accion:
                datos["tipo_accion"] = cat.tipos_accion[normalizar(tipo)].pk
            else:
                lector.error(numero, "tipo_accion", tipo, "tipo de acción desconocido.")
        if "recomendaciones" in c:
            encontradas, desconocidas = _lista(
                texto_celda(c["recomendaciones"]),
                buscar_recomendacion,
            )
            for d in desconocidas:
                lector.error(numero, "recomendaciones", d, "recomendación desconocida.")
            for clave_rec in sorted(encontradas):
                if cat.no_aplica(clave_rec):
                    lector.error(
                        numero,
                        "recomendaciones",
                        cat.recomendaciones[clave_rec].clave,
                        "la recomendación no aplica a este municipio.",
                    )
            datos["recomendaciones"] = sorted(encontradas)
        for n in TRIMESTRES:
            campo = f"t{n}"
            if campo in c:
                datos[campo] = lector.entero(numero, c, campo, maximo=MAXIMA_CANTIDAD) or 0
        lector.r.filas.append(Fila(numero, clave, datos, set(c)))


# --- the workbook ------------------------------------------------------------------------


@dataclass
class Lectura:
    """A validated workbook, before the diff: the result, each sheet's reader, the catalogs."""

    resultado: Resultado
    lectores: dict[str, LectorHoja] = field(default_factory=dict)
    catalogos: Catalogos | None = None


def _hojas_reconocidas(libro, resultado: Resultado) -> dict[str, Any]:
    """The worksheets named like an AVGM sheet (the first of each); the rest are listed."""
    por_nombre = {normalizar(n): n for n in HOJAS}
    encontradas: dict[str, Any] = {}
    for ws in libro.worksheets:
        nombre = por_nombre.get(normalizar(ws.title))
        if nombre and nombre not in encontradas:
            encontradas[nombre] = ws
        else:
            resultado.hojas_ignoradas.append(ws.title)
    return encontradas


def _leer_hoja(nombre: str, ws, resultado: Resultado) -> tuple[LectorHoja, list] | None:
    """Find the sheet's header; its reader and data rows, or None (error recorded)."""
    hoja = ResultadoHoja(nombre=nombre, nombre_en_libro=ws.title)
    resultado.hojas.append(hoja)
    columnas = HOJAS[nombre]
    filas = filas_hoja(ws)
    encabezado = _encabezados(filas, columnas)
    if encabezado is None:
        requeridas = ", ".join(c.titulo for c in columnas if c.obligatoria)
        hoja.errores.append(
            ErrorImportacion(
                nombre,
                None,
                "",
                "",
                f"no se encontró la fila de encabezados (se buscan las columnas {requeridas} "
                f"en las primeras {FILAS_BUSQUEDA_ENCABEZADO} filas).",
            )
        )
        return None
    numero_encabezado, indices, ignoradas = encabezado
    hoja.fila_encabezado = numero_encabezado
    hoja.columnas_ignoradas = ignoradas
    datos = [
        (numero, fila)
        for numero, fila in filas
        if numero > numero_encabezado
        and any(texto_celda(fila[i]) for i in indices.values() if i < len(fila))
    ]
    return LectorHoja(hoja, columnas, indices, formulas_sin_valor(ws), MODELOS.get(nombre)), datos


def leer(libro, municipio) -> Lectura:
    """Validate every recognized sheet of an open workbook for `municipio` (its siglas and
    ejercicios); the database is only read."""
    lectura = Lectura(Resultado())
    resultado = lectura.resultado
    encontradas = _hojas_reconocidas(libro, resultado)
    if not encontradas:
        resultado.errores_libro.append(
            "El libro no tiene ninguna hoja llamada Recomendaciones, Dependencias, Metas o "
            "Valoración GIM."
        )
        return lectura
    cat = lectura.catalogos = Catalogos(municipio)
    nuevas = {"dependencias": set(), "recomendaciones": set()}
    for nombre in HOJAS:  # catalogs first: Metas may refer to rows they create
        if nombre not in encontradas:
            continue
        leida = _leer_hoja(nombre, encontradas[nombre], resultado)
        if leida is None:
            continue
        lector, datos = leida
        lectura.lectores[nombre] = lector
        if nombre == "Recomendaciones":
            _leer_recomendaciones(lector, datos, cat)
            nuevas["recomendaciones"] = {clave_busqueda(f.clave) for f in lector.r.filas if f.clave}
        elif nombre == "Dependencias":
            _leer_dependencias(lector, datos)
            nuevas["dependencias"] = {clave_busqueda(f.clave) for f in lector.r.filas if f.clave}
        elif nombre == "Valoración GIM":
            leer_valoraciones(lector, datos, cat)
        else:
            _leer_metas(lector, datos, cat, nuevas)
    return lectura
