"""Writing a validated import: the rows the preview marked new or changed, nothing else.

Called by `dependencias.excel.importacion.aplicar` inside its transaction, after
re-validation. Metas are written in bulk (bulk_create, QuerySet.update): the caller bumps the
data revision.
"""

from __future__ import annotations

from collections.abc import Callable

from avgm.models import Ejercicio, Periodo, Recomendacion
from dependencias.excel.gim import escribir_valoraciones
from dependencias.excel.hojas import TRIMESTRES
from dependencias.excel.libro import clave_busqueda
from dependencias.excel.resultado import Fila, Resultado, ResultadoHoja
from dependencias.models import Dependencia, Meta, Programacion, SolicitudModificacion
from dependencias.unidades import unidades_registrar


def escribir(resultado: Resultado, *, municipio, usuario=None, nombre: str = "") -> None:
    """Write every sheet of a valid `resultado` into `municipio` (its dependencias,
    ejercicios, metas and GIM evaluations): catalogs first, metas may refer to them.

    A change to an agreed meta's programación or recomendaciones is not written: it becomes
    a SolicitudModificacion (by `usuario`, citing the file `nombre`) for the IMM to decide.
    """
    if h := resultado.hoja("Recomendaciones"):
        _escribir_recomendaciones(h)
    if h := resultado.hoja("Dependencias"):
        _escribir_dependencias(h, municipio)
    if h := resultado.hoja("Metas"):
        _escribir_metas(h, resultado.ejercicios_nuevos, municipio)
        _solicitar_modificaciones(h, usuario=usuario, nombre=nombre)
    if h := resultado.hoja("Valoración GIM"):
        escribir_valoraciones(h, municipio)


def _escribir_recomendaciones(hoja: ResultadoHoja) -> None:
    siguiente = (
        Recomendacion.objects.order_by("-orden").values_list("orden", flat=True).first() or 0
    ) + 1
    for f in hoja.filas:
        if f.accion == "igual":
            continue
        r = f.existente or Recomendacion(clave=f.clave, orden=siguiente)
        if f.existente is None:
            siguiente += 1
        for campo in ("texto", "tipo", "vigente_desde", "vigente_hasta"):
            if campo in f.datos:
                setattr(r, campo, f.datos[campo])
        r.save()
        if "modalidades" in f.datos:
            r.modalidades.set(f.datos["modalidades"])
        if "ejes" in f.datos:
            r.ejes.set(f.datos["ejes"])


def _escribir_dependencias(hoja: ResultadoHoja, municipio) -> None:
    for f in hoja.filas:
        if f.accion == "igual":
            continue
        d = f.existente or Dependencia(siglas=f.clave, municipio=municipio)
        d.nombre = f.datos["nombre"]
        if "titular" in f.datos:
            d.titular = f.datos["titular"]
        d.save()


def _escribir_metas(hoja: ResultadoHoja, ejercicios_nuevos: list[int], municipio) -> None:
    for anio in ejercicios_nuevos:
        Ejercicio.objects.crear(anio, municipio=municipio)
    filas = [f for f in hoja.filas if f.accion in ("nueva", "cambia")]
    if not filas:
        return
    anios = {f.datos["ejercicio"] for f in filas}
    dependencias = {
        clave_busqueda(d.siglas): d.pk for d in Dependencia.objects.filter(municipio=municipio)
    }
    ejercicios = Ejercicio.objects.filter(municipio=municipio, anio__in=anios)
    _crear_metas([f for f in filas if f.accion == "nueva"], ejercicios, dependencias)
    _actualizar_metas([f for f in filas if f.accion == "cambia"], dependencias)
    unidades_registrar(f.datos.get("unidad_medida", "") for f in filas)
    meta_id = _ids_de_metas(ejercicios)
    _escribir_recomendaciones_de_metas(filas, meta_id)
    _escribir_programacion(filas, meta_id, ejercicios)


def _crear_metas(nuevas: list[Fila], ejercicios, dependencias: dict[str, int]) -> None:
    ejercicios = {e.anio: e for e in ejercicios}
    Meta.objects.bulk_create(
        [
            Meta(
                ejercicio=ejercicios[f.datos["ejercicio"]],
                dependencia_id=dependencias[f.datos["dependencia"]],
                clave=f.clave,
                descripcion=f.datos["descripcion"],
                linea_accion=f.datos.get("linea_accion", ""),
                tipo_accion_id=f.datos.get("tipo_accion"),
                unidad_medida=f.datos.get("unidad_medida", ""),
            )
            for f in nuevas
        ],
        batch_size=500,
    )


