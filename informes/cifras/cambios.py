"""What changed in a draft since the last published version of the same corte.

`filas_de_cambios` is the one list of rows the four draft outputs print (page, PDF, Excel,
JSON), in the same order and with the same columns: figure, published value, draft value,
difference. It compares every headline figure of the corte (the summary box, the Excel
summary, the totals of each section) and every row of each category breakdown the report
shows (tipo de recomendación, modalidad, eje, trimestre, tipo de acción, dependencia,
recomendación, GIM valoración), and keeps the ones whose value differs.

A published version never carries this section: it is the published version.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from avgm.numeros import entero, formatear
from informes.cifras.resumen import areas_menos_cubiertas, dependencias_que_reportaron
from informes.models import InformePublicado

# A figure absent from one side (a dependencia with no metas yet, a figure an older version
# did not compute): shown as «—», distinct from a division by zero («N/A»).
AUSENTE = object()
SIN_VALOR = "—"

Cifra = tuple[str, str, str, object]  # (clave, nombre, tipo, valor)


def _v(datos: dict | None, *ruta: str):
    for paso in ruta:
        if not isinstance(datos, dict) or paso not in datos:
            return AUSENTE
        datos = datos[paso]
    return datos


def _principales(f: dict) -> Iterator[Cifra]:
    """The summary box and the Excel summary: the corte's headline figures."""
    yield from (
        ("recomendaciones.declaratoria", "Recomendaciones de la declaratoria", "entero",
         _v(f, "recomendaciones", "declaratoria")),
        ("recomendaciones.programadas", "Recomendaciones programadas", "entero",
         _v(f, "recomendaciones", "programadas")),
        ("recomendaciones.impactadas", "Recomendaciones impactadas", "entero",
         _v(f, "recomendaciones", "impactadas")),
        ("recomendaciones.avance", "Avance (impactadas / programadas)", "fraccion",
         _v(f, "recomendaciones", "avance")),
    )  # fmt: skip
    if "respuesta_por_dependencia" in f:
        reportaron, con_metas = dependencias_que_reportaron(f)
        yield ("resumen.dependencias_reportaron", "Dependencias que reportaron", "entero",
               reportaron)  # fmt: skip
        yield ("resumen.dependencias_con_metas", "Dependencias con metas en el corte", "entero",
               con_metas)  # fmt: skip
    yield from (
        ("anual.dependencias", "Dependencias con metas (anual)", "entero",
         _v(f, "anual", "dependencias")),
        ("anual.metas_programadas", "Metas programadas (anual)", "entero",
         _v(f, "anual", "metas_programadas")),
        ("anual.fichas_reportadas", "Metas con fichas reportadas (anual)", "entero",
         _v(f, "anual", "fichas_reportadas")),
        ("anual.fichas_enviadas_en_el_corte", "Fichas enviadas en el corte", "entero",
         _v(f, "anual", "fichas_enviadas_en_el_corte")),
        ("oportunidad.fraccion", "Oportunidad de entrega", "fraccion",
         _v(f, "oportunidad", "fraccion")),
        ("oportunidad.a_tiempo", "Fichas entregadas a tiempo", "entero",
         _v(f, "oportunidad", "a_tiempo")),
        ("oportunidad.esperadas", "Fichas esperadas", "entero", _v(f, "oportunidad", "esperadas")),
        ("aprobacion_a_la_primera.fraccion", "Aprobación a la primera", "fraccion",
         _v(f, "aprobacion_a_la_primera", "fraccion")),
        ("aprobacion_a_la_primera.a_la_primera", "Fichas aprobadas a la primera", "entero",
         _v(f, "aprobacion_a_la_primera", "a_la_primera")),
        ("aprobacion_a_la_primera.aprobadas", "Fichas aprobadas en el corte", "entero",
         _v(f, "aprobacion_a_la_primera", "aprobadas")),
        ("tiempo_de_ciclo.mediana_dias", "Tiempo de ciclo (mediana de días)", "dias",
         _v(f, "tiempo_de_ciclo", "mediana_dias")),
        ("recomendaciones_sin_meta", "Recomendaciones vigentes sin ninguna meta", "entero",
         len(f["recomendaciones_sin_meta"]) if "recomendaciones_sin_meta" in f else AUSENTE),
        ("dependencias_alta_respuesta", "Dependencias con alta respuesta", "lista",
         f.get("dependencias_alta_respuesta", AUSENTE)),
    )  # fmt: skip
    if "areas_deficientes" in f:
        areas = [f"{a['tipo']}: {a['nombre']}" for a in areas_menos_cubiertas(f)]
        yield ("resumen.areas_menos_cubiertas", "Áreas menos cubiertas", "lista", areas)


