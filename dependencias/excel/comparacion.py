"""Comparing validated rows with the database: which rows are new, which change (and which
fields, before → after), which stay the same; and rows repeated within the file.
"""

from __future__ import annotations

from dependencias.excel.gim import ETIQUETAS as ETIQUETAS_GIM
from dependencias.excel.gim import diferenciar_valoraciones
from dependencias.excel.hojas import ETIQUETAS, TRIMESTRES
from dependencias.excel.libro import clave_busqueda
from dependencias.excel.presentacion import Nombres, describir
from dependencias.excel.resultado import Fila, Resultado, ResultadoHoja
from dependencias.excel.validacion import Catalogos, LectorHoja
from dependencias.models import Meta, Programacion

# What an agreed meta changes only through an approved SolicitudModificacion.
CAMPOS_ACORDADOS = ("recomendaciones", *(f"t{n}" for n in TRIMESTRES))


def _repetidas(hoja: ResultadoHoja, llave, columna: str, lector: LectorHoja) -> None:
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
    fila.antes = {campo: actual.get(campo) for campo in fila.campos}
    fila.accion = "cambia" if fila.cambios else "igual"


def _estado_metas(anios: set[int], municipio) -> dict[tuple[int, str], dict]:
    """Current metas of `municipio`'s ejercicios `anios`, keyed by (anio, clave), comparable."""
    metas = {}
    qs = Meta.objects.filter(ejercicio__municipio=municipio, ejercicio__anio__in=anios).values(
        "pk",
        "ejercicio__anio",
        "clave",
        "dependencia__siglas",
        "descripcion",
        "linea_accion",
        "tipo_accion_id",
        "unidad_medida",
        "acordada_en",
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
            "acordada": m["acordada_en"] is not None,
            "recomendaciones": [],
            **{f"t{n}": 0 for n in TRIMESTRES},
        }
        metas[(m["ejercicio__anio"], clave_busqueda(m["clave"]))] = datos
        por_pk[m["pk"]] = datos
    rel = Meta.recomendaciones.through.objects.filter(
        meta__ejercicio__municipio=municipio, meta__ejercicio__anio__in=anios
    )
    for meta_id, clave in rel.values_list("meta_id", "recomendacion__clave"):
        por_pk[meta_id]["recomendaciones"].append(clave_busqueda(clave))
    for datos in por_pk.values():
        datos["recomendaciones"].sort()
    prog = Programacion.objects.filter(
        meta__ejercicio__municipio=municipio, meta__ejercicio__anio__in=anios
    )
    for meta_id, numero, cantidad in prog.values_list("meta_id", "periodo__numero", "cantidad"):
        por_pk[meta_id][f"t{numero}"] = cantidad
    return metas


def diferenciar(resultado: Resultado, lectores: dict[str, LectorHoja], cat: Catalogos) -> None:
    """Mark every read row nueva / cambia / igual against the database."""
    if (h := resultado.hoja("Recomendaciones")) and h.nombre in lectores:
        _diferenciar_recomendaciones(h, lectores[h.nombre], cat)
    if (h := resultado.hoja("Dependencias")) and h.nombre in lectores:
        _diferenciar_dependencias(h, lectores[h.nombre], cat)
    if (h := resultado.hoja("Metas")) and h.nombre in lectores:
        anios = _diferenciar_metas(h, lectores[h.nombre], cat.municipio)
        resultado.ejercicios_nuevos = sorted(a for a in anios if a not in cat.ejercicios)
    if (h := resultado.hoja("Valoración GIM")) and h.nombre in lectores:
        diferenciar_valoraciones(h, lectores[h.nombre], cat.municipio)
    nombres = Nombres(cat)
    for h in resultado.hojas:
        etiquetas = ETIQUETAS.get(h.nombre, ETIQUETAS_GIM)
        for f in h.cambiadas:
            describir(f, etiquetas, nombres)


def _diferenciar_recomendaciones(h: ResultadoHoja, lector: LectorHoja, cat: Catalogos) -> None:
    _repetidas(h, lambda f: clave_busqueda(f.clave), "clave", lector)
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


def _diferenciar_dependencias(h: ResultadoHoja, lector: LectorHoja, cat: Catalogos) -> None:
    _repetidas(h, lambda f: clave_busqueda(f.clave), "siglas", lector)
    for f in h.filas:
        d = cat.dependencias.get(clave_busqueda(f.clave))
        actual = None
        if d is not None:
            f.existente = d
            actual = {"nombre": d.nombre.strip(), "titular": d.titular.strip()}
        _comparar(f, actual, ETIQUETAS["Dependencias"])


def _diferenciar_metas(h: ResultadoHoja, lector: LectorHoja, municipio) -> set[int]:
    """Diff the metas; return the ejercicios they name."""

    def llave(f: Fila):
        return (f.datos["ejercicio"], clave_busqueda(f.clave)) if f.datos["ejercicio"] else None

    _repetidas(h, llave, "clave", lector)
    anios = {f.datos["ejercicio"] for f in h.filas if f.datos["ejercicio"]}
    actuales = _estado_metas(anios, municipio)
    for f in h.filas:
        actual = actuales.get((f.datos["ejercicio"], clave_busqueda(f.clave)))
        f.existente = actual
        _comparar(f, actual, ETIQUETAS["Metas"])
        if actual and actual["acordada"]:
            etiquetas = ETIQUETAS["Metas"]
            f.modificacion = [etiquetas[c] for c in f.campos if c in CAMPOS_ACORDADOS]
            if "dependencia" in f.campos:  # the agreement names its dependencia (Meta.save)
                lector.error(
                    f.numero,
                    "dependencia",
                    f.datos["dependencia"].upper(),
                    f"la meta {f.clave} está acordada con el IMM: no cambia de dependencia.",
                )
    return anios