def _actualizar_metas(cambiadas: list[Fila], dependencias: dict[str, int]) -> None:
    """One UPDATE per changed meta with only its changed columns: on 6,000 rows this is several
    times faster than bulk_update's CASE expressions."""
    for f in cambiadas:
        valores = {}
        for campo in f.campos:
            if campo == "dependencia":
                valores["dependencia_id"] = dependencias[f.datos["dependencia"]]
            elif campo == "tipo_accion":
                valores["tipo_accion_id"] = f.datos["tipo_accion"]
            elif campo in ("descripcion", "linea_accion", "unidad_medida"):
                valores[campo] = f.datos[campo]
        if valores:
            Meta.objects.filter(pk=f.existente["pk"]).update(**valores)


def _ids_de_metas(ejercicios) -> Callable[[Fila], int]:
    """Id of each written meta, read back by (ejercicio, clave) whatever the backend returns."""
    ids = {
        (anio, clave_busqueda(clave)): pk
        for pk, anio, clave in Meta.objects.filter(ejercicio__in=ejercicios).values_list(
            "pk", "ejercicio__anio", "clave"
        )
    }
    return lambda f: ids[(f.datos["ejercicio"], clave_busqueda(f.clave))]


def _escribir_recomendaciones_de_metas(filas: list[Fila], meta_id: Callable[[Fila], int]) -> None:
    recomendaciones = {clave_busqueda(r.clave): r.pk for r in Recomendacion.objects.only("clave")}
    Through = Meta.recomendaciones.through
    con_recomendaciones = [
        f
        for f in filas
        if "recomendaciones" in f.datos
        and (f.accion == "nueva" or "recomendaciones" in f.campos)
        and not _acordada(f)
    ]
    for lote in _lotes([meta_id(f) for f in con_recomendaciones if f.accion == "cambia"]):
        Through.objects.filter(meta_id__in=lote).delete()
    Through.objects.bulk_create(
        [
            Through(meta_id=meta_id(f), recomendacion_id=recomendaciones[clave])
            for f in con_recomendaciones
            for clave in f.datos["recomendaciones"]
        ],
        batch_size=1000,
    )


def _escribir_programacion(filas: list[Fila], meta_id: Callable[[Fila], int], ejercicios) -> None:
    periodos = {
        (p.ejercicio.anio, p.numero): p
        for p in Periodo.objects.filter(ejercicio__in=ejercicios).select_related("ejercicio")
    }
    existentes = {}
    for lote in _lotes([meta_id(f) for f in filas if f.accion == "cambia"]):
        for p in Programacion.objects.filter(meta_id__in=lote).values(
            "pk", "meta_id", "periodo_id", "cantidad"
        ):
            existentes[(p["meta_id"], p["periodo_id"])] = p
    crear, por_cantidad = [], {}
    for f in filas:
        if _acordada(f):
            continue
        for n in TRIMESTRES:
            campo = f"t{n}"
            if campo not in f.datos:
                continue
            periodo = periodos[(f.datos["ejercicio"], n)]
            actual = existentes.get((meta_id(f), periodo.pk))
            if actual is None:
                if f.datos[campo]:
                    crear.append(
                        Programacion(meta_id=meta_id(f), periodo=periodo, cantidad=f.datos[campo])
                    )
            elif actual["cantidad"] != f.datos[campo]:
                por_cantidad.setdefault(f.datos[campo], []).append(actual["pk"])
    Programacion.objects.bulk_create(crear, batch_size=1000)
    # Programmed quantities repeat a lot: one UPDATE per distinct quantity.
    for cantidad, pks in por_cantidad.items():
        for lote in _lotes(pks):
            Programacion.objects.filter(pk__in=lote).update(cantidad=cantidad)


def _acordada(f: Fila) -> bool:
    return f.accion == "cambia" and bool(f.existente and f.existente.get("acordada"))


def _solicitar_modificaciones(hoja: ResultadoHoja, *, usuario, nombre: str) -> None:
    """One request per agreed meta whose programación or recomendaciones the file changes."""
    filas = [f for f in hoja.filas if f.modificacion and _acordada(f)]
    if not filas:
        return
    recomendaciones = {clave_busqueda(r.clave): r.pk for r in Recomendacion.objects.only("clave")}
    metas = Meta.objects.in_bulk([f.existente["pk"] for f in filas])
    for f in filas:
        actual = f.existente
        claves = f.datos.get("recomendaciones", actual["recomendaciones"])
        propuesta = {
            "programacion": {
                str(n): f.datos.get(f"t{n}", actual[f"t{n}"]) or 0 for n in TRIMESTRES
            },
            "recomendaciones": sorted(recomendaciones[c] for c in claves),
        }
        SolicitudModificacion.objects.registrar(
            meta=metas[actual["pk"]],
            usuario=usuario,
            justificacion=f"Importación de «{nombre or 'libro sin nombre'}» (fila {f.numero}): "
            f"cambia {', '.join(f.modificacion)}.",
            propuesta=propuesta,
            origen=SolicitudModificacion.Origen.IMPORTACION,
        )


def _lotes(valores: list, tamano: int = 900):
    """Chunks small enough for SQLite's limit on query parameters."""
    for inicio in range(0, len(valores), tamano):
        yield valores[inicio : inicio + tamano]
