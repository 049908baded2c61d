"""The recomendaciones, metas and fichas behind a figure of the report (drill-down)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from avgm.models import Recomendacion
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica
from informes.figures import DEFINICIONES, Corte, _impactada, _programada


@dataclass
class Detalle:
    titulo: str
    definicion: str
    recomendaciones: QuerySet[Recomendacion] | None
    metas: QuerySet[Meta]
    fichas: QuerySet[FichaTecnica]


def _metas_de(corte: Corte) -> QuerySet[Meta]:
    return Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)


def _fichas_del_corte(corte: Corte) -> QuerySet[FichaTecnica]:
    return FichaTecnica.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True, periodo_id__in=corte.periodo_ids
    )


def _con_avance(fichas: QuerySet[FichaTecnica]) -> QuerySet[FichaTecnica]:
    return fichas.filter(estado="aprobada", no_aplica=False, cantidad_alcanzada__gt=0)


def _programadas_en(corte: Corte, periodo_ids: list[int]) -> QuerySet[Meta]:
    return _metas_de(corte).filter(
        Exists(
            Programacion.objects.filter(
                meta=OuterRef("pk"), periodo_id__in=periodo_ids, cantidad__gt=0
            )
        )
    )


def detalle(corte: Corte, figura: str, clave: str = "") -> Detalle:
    """What lies behind `figura` (optionally one category, periodo, tipo, dependencia...)."""
    recs = Recomendacion.objects.vigentes_en(corte.ejercicio.anio)
    programadas = recs.filter(_programada(corte))
    impactadas = programadas.filter(_impactada(corte))
    fichas = _fichas_del_corte(corte)
    if figura in ("declaratoria", "programadas", "impactadas") and clave:
        # One tipo (permanente, ...), modalidad or eje: names are unique across catalogs.
        filtro = Q(tipo=clave) | Q(modalidades__nombre=clave) | Q(ejes__nombre=clave)
        ids = Recomendacion.objects.filter(filtro).values("pk")
        recs, programadas, impactadas = (
            q.filter(pk__in=ids) for q in (recs, programadas, impactadas)
        )
    if figura in ("declaratoria", "programadas"):
        conjunto = recs if figura == "declaratoria" else programadas
        metas = _metas_de(corte).filter(recomendaciones__in=conjunto).distinct()
        titulo = (
            "Recomendaciones de la declaratoria"
            if figura == "declaratoria"
            else "Recomendaciones programadas"
        )
        return Detalle(
            f"{titulo}: {clave}" if clave else titulo,
            DEFINICIONES[figura],
            conjunto,
            metas,
            fichas.filter(meta__in=metas).reportadas(),
        )
    if figura in ("impactadas", "modalidad", "eje"):
        titulo = "Recomendaciones impactadas"
        if figura == "modalidad":
            impactadas, titulo = (
                impactadas.filter(modalidades__nombre=clave),
                f"Impactadas: {clave}",
            )
        elif figura == "eje":
            impactadas, titulo = impactadas.filter(ejes__nombre=clave), f"Impactadas: {clave}"
        con_avance = _con_avance(fichas)
        metas = (
            _metas_de(corte)
            .filter(recomendaciones__in=impactadas)
            .filter(Exists(con_avance.filter(meta=OuterRef("pk"))))
            .distinct()
        )
        return Detalle(
            titulo, DEFINICIONES["impactadas"], impactadas, metas, con_avance.filter(meta__in=metas)
        )
    if figura == "periodo":
        periodo = next((p for p in corte.periodos if p.clave == clave), None)
        if periodo is None:
            raise Http404("Ese periodo no es parte del corte.")
        return Detalle(
            f"Trimestre {periodo.etiqueta}",
            DEFINICIONES["metas_programadas"] + " " + DEFINICIONES["fichas_reportadas"],
            None,
            _programadas_en(corte, [periodo.pk]),
            fichas.filter(periodo=periodo).reportadas(),
        )
    if figura == "anual":
        return Detalle(
            f"Ejercicio {corte.ejercicio.anio}",
            DEFINICIONES["metas_anual"] + " " + DEFINICIONES["fichas_anual"],
            None,
            _programadas_en(corte, list(corte.ejercicio.periodos.values_list("pk", flat=True))),
            fichas.reportadas(),
        )
    if figura == "tipo_accion":
        metas = _programadas_en(corte, corte.periodo_ids)
        metas = (
            metas.filter(tipo_accion__isnull=True)
            if clave == "Sin tipo de acción"
            else metas.filter(tipo_accion__nombre=clave)
        )
        return Detalle(
            f"Metas de tipo «{clave}»",
            DEFINICIONES["cumplidas"] + " " + DEFINICIONES["con_avance"],
            None,
            metas,
            fichas.filter(meta__in=metas).aprobadas(),
        )
    if figura == "dependencia":
        metas = _programadas_en(corte, corte.periodo_ids).filter(dependencia__siglas=clave)
        return Detalle(
            f"Respuesta de {clave}",
            DEFINICIONES["respuesta"],
            None,
            metas,
            fichas.filter(meta__in=metas).reportadas(),
        )
    if figura == "recomendacion":
        rec = recs.filter(clave=clave)
        metas = _metas_de(corte).filter(recomendaciones__in=rec)
        return Detalle(
            f"Recomendación {clave}",
            DEFINICIONES["menos_atendidas"],
            rec,
            metas,
            fichas.filter(meta__in=metas),
        )
    if figura == "sin_meta":
        return Detalle(
            "Recomendaciones vigentes sin meta",
            DEFINICIONES["sin_meta"],
            recs.exclude(pk__in=programadas.values("pk")),
            Meta.objects.none(),
            FichaTecnica.objects.none(),
        )
    raise Http404("No existe esa cifra.")