def _categorias(f: dict) -> Iterator[Cifra]:
    """Each row of each breakdown the report shows, in the report's order."""
    for t in f.get("recomendaciones_por_tipo", []):
        for campo, titulo in (
            ("declaratoria", "en la declaratoria"),
            ("programadas", "programadas"),
            ("impactadas", "impactadas"),
        ):
            yield (f"tipo.{t['tipo']}.{campo}", f"Recomendaciones «{t['nombre']}»: {titulo}",
                   "entero", t[campo])  # fmt: skip
    for clave, titulo in (("modalidades", "Modalidad"), ("ejes", "Eje")):
        for c in f.get(clave, []):
            for campo, tipo in (
                ("declaratoria", "entero"),
                ("programadas", "entero"),
                ("impactadas", "entero"),
                ("cobertura", "fraccion"),
            ):
                nombre = "en la declaratoria" if campo == "declaratoria" else campo
                yield (f"{clave}.{c['nombre']}.{campo}", f"{titulo} «{c['nombre']}»: {nombre}",
                       tipo, c.get(campo, AUSENTE))  # fmt: skip
    for p in f.get("periodos", []):
        for campo, titulo in (
            ("dependencias", "dependencias"),
            ("metas_programadas", "metas programadas"),
            ("fichas_reportadas", "fichas reportadas"),
            ("fichas_aprobadas", "fichas aprobadas"),
        ):
            yield (f"periodo.{p['periodo']}.{campo}", f"Trimestre {p['periodo']}: {titulo}",
                   "entero", p.get(campo, AUSENTE))  # fmt: skip
    for t in f.get("metas_por_tipo_accion", []):
        for campo, titulo in (
            ("programadas", "metas programadas al corte"),
            ("cumplidas", "cumplidas"),
            ("con_avance", "con avance"),
            ("sin_avance", "sin avance"),
        ):
            yield (f"tipo_accion.{t['tipo_accion']}.{campo}",
                   f"Tipo de acción «{t['tipo_accion']}»: {titulo}", "entero", t[campo])  # fmt: skip
    for d in f.get("respuesta_por_dependencia", []):
        base, nombre = f"dependencia.{d['dependencia']}", f"Dependencia {d['dependencia']}"
        for periodo, valor in d.get("periodos", {}).items():
            yield (f"{base}.respuesta.{periodo}", f"{nombre}: respuesta {periodo}", "fraccion",
                   valor)  # fmt: skip
        for campo, titulo, tipo in (
            ("corte", "respuesta en el corte", "fraccion"),
            ("esperadas", "fichas esperadas", "entero"),
            ("reportadas", "fichas reportadas", "entero"),
            ("oportunidad", "oportunidad", "fraccion"),
            ("aprobacion_a_la_primera", "aprobación a la primera", "fraccion"),
            ("mediana_dias_ciclo", "ciclo (mediana, días)", "dias"),
        ):
            yield f"{base}.{campo}", f"{nombre}: {titulo}", tipo, d.get(campo, AUSENTE)
    # Every programada is in the «menos atendidas» ranking (the «más» one is its head).
    for r in sorted(f.get("recomendaciones_menos_atendidas", []), key=lambda r: r["clave"]):
        yield (f"recomendacion.{r['clave']}.fichas_con_avance",
               f"Recomendación {r['clave']}: fichas aprobadas con avance", "entero",
               r["fichas_con_avance"])  # fmt: skip
        yield (f"recomendacion.{r['clave']}.avance_medio",
               f"Recomendación {r['clave']}: avance medio de sus metas", "fraccion",
               r.get("avance_medio", AUSENTE))  # fmt: skip
    gim = f.get("valoracion_gim")
    if gim:
        for campo, titulo in (
            ("valoradas", "recomendaciones valoradas"),
            ("discrepancias", "discrepancias"),
            ("diferencias_parciales", "diferencias parciales"),
            ("coincidencias", "coincidencias"),
        ):
            yield f"gim.{campo}", f"Valoración del GIM: {titulo}", "entero", gim.get(campo)
        for c in gim.get("conteo", []):
            yield (f"gim.conteo.{c['valoracion']}", f"Valoración del GIM «{c['nombre']}»",
                   "entero", c["recomendaciones"])  # fmt: skip


