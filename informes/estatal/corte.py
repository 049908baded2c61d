"""The state corte of a cut (ejercicio year + trimestre), read from frozen published versions.

Per municipio, the latest published version of the cut and its headline figures as that
version froze them; per recomendación, how many municipios have it in their universe, how
many attend it (a meta answers it) and how many impacted it, from each version's own
per-recomendación seguimiento; and the GIM's valoración per recomendación and municipio
(its latest evaluation up to the cut's end) beside that seguimiento. A fixed number of
queries, whatever the number of municipios.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from avgm.models import Municipio, Periodo, ValoracionGIM
from avgm.numeros import fraccion
from avgm.plataforma import revision
from informes.gim.valoracion import NOMBRE_SEGUIMIENTO
from informes.models import InformePublicado

# A version published before the GIM section froze its rankings only: a programada is known
# to be impactada or not, no more.
PROGRAMADA = "programada"
# Not in the municipio's universe (the declaratoria narrowed it to other municipios).
FUERA = "fuera"
NOMBRES_SEGUIMIENTO = {
    **NOMBRE_SEGUIMIENTO,
    PROGRAMADA: "Programada, sin impacto aún",
    FUERA: "No aplica al municipio",
}
SIN_INFORME = "sin informe publicado"
NOMBRES_VALORACION = dict(ValoracionGIM.Valor.choices)

# The headline figures of a municipio, in the table's order: (key, column title, format).
TITULARES = [
    ("programadas", "Recomendaciones programadas", "entero"),
    ("impactadas", "Recomendaciones impactadas", "entero"),
    ("avance", "Avance", "porcentaje"),
    ("respuesta", "Respuesta", "porcentaje"),
    ("oportunidad", "Oportunidad", "porcentaje"),
    ("aprobacion_primera", "Aprobación a la primera", "porcentaje"),
]


def numero_de(hasta: str) -> int | None:
    """«T2», «t2» or «2» -> 2; anything else None."""
    coincide = re.fullmatch(r"[Tt]?([1-9])", hasta)
    return int(coincide[1]) if coincide else None


def titulares(figuras: dict) -> dict:
    """The headline figures exactly as the version froze them (the overall response is the
    frozen per-dependencia rows added up, as the report's definition reads)."""
    r = figuras["recomendaciones"]
    dependencias = figuras.get("respuesta_por_dependencia", [])
    return {
        "programadas": r["programadas"],
        "impactadas": r["impactadas"],
        "avance": r["avance"],
        "respuesta": fraccion(
            sum(d["reportadas"] for d in dependencias), sum(d["esperadas"] for d in dependencias)
        ),
        "oportunidad": figuras["oportunidad"]["fraccion"],
        "aprobacion_primera": figuras["aprobacion_a_la_primera"]["fraccion"],
    }


def seguimiento(figuras: dict) -> dict[str, tuple[str, str]]:
    """{clave: (texto, seguimiento)} of every recomendación in the version's universe."""
    gim = figuras.get("valoracion_gim")
    if gim is not None:
        return {r["clave"]: (r["texto"], r["seguimiento"]) for r in gim["recomendaciones"]}
    impactadas = {r["clave"] for r in figuras.get("recomendaciones_mas_atendidas", [])}
    filas = {
        r["clave"]: (r["texto"], "impactada" if r["clave"] in impactadas else PROGRAMADA)
        for r in figuras.get("recomendaciones_menos_atendidas", [])
    }
    for r in figuras.get("recomendaciones_sin_meta", []):
        filas[r["clave"]] = (r["texto"], "sin_meta")
    return filas


@dataclass
class FilaMunicipio:
    municipio: Municipio
    informe: InformePublicado | None
    cifras: dict | None  # `titulares`, None without a published version
    seguimiento: dict[str, tuple[str, str]] = field(default_factory=dict)
    fin: datetime.date | None = None  # the end of the cut in this municipio's calendar

    @property
    def publicado(self) -> bool:
        return self.informe is not None


@dataclass
class Celda:
    """One municipio's reading of one recomendación."""

    seguimiento: str | None  # None: the municipio has no published version of the cut
    valoracion: str | None  # None: no GIM evaluation up to the cut's end values it
    municipio: str = ""  # its name, which labels the cell where a row reads as a card

    @property
    def seguimiento_nombre(self) -> str:
        if self.seguimiento is None:
            return SIN_INFORME.capitalize()
        return NOMBRES_SEGUIMIENTO[self.seguimiento]

    @property
    def valoracion_nombre(self) -> str:
        return str(NOMBRES_VALORACION[self.valoracion or ValoracionGIM.Valor.SIN_VALORACION])


@dataclass
class FilaRecomendacion:
    clave: str
    texto: str
    universo: int  # municipios with a published version that have it in force
    atienden: int  # ... and a meta answering it
    impactada: int  # ... and an approved ficha with progress in the cut
    celdas: list[Celda]  # one per municipio, in the municipios' order


@dataclass
class CorteEstatal:
    anio: int
    numero: int
    etiqueta: str
    municipios: list[FilaMunicipio]
    recomendaciones: list[FilaRecomendacion]
    # The key it is kept under (`corte_estatal`): what is made from it may be kept with it.
    huella: str = ""

    @property
    def clave(self) -> str:
        return f"T{self.numero}"

    @property
    def publicados(self) -> list[FilaMunicipio]:
        return [m for m in self.municipios if m.publicado]


def _ultimas(anio: int, numero: int):
    """The latest published version of each ejercicio's cut `anio`/`numero` (1 query), without
    its figures: a state-scale version's weigh megabytes, and the corte is kept whole."""
    ultima = (
        InformePublicado.objects.filter(ejercicio=OuterRef("ejercicio"), hasta=OuterRef("hasta"))
        .order_by("-version")
        .values("version")[:1]
    )
    return (
        InformePublicado.objects.select_related("ejercicio", "hasta")
        .filter(ejercicio__anio=anio, hasta__numero=numero, version=Subquery(ultima))
        .defer("figuras", "narrativa", "firma")
    )


def _valoraciones(fines: dict[int, datetime.date], hasta: datetime.date) -> dict:
    """{(municipio id, clave): valor} of each municipio's latest GIM evaluation up to the end
    of its cut (1 query; by date, then id, as the report reads them)."""
    filas = (
        ValoracionGIM.objects.filter(evaluacion__fecha__lte=hasta)
        .order_by("evaluacion__fecha", "evaluacion_id")
        .values_list(
            "evaluacion__municipio_id", "evaluacion__fecha", "recomendacion__clave", "valoracion"
        )
    )
    valores = {}
    for municipio_id, fecha, clave, valor in filas:
        if fecha <= fines.get(municipio_id, hasta):
            valores[(municipio_id, clave)] = valor
    return valores


def existe(anio: int, numero: int) -> bool:
    return Periodo.objects.filter(ejercicio__anio=anio, numero=numero).exists()


def corte_estatal(anio: int, numero: int) -> CorteEstatal:
    """The state corte of `anio`, trimestre `numero`, computed once per change of what it reads
    and kept (`revision.memorizar`): published versions, municipios, the GIM's evaluations
    and the declaratoria are all «*» in the data revision, so a ficha saved anywhere leaves it
    valid; the cut's periodos (their ends bound the GIM evaluations read) are part of the key.
    Two queries when kept; `calcular` otherwise."""
    periodos = _periodos(anio, numero)
    huella = hashlib.sha256(repr(periodos).encode()).hexdigest()[:16]
    clave = f"informes:estatal:{anio}:{numero}:{huella}"
    corte = revision.memorizar(clave, lambda: calcular(anio, numero, periodos), ejercicios=[])
    corte.huella = clave
    return corte


def _periodos(anio: int, numero: int) -> list[tuple[int, datetime.date, datetime.date]]:
    """(municipio id, inicio, fin) of the cut in each municipio's calendar (1 query)."""
    return list(
        Periodo.objects.filter(ejercicio__anio=anio, numero=numero)
        .order_by("ejercicio__municipio_id")
        .values_list("ejercicio__municipio_id", "inicio", "fin")
    )


def calcular(anio: int, numero: int, periodos=None) -> CorteEstatal:
    """The state corte computed from the published versions (5 queries, whatever the
    municipios; 4 given `periodos`)."""
    municipios = list(Municipio.objects.order_by("orden", "nombre"))
    informes = {i.ejercicio.municipio_id: i for i in _ultimas(anio, numero)}
    figuras = dict(
        InformePublicado.objects.filter(pk__in=[i.pk for i in informes.values()]).values_list(
            "pk", "figuras"
        )
    )
    if periodos is None:
        periodos = _periodos(anio, numero)
    fines = {m: fin for m, _inicio, fin in periodos}
    ultimo_fin = max(fines.values(), default=datetime.date(anio, 12, 31))
    filas = []
    for m in municipios:
        informe = informes.get(m.pk)
        if informe is None:
            filas.append(FilaMunicipio(m, None, None, fin=fines.get(m.pk, ultimo_fin)))
            continue
        f = figuras[informe.pk]
        filas.append(
            FilaMunicipio(m, informe, titulares(f), seguimiento(f), fines.get(m.pk, ultimo_fin))
        )
    valores = _valoraciones(fines, ultimo_fin)
    return CorteEstatal(
        anio=anio,
        numero=numero,
        etiqueta=_etiqueta([figuras[i.pk] for i in informes.values()], periodos, anio, numero),
        municipios=filas,
        recomendaciones=_cobertura(filas, valores),
    )


def _etiqueta(figuras: list[dict], periodos, anio: int, numero: int) -> str:
    """«Ene–Jun 2022»: a published version's own label, or the cut's months."""
    for f in figuras:
        if etiqueta := f.get("corte", {}).get("etiqueta"):
            return etiqueta
    if periodos:
        fin = max(p[2] for p in periodos)
        return Periodo(inicio=datetime.date(anio, 1, 1), fin=fin).etiqueta
    return f"T{numero} {anio}"


def _cobertura(filas: list[FilaMunicipio], valores: dict) -> list[FilaRecomendacion]:
    """Each recomendación some published version has in force, least attended first."""
    textos: dict[str, str] = {}
    for fila in filas:
        for clave, (texto, _estado) in fila.seguimiento.items():
            textos.setdefault(clave, texto)
    resultado = []
    for clave, texto in textos.items():
        estados = [f.seguimiento.get(clave, (None, None))[1] for f in filas if f.publicado]
        en_universo = [e for e in estados if e is not None]
        resultado.append(
            FilaRecomendacion(
                clave=clave,
                texto=texto,
                universo=len(en_universo),
                atienden=sum(1 for e in en_universo if e != "sin_meta"),
                impactada=sum(1 for e in en_universo if e == "impactada"),
                celdas=[
                    Celda(
                        f.seguimiento.get(clave, (None, FUERA))[1] if f.publicado else None,
                        valores.get((f.municipio.pk, clave)),
                        f.municipio.nombre,
                    )
                    for f in filas
                ],
            )
        )
    resultado.sort(key=lambda r: (r.atienden, r.impactada, -r.universo, r.clave))
    return resultado


def cortes_publicados() -> list[dict]:
    """The cuts some municipio has published, newest first, with how many did (1 query)."""
    return [
        {"anio": anio, "numero": numero, "clave": f"T{numero}", "municipios": n}
        for anio, numero, n in InformePublicado.objects.values_list(
            "ejercicio__anio", "hasta__numero"
        )
        .annotate(n=Count("ejercicio__municipio", distinct=True))
        .order_by("-ejercicio__anio", "-hasta__numero")
    ]
