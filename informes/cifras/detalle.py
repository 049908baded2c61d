"""The recomendaciones, metas and fichas behind a figure of the report (drill-down).

Each figure reads the same definitions as `informes.cifras.figures` (programada, impactada, fichas
del corte, con avance), so the rows listed here are the rows the figure counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from avgm.models import Recomendacion
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica
from informes.cifras import definiciones
from informes.cifras.corte import Corte
from informes.cifras.figures import impactada, metas, programada, recomendaciones


@dataclass
class Detalle:
    titulo: str
    definicion: str
    recomendaciones: QuerySet[Recomendacion] | None
    metas: QuerySet[Meta]
    fichas: QuerySet[FichaTecnica]


def _programadas_en(corte: Corte, periodo_ids: list[int]) -> QuerySet[Meta]:
    """Active metas of the ejercicio with a quantity above 0 in one of `periodo_ids`."""
    return metas(corte).filter(
        Exists(
            Programacion.objects.filter(
                meta=OuterRef("pk"), periodo_id__in=periodo_ids, cantidad__gt=0
            )
        )
    )


def _de_categoria(recs: QuerySet[Recomendacion], clave: str) -> QuerySet[Recomendacion]:
    """One tipo (permanente, ...), modalidad or eje: names are unique across catalogs."""
    if not clave:
        return recs
    filtro = Q(tipo=clave) | Q(modalidades__nombre=clave) | Q(ejes__nombre=clave)
    return recs.filter(pk__in=Recomendacion.objects.filter(filtro).values("pk"))


def _recomendaciones(corte: Corte, figura: str, clave: str) -> Detalle:
    """Declaratoria or programadas (optionally one tipo or category) and their metas."""
    conjunto = _de_categoria(recomendaciones(corte), clave)
    if figura == "programadas":
        conjunto = conjunto.filter(programada(corte))
    titulo = definiciones.FIGURAS[figura].nombre
    vinculadas = metas(corte).filter(recomendaciones__in=conjunto).distinct()
    return Detalle(
        f"{titulo}: {clave}" if clave else titulo,
        definiciones.texto(figura),
        conjunto,
        vinculadas,
        corte.fichas().filter(meta__in=vinculadas).reportadas(),
    )


def _impactadas(corte: Corte, figura: str, clave: str) -> Detalle:
    """Impactadas (all, of one tipo or category; or of one modalidad / eje) and the metas and
    fichas con avance that make them so."""
    impactadas = recomendaciones(corte).filter(programada(corte)).filter(impactada(corte))
    titulo = "Recomendaciones impactadas"
    if figura == "modalidad":
        impactadas, titulo = impactadas.filter(modalidades__nombre=clave), f"Impactadas: {clave}"
    elif figura == "eje":
        impactadas, titulo = impactadas.filter(ejes__nombre=clave), f"Impactadas: {clave}"
    else:
        impactadas = _de_categoria(impactadas, clave)
    con_avance = corte.fichas().con_avance()
    con_fichas = (
        metas(corte)
        .filter(recomendaciones__in=impactadas)
        .filter(Exists(con_avance.filter(meta=OuterRef("pk"))))
        .distinct()
    )
    return Detalle(
        titulo,
        definiciones.texto("impactadas"),
        impactadas,
        con_fichas,
        con_avance.filter(meta__in=con_fichas),
    )


def _periodo(corte: Corte, _figura: str, clave: str) -> Detalle:
    periodo = next((p for p in corte.periodos if p.clave == clave), None)
    if periodo is None:
        raise Http404("Ese periodo no es parte del corte.")
    return Detalle(
        f"Trimestre {periodo.etiqueta}",
        definiciones.texto("metas_programadas") + " " + definiciones.texto("fichas_reportadas"),
        None,
        _programadas_en(corte, [periodo.pk]),
        corte.fichas().filter(periodo=periodo).reportadas(),
    )


def _anual(corte: Corte, _figura: str, _clave: str) -> Detalle:
    return Detalle(
        f"Ejercicio {corte.ejercicio.anio}",
        definiciones.texto("metas_anual") + " " + definiciones.texto("fichas_anual"),
        None,
        _programadas_en(corte, list(corte.ejercicio.periodos.values_list("pk", flat=True))),
        corte.fichas().reportadas(),
    )


def _tipo_accion(corte: Corte, _figura: str, clave: str) -> Detalle:
    programadas = _programadas_en(corte, corte.periodo_ids)
    if clave == "Sin tipo de acción":
        programadas = programadas.filter(tipo_accion__isnull=True)
    else:
        programadas = programadas.filter(tipo_accion__nombre=clave)
    return Detalle(
        f"Metas de tipo «{clave}»",
        definiciones.texto("cumplidas") + " " + definiciones.texto("con_avance"),
        None,
        programadas,
        corte.fichas().filter(meta__in=programadas).aprobadas(),
    )


def _dependencia(corte: Corte, _figura: str, clave: str) -> Detalle:
    programadas = _programadas_en(corte, corte.periodo_ids).filter(dependencia__siglas=clave)
    # Only the fichas the response counts: of a meta programmed in the ficha's own periodo.
    esperada = Programacion.objects.filter(
        meta=OuterRef("meta"), periodo=OuterRef("periodo"), cantidad__gt=0
    )
    return Detalle(
        f"Respuesta de {clave}",
        definiciones.texto("respuesta"),
        None,
        programadas,
        corte.fichas().filter(meta__in=programadas).filter(Exists(esperada)).reportadas(),
    )


def _recomendacion(corte: Corte, _figura: str, clave: str) -> Detalle:
    rec = recomendaciones(corte).filter(clave=clave)
    suyas = metas(corte).filter(recomendaciones__in=rec)
    return Detalle(
        f"Recomendación {clave}",
        definiciones.texto("menos_atendidas"),
        rec,
        suyas,
        corte.fichas().filter(meta__in=suyas),
    )


def _sin_meta(corte: Corte, _figura: str, _clave: str) -> Detalle:
    return Detalle(
        "Recomendaciones vigentes sin meta",
        definiciones.texto("sin_meta"),
        recomendaciones(corte).filter(~programada(corte)),
        Meta.objects.none(),
        FichaTecnica.objects.none(),
    )


DETALLES: dict[str, Callable[[Corte, str, str], Detalle]] = {
    "declaratoria": _recomendaciones,
    "programadas": _recomendaciones,
    "impactadas": _impactadas,
    "modalidad": _impactadas,
    "eje": _impactadas,
    "periodo": _periodo,
    "anual": _anual,
    "tipo_accion": _tipo_accion,
    "dependencia": _dependencia,
    "recomendacion": _recomendacion,
    "sin_meta": _sin_meta,
}


def detalle(corte: Corte, figura: str, clave: str = "") -> Detalle:
    """What lies behind `figura` (optionally one category, periodo, tipo, dependencia...)."""
    if figura not in DETALLES:
        raise Http404("No existe esa cifra.")
    return DETALLES[figura](corte, figura, clave)