def cifras_comparadas(figuras: dict) -> dict[str, tuple[str, str, object]]:
    """Every figure the comparison reads, by key: (name, kind, value), in the report's order."""
    return {clave: (nombre, tipo, valor) for clave, nombre, tipo, valor in
            (*_principales(figuras), *_categorias(figuras))}  # fmt: skip


def _texto(valor, tipo: str) -> str:
    if valor is AUSENTE:
        return SIN_VALOR
    if tipo == "lista":
        return ", ".join(valor) or "ninguna"
    return formatear(valor, "porcentaje" if tipo == "fraccion" else tipo)


def _diferencia(publicada, borrador, tipo: str) -> tuple[float | int | None, str]:
    """The draft minus the published value, as a number and as text (points for a fraction)."""
    if tipo == "lista":
        antes = set() if publicada is AUSENTE else set(publicada)
        ahora = set() if borrador is AUSENTE else set(borrador)
        return None, f"+{entero(len(ahora - antes))} / −{entero(len(antes - ahora))}"
    if publicada in (None, AUSENTE) or borrador in (None, AUSENTE):
        return None, "N/A"
    if tipo == "fraccion":
        puntos = ((Decimal(repr(borrador)) - Decimal(repr(publicada))) * 100).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        return float(puntos), f"{puntos:+,} pts"
    if tipo == "dias":
        dias = (Decimal(repr(borrador)) - Decimal(repr(publicada))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        return float(dias), f"{dias:+,}"
    return borrador - publicada, f"{borrador - publicada:+,}"


def _igual(a, b, tipo: str) -> bool:
    if tipo == "lista" and a is not AUSENTE and b is not AUSENTE:
        return sorted(a) == sorted(b)
    return a is b or (a is not AUSENTE and b is not AUSENTE and a == b)


def _crudo(valor):
    return None if valor is AUSENTE else valor


def filas_de_cambios(borrador: dict, publicada: dict) -> list[dict]:
    """The figures whose value differs between the draft's figures and a published version's,
    in the report's order (figures only the published version had come last).

    Each row: `clave`, `nombre` (the figure), `tipo` (entero, fraccion, dias, lista), the raw
    `publicada`, `borrador` and `diferencia` (draft minus published; for a fraction, in
    percentage points; None when either side has no value) and the same three as the report
    prints them (`publicada_texto`, `borrador_texto`, `diferencia_texto`).
    """
    ahora, antes = cifras_comparadas(borrador), cifras_comparadas(publicada)
    filas = []
    for clave in [*ahora, *(k for k in antes if k not in ahora)]:
        nombre, tipo, valor = ahora.get(clave) or (*antes[clave][:2], AUSENTE)
        previo = antes[clave][2] if clave in antes else AUSENTE
        if _igual(previo, valor, tipo):
            continue
        diferencia, texto = _diferencia(previo, valor, tipo)
        filas.append(
            {
                "clave": clave,
                "nombre": nombre,
                "tipo": tipo,
                "publicada": _crudo(previo),
                "borrador": _crudo(valor),
                "diferencia": diferencia,
                "publicada_texto": _texto(previo, tipo),
                "borrador_texto": _texto(valor, tipo),
                "diferencia_texto": texto,
            }
        )
    return filas


def ultima_publicada(figuras: dict, ejercicio_id: int) -> InformePublicado | None:
    """The last published version of the corte `figuras` describe, of ejercicio `ejercicio_id`
    (its municipio's year: another municipio's versions of the same year are not its own)
    (1 query)."""
    c = figuras["corte"]
    return (
        InformePublicado.objects.filter(
            ejercicio_id=ejercicio_id, hasta__numero=int(c["hasta"][1:])
        )
        .order_by("-version")
        .only("version", "publicado_en", "figuras")
        .first()
    )


def cambios_desde_publicacion(figuras: dict, ejercicio_id: int) -> dict | None:
    """What a draft prints about the last published version of its corte: its number, date
    and the changed figures (`filas_de_cambios`); None when the corte has never been
    published (1 query)."""
    ultima = ultima_publicada(figuras, ejercicio_id)
    if ultima is None:
        return None
    return {
        "pk": ultima.pk,
        "version": ultima.version,
        "publicado_en": ultima.publicado_en,
        "cifras_comparadas": len(cifras_comparadas(figuras)),
        "filas": filas_de_cambios(figuras, ultima.figuras),
    }
