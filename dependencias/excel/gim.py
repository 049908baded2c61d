"""The «Valoración GIM» sheet of the import workbook: one row per recomendación valued in
one GIM evaluation (date, document reference, recomendación, valoración, comment).

Like the other sheets: tolerant of header spelling, accents, case and stray spaces, dates as
Excel dates or dd/mm/aaaa text, valoraciones by their label or short forms; every rejection
names its sheet, row and column. An evaluation is identified by its reference; a new
reference creates the evaluation. The GIM's valoración never touches a municipal figure.
"""

from __future__ import annotations

import datetime
import re

from avgm.models import EvaluacionGIM, ValoracionGIM
from dependencias.excel.libro import clave_busqueda, normalizar, texto_celda
from dependencias.excel.resultado import Fila, ResultadoHoja

HOJA = "Valoración GIM"
Valor = ValoracionGIM.Valor
VALORES = {normalizar(v): v for v in Valor.values} | {
    normalizar(label): v for v, label in Valor.choices
} | {
    "en proceso": Valor.EN_PROCESO,
    "parcial": Valor.PARCIAL,
    "parcialmente": Valor.PARCIAL,
    "no cumple": Valor.NO_CUMPLIDA,
    "cumple": Valor.CUMPLIDA,
    "sin valorar": Valor.SIN_VALORACION,
}  # fmt: skip
ETIQUETAS = {"valoracion": "Valoración", "comentario": "Comentario"}


def _fecha(lector, numero: int, celdas: dict) -> datetime.date | None:
    crudo = celdas.get("fecha")
    if isinstance(crudo, datetime.datetime):
        return crudo.date()
    if isinstance(crudo, datetime.date):
        return crudo
    texto = texto_celda(crudo)
    if not texto:
        lector.error(numero, "fecha", "", "falta el dato obligatorio «Fecha de la evaluación».")
        return None
    for formato in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(texto, formato).date()
        except ValueError:
            continue
    lector.error(numero, "fecha", texto, "no es una fecha; escriba dd/mm/aaaa.")
    return None


def leer_valoraciones(lector, filas, cat) -> None:
    """Clean each row; errors go to the sheet with their row and column."""
    fechas: dict[str, tuple[datetime.date, int]] = {}
    for numero, fila in filas:
        c = lector.celdas(fila, numero)
        referencia = re.sub(r"\s+", " ", lector.texto(numero, c, "referencia"))
        clave = lector.texto(numero, c, "recomendacion")
        datos = {
            "referencia": referencia,
            "recomendacion": None,
            "fecha": _fecha(lector, numero, c),
        }
        if clave:
            rec = cat.recomendaciones.get(clave_busqueda(clave))
            if rec is None:
                lector.error(numero, "recomendacion", clave, "recomendación desconocida.")
            else:
                datos["recomendacion"] = rec
                clave = rec.clave
        valor = texto_celda(c.get("valoracion"))
        if not valor:
            lector.error(numero, "valoracion", "", "falta el dato obligatorio «Valoración».")
        elif normalizar(valor) not in VALORES:
            lector.error(
                numero, "valoracion", valor,
                "valoración desconocida; use Cumplida, En proceso de cumplimiento, Parcialmente "
                "cumplida, No cumplida o Sin valoración.",
            )  # fmt: skip
        else:
            datos["valoracion"] = str(VALORES[normalizar(valor)])
        datos["comentario"] = lector.texto(numero, c, "comentario") if "comentario" in c else ""
        if referencia and datos["fecha"]:
            vista = fechas.setdefault(clave_busqueda(referencia), (datos["fecha"], numero))
            if vista[0] != datos["fecha"]:
                lector.error(
                    numero, "fecha", datos["fecha"].strftime("%d/%m/%Y"),
                    f"la evaluación «{referencia}» ya tiene otra fecha en la fila {vista[1]}.",
                )  # fmt: skip
        lector.r.filas.append(Fila(numero, f"{referencia} · {clave}", datos, set(c)))


def diferenciar_valoraciones(h: ResultadoHoja, lector, municipio) -> None:
    """Mark rows nueva / cambia / igual against `municipio`'s evaluations; reject repeated
    rows and a reference whose date differs from the stored evaluation's."""
    evaluaciones = {
        clave_busqueda(e.referencia): e for e in EvaluacionGIM.objects.filter(municipio=municipio)
    }
    actuales = {
        (clave_busqueda(v.evaluacion.referencia), v.recomendacion_id): v
        for v in ValoracionGIM.objects.filter(evaluacion__municipio=municipio).select_related(
            "evaluacion"
        )
    }
    vistas: dict = {}
    for f in h.filas:
        ref, rec = clave_busqueda(f.datos["referencia"]), f.datos["recomendacion"]
        existente = evaluaciones.get(ref)
        if existente and f.datos["fecha"] and existente.fecha != f.datos["fecha"]:
            lector.error(
                f.numero, "fecha", f.datos["fecha"].strftime("%d/%m/%Y"),
                f"la evaluación «{existente.referencia}» está registrada con fecha "
                f"{existente.fecha:%d/%m/%Y}.",
            )  # fmt: skip
        if rec is None:
            continue
        if (ref, rec.pk) in vistas:
            lector.error(
                f.numero, "recomendacion", rec.clave,
                f"está repetida para esta evaluación (ya aparece en la fila {vistas[(ref, rec.pk)]}).",
            )  # fmt: skip
        vistas.setdefault((ref, rec.pk), f.numero)
        actual = actuales.get((ref, rec.pk))
        f.existente = actual
        if actual is None:
            f.accion = "nueva"
            continue
        antes = {"valoracion": actual.valoracion, "comentario": actual.comentario.strip()}
        f.campos = [k for k in ETIQUETAS if k in f.datos and f.datos[k] != antes[k]]
        f.cambios = [ETIQUETAS[k] for k in f.campos]
        f.antes = {k: antes[k] for k in f.campos}
        f.accion = "cambia" if f.campos else "igual"


def escribir_valoraciones(h: ResultadoHoja, municipio) -> None:
    """Create `municipio`'s new evaluations by reference, then each new or changed valoración."""
    evaluaciones = {
        clave_busqueda(e.referencia): e for e in EvaluacionGIM.objects.filter(municipio=municipio)
    }
    for f in h.filas:
        if f.accion == "igual":
            continue
        ref = clave_busqueda(f.datos["referencia"])
        if ref not in evaluaciones:
            evaluaciones[ref] = EvaluacionGIM.objects.create(
                municipio=municipio, fecha=f.datos["fecha"], referencia=f.datos["referencia"]
            )
        v = f.existente or ValoracionGIM(
            evaluacion=evaluaciones[ref], recomendacion=f.datos["recomendacion"]
        )
        v.valoracion = f.datos["valoracion"]
        v.comentario = f.datos["comentario"]
        v.save()
