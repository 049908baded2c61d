"""Import of the planning workbook: parse, validate, diff, then apply all-or-nothing.

The workbook holds any subset of the sheets Recomendaciones, Dependencias and Metas (see
`dependencias.exporters` for the exact columns). `previsualizar()` reads a file and says, per
sheet, which rows are new, which change (and which fields), which stay the same, and every
error with its sheet, Excel row, column and value. `aplicar()` re-reads and re-validates the
file inside one transaction and writes only when there is no error at all.

Tolerances: title/blank rows above the header, headers in any case and with or without
accents, extra columns (ignored, listed), stray spaces, catalog values matched ignoring case
and accents, numbers stored as text, formulas (their cached values), blank rows between data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl.utils import get_column_letter

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Recomendacion
from dependencias.importers_escritura import TRIMESTRES, escribir
from dependencias.libro_excel import (
    ArchivoInvalido,
    abrir_libro,
    clave_busqueda,
    filas_hoja,
    formulas_sin_valor,
    leer_bytes,
    normalizar,
    texto_celda,
)
from dependencias.models import Dependencia, Meta, Programacion, TipoAccion

__all__ = [
    "TRIMESTRES",
    "ArchivoInvalido",
    "ImportacionRechazada",
    "Resultado",
    "abrir_libro",
    "aplicar",
    "previsualizar",
]

# Rows scanned for the header row; more than this many title rows is not a header problem.
FILAS_BUSQUEDA_ENCABEZADO = 30
# Programmed quantities fit a PositiveIntegerField on every backend.
MAXIMA_CANTIDAD = 1_000_000_000


# --- sheets and columns -----------------------------------------------------------------


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
}
TIPOS_RECOMENDACION = {normalizar(valor): valor for valor in Recomendacion.Tipo.values} | {
    normalizar(label): valor for valor, label in Recomendacion.Tipo.choices
}
# The seed document prints «Femicida»; the LGAMVLV term is Feminicida.
ALIAS_MODALIDAD = {"femicida": "feminicida"}


# --- results ------------------------------------------------------------------------------


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
    existente: Any = None


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
        """JSON-ready summary, shown by the preview page and compared before applying."""
        return {
            "valido": self.valido,
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
                        {"fila": f.numero, "clave": f.clave, "campos": f.cambios}
                        for f in h.cambiadas
                    ],
                    "sin_cambio": len(h.sin_cambio),
                    "errores": [str(e) for e in h.errores],
                    "columnas_ignoradas": h.columnas_ignoradas,
                }
                for h in self.hojas
            ],
        }

    def huella(self) -> str:
        """Fingerprint of what the preview announces (to detect data that moved since)."""
        datos = self.como_dict()
        return hashlib.sha256(repr(datos).encode()).hexdigest()


def _encabezados(
    filas: list[tuple[int, tuple]], columnas: list[Columna]
) -> tuple[int, dict[str, int], list[str]] | None:
    """Find the header row: the first one that names every required column."""
    obligatorias = [c for c in columnas if c.obligatoria]
    for numero, fila in filas[:FILAS_BUSQUEDA_ENCABEZADO]:
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


class _Catalogos:
    """Everything rows refer to, loaded once and keyed by normalized name."""

    def __init__(self) -> None:
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
        self.dependencias = {clave_busqueda(d.siglas): d for d in Dependencia.objects.all()}
        self.recomendaciones = {
            clave_busqueda(r.clave): r
            for r in Recomendacion.objects.prefetch_related("modalidades", "ejes")
        }
        self.ejercicios = {e.anio: e for e in Ejercicio.objects.all()}


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


class _LectorHoja:
    """Turns the rows of one sheet into cleaned Fila objects and errors."""

    def __init__(
        self, resultado: ResultadoHoja, columnas: list[Columna], indices, sin_valor=frozenset()
    ):
        self.r = resultado
        self.columnas = {c.campo: c for c in columnas}
        self.indices = indices
        self.sin_valor = sin_valor

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
                f"admite a lo más {columna.max_length} caracteres (tiene {len(valor)}).",
            )
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


def _leer_recomendaciones(lector: _LectorHoja, filas, cat: _Catalogos) -> None:
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


def _leer_dependencias(lector: _LectorHoja, filas) -> None:
    for numero, fila in filas:
        c = lector.celdas(fila, numero)
        siglas = re.sub(r"\s+", " ", lector.texto(numero, c, "siglas"))
        datos = {"siglas": siglas, "nombre": lector.texto(numero, c, "nombre")}
        if "titular" in c:
            datos["titular"] = lector.texto(numero, c, "titular")
        lector.r.filas.append(Fila(numero, siglas, datos, set(c)))


def _leer_metas(lector: _LectorHoja, filas, cat: _Catalogos, nuevas: dict) -> None:
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
            datos["recomendaciones"] = sorted(encontradas)
        for n in TRIMESTRES:
            campo = f"t{n}"
            if campo in c:
                datos[campo] = lector.entero(numero, c, campo, maximo=MAXIMA_CANTIDAD) or 0
        lector.r.filas.append(Fila(numero, clave, datos, set(c)))


# --- diff ---------------------------------------------------------------------------------


def _repetidas(hoja: ResultadoHoja, llave, columna: str, lector: _LectorHoja) -> None:
    vistas: dict = {}
    for f in hoja.filas:
        k = llave(f)
        if k is None or not f.clave:
            continue
        if k in vistas:
            lector.error(
                f.numero,
                columna,
                f.clave,
                f"está repetida en el archivo (ya aparece en la fila {vistas[k]}).",
            )
        else:
            vistas[k] = f.numero


def _comparar(fila: Fila, actual: dict, etiquetas: dict[str, str]) -> None:
    if actual is None:
        fila.accion = "nueva"
        return
    fila.campos = [
        campo
        for campo in etiquetas
        if campo in fila.datos and fila.datos[campo] != actual.get(campo)
    ]
    fila.cambios = [etiquetas[campo] for campo in fila.campos]
    fila.accion = "cambia" if fila.cambios else "igual"


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


def _estado_metas(anios: set[int]) -> dict[tuple[int, str], dict]:
    """Current metas of the ejercicios `anios`, keyed by (anio, clave), in comparable form."""
    metas = {}
    qs = Meta.objects.filter(ejercicio__anio__in=anios).values(
        "pk",
        "ejercicio__anio",
        "clave",
        "dependencia__siglas",
        "descripcion",
        "linea_accion",
        "tipo_accion_id",
        "unidad_medida",
    )
    por_pk = {}
    for m in qs:
        datos = {
            "pk": m["pk"],
            "dependencia": clave_busqueda(m["dependencia__siglas"]),
            "descripcion": m["descripcion"].strip(),
            "linea_accion": m["linea_accion"].strip(),
            "tipo_accion": m["tipo_accion_id"],
            "unidad_medida": m["unidad_medida"].strip(),
            "recomendaciones": [],
            **{f"t{n}": 0 for n in TRIMESTRES},
        }
        metas[(m["ejercicio__anio"], clave_busqueda(m["clave"]))] = datos
        por_pk[m["pk"]] = datos
    rel = Meta.recomendaciones.through.objects.filter(meta__ejercicio__anio__in=anios)
    for meta_id, clave in rel.values_list("meta_id", "recomendacion__clave"):
        por_pk[meta_id]["recomendaciones"].append(clave_busqueda(clave))
    for datos in por_pk.values():
        datos["recomendaciones"].sort()
    prog = Programacion.objects.filter(meta__ejercicio__anio__in=anios)
    for meta_id, numero, cantidad in prog.values_list("meta_id", "periodo__numero", "cantidad"):
        por_pk[meta_id][f"t{numero}"] = cantidad
    return metas


def _diferenciar(resultado: Resultado, lectores: dict[str, _LectorHoja], cat: _Catalogos) -> None:
    if (h := resultado.hoja("Recomendaciones")) and h.nombre in lectores:
        _repetidas(h, lambda f: clave_busqueda(f.clave), "clave", lectores[h.nombre])
        for f in h.filas:
            r = cat.recomendaciones.get(clave_busqueda(f.clave))
            actual = None
            if r is not None:
                f.existente = r
                actual = {
                    "texto": r.texto.strip(),
                    "tipo": r.tipo,
                    "modalidades": sorted(m.pk for m in r.modalidades.all()),
                    "ejes": sorted(e.pk for e in r.ejes.all()),
                    "vigente_desde": r.vigente_desde,
                    "vigente_hasta": r.vigente_hasta,
                }
            _comparar(f, actual, ETIQUETAS["Recomendaciones"])
    if (h := resultado.hoja("Dependencias")) and h.nombre in lectores:
        _repetidas(h, lambda f: clave_busqueda(f.clave), "siglas", lectores[h.nombre])
        for f in h.filas:
            d = cat.dependencias.get(clave_busqueda(f.clave))
            actual = None
            if d is not None:
                f.existente = d
                actual = {"nombre": d.nombre.strip(), "titular": d.titular.strip()}
            _comparar(f, actual, ETIQUETAS["Dependencias"])
    if (h := resultado.hoja("Metas")) and h.nombre in lectores:
        _repetidas(
            h,
            lambda f: (f.datos["ejercicio"], clave_busqueda(f.clave))
            if f.datos["ejercicio"]
            else None,
            "clave",
            lectores[h.nombre],
        )
        anios = {f.datos["ejercicio"] for f in h.filas if f.datos["ejercicio"]}
        actuales = _estado_metas(anios)
        for f in h.filas:
            actual = actuales.get((f.datos["ejercicio"], clave_busqueda(f.clave)))
            f.existente = actual
            _comparar(f, actual, ETIQUETAS["Metas"])
        resultado.ejercicios_nuevos = sorted(a for a in anios if a not in cat.ejercicios)


# --- entry points -------------------------------------------------------------------------


def previsualizar(archivo) -> Resultado:
    """Read and validate `archivo` (path, bytes or file) and diff it against the database.

    Raises ArchivoInvalido when the file is not a readable .xlsx; writes nothing.
    """
    contenido = leer_bytes(archivo)
    libro = abrir_libro(contenido)
    try:
        return _analizar(libro)
    finally:
        libro.close()


def _analizar(libro) -> Resultado:
    resultado = Resultado()
    por_nombre = {normalizar(n): n for n in HOJAS}
    encontradas: dict[str, Any] = {}
    for ws in libro.worksheets:
        nombre = por_nombre.get(normalizar(ws.title))
        if nombre and nombre not in encontradas:
            encontradas[nombre] = ws
        else:
            resultado.hojas_ignoradas.append(ws.title)
    if not encontradas:
        resultado.errores_libro.append(
            "El libro no tiene ninguna hoja llamada Recomendaciones, Dependencias o Metas."
        )
        return resultado
    cat = _Catalogos()
    lectores: dict[str, _LectorHoja] = {}
    nuevas = {"dependencias": set(), "recomendaciones": set()}
    for nombre in HOJAS:  # catalogs first: Metas may refer to rows they create
        if nombre not in encontradas:
            continue
        ws = encontradas[nombre]
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
            continue
        numero_encabezado, indices, ignoradas = encabezado
        hoja.fila_encabezado = numero_encabezado
        hoja.columnas_ignoradas = ignoradas
        lector = _LectorHoja(hoja, columnas, indices, formulas_sin_valor(ws))
        lectores[nombre] = lector
        datos = [
            (numero, fila)
            for numero, fila in filas
            if numero > numero_encabezado
            and any(texto_celda(fila[i]) for i in indices.values() if i < len(fila))
        ]
        if nombre == "Recomendaciones":
            _leer_recomendaciones(lector, datos, cat)
            nuevas["recomendaciones"] = {clave_busqueda(f.clave) for f in hoja.filas if f.clave}
        elif nombre == "Dependencias":
            _leer_dependencias(lector, datos)
            nuevas["dependencias"] = {clave_busqueda(f.clave) for f in hoja.filas if f.clave}
        else:
            _leer_metas(lector, datos, cat, nuevas)
    _diferenciar(resultado, lectores, cat)
    for hoja in resultado.hojas:
        hoja.errores.sort(key=lambda e: (e.fila or 0))
    return resultado


class ImportacionRechazada(Exception):
    def __init__(self, resultado: Resultado):
        super().__init__("La importación tiene errores; no se aplicó nada.")
        self.resultado = resultado


def aplicar(archivo, *, huella: str | None = None) -> Resultado:
    """Re-read, re-validate and apply `archivo` in one transaction; all or nothing.

    Raises ImportacionRechazada (nothing written) when there is any error, or when `huella`
    is given and the preview it fingerprints no longer matches (the data moved meanwhile).
    """
    contenido = leer_bytes(archivo)
    with transaction.atomic():
        libro = abrir_libro(contenido)
        try:
            resultado = _analizar(libro)
        finally:
            libro.close()
        if not resultado.valido or (huella is not None and resultado.huella() != huella):
            raise ImportacionRechazada(resultado)
        escribir(resultado)
        resultado.aplicado = True
    return resultado
