"""Coverage of the recomendaciones in force while planning, and the last corte's gaps.

Plain functions with a fixed number of queries whatever the size of the catalog:

- `cobertura(ronda, deficientes)`: which recomendaciones in force in the round's ejercicio
  are answered by an agreed meta, by a proposal under review, or by nothing yet; and the
  same by modalidad and by eje.
- `deficientes_del_ultimo_corte(anio, municipio)`: the áreas deficientes and the least-attended
  recomendaciones of the last PUBLISHED corte before `anio`, read from its frozen figures
  (never recomputed: what the IMM published is what guides the planning). None when no
  corte was published.
- `metas_anteriores(dependencia, ejercicio)`: last year's metas with programmed vs approved
  accumulated quantity, to carry them forward.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from avgm.models import EjeTransversal, Modalidad, Recomendacion
from avgm.numeros import fraccion
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica
from informes.models import InformePublicado
from planeacion.models import PropuestaMeta, RondaPlaneacion

ACORDADA = "acordada"
PROPUESTA = "propuesta"
SIN_PROPUESTA = "sin_propuesta"


def deficientes_del_ultimo_corte(anio: int, municipio) -> dict | None:
    """`municipio`'s last published corte of an ejercicio before `anio` (its newest version).
    1 query."""
    informe = (
        InformePublicado.objects.filter(ejercicio__municipio=municipio, ejercicio__anio__lt=anio)
        .select_related("ejercicio", "hasta")
        .order_by("-ejercicio__anio", "-hasta__numero", "-version")
        .first()
    )
    if informe is None:
        return None
    figuras = informe.figuras
    areas = figuras.get("areas_deficientes", {})
    avance = figuras.get("recomendaciones", {}).get("avance")

    def bajo_el_avance(filas: list[dict]) -> set[str]:
        """Categories covered below the corte's overall avance (all listed when unknown):
        on the seed's corte, Laboral, Comunitaria and Justicia, as the report says."""
        return {
            f["nombre"]
            for f in filas
            if avance is None or (f.get("cobertura") is not None and f["cobertura"] < avance)
        }

    # Programadas with no approved ficha with progress in the corte: programmed, not attended.
    menos = [
        r
        for r in figuras.get("recomendaciones_menos_atendidas", [])
        if not r.get("fichas_con_avance")
    ]
    sin_meta = figuras.get("recomendaciones_sin_meta", [])
    return {
        "informe": informe,
        "etiqueta": informe.etiqueta,
        "version": informe.version,
        "avance": avance,
        "por_modalidad": areas.get("por_modalidad", []),
        "por_eje": areas.get("por_eje", []),
        "menos_atendidas": menos,
        "sin_meta": sin_meta,
        "claves": {r["clave"] for r in menos},
        "claves_sin_meta": {r["clave"] for r in sin_meta},
        "modalidades": bajo_el_avance(areas.get("por_modalidad", [])),
        "ejes": bajo_el_avance(areas.get("por_eje", [])),
    }


def _por_categoria(modelo, recs: list[dict], campo: str, deficientes: set[str]) -> list[dict]:
    filas = []
    for categoria in modelo.objects.order_by("orden", "nombre"):
        suyas = [r for r in recs if categoria.pk in r[campo]]
        con_propuesta = sum(1 for r in suyas if r["estado"] != SIN_PROPUESTA)
        filas.append(
            {
                "nombre": categoria.nombre,
                "etiqueta": categoria.etiqueta,
                "vigentes": len(suyas),
                "acordadas": sum(1 for r in suyas if r["estado"] == ACORDADA),
                "con_propuesta": con_propuesta,
                "sin_propuesta": len(suyas) - con_propuesta,
                "cobertura": fraccion(con_propuesta, len(suyas)),
                "deficiente": categoria.nombre in deficientes,
            }
        )
    return filas


def cobertura(ronda: RondaPlaneacion, deficientes: dict | None = None) -> dict:
    """Coverage of the recomendaciones in force in the round's ejercicio (7 queries).

    A recomendación is «acordada» when an active meta of the ejercicio answers it, «propuesta»
    when only a proposal under review (enviada or devuelta) does; borradores and withdrawn
    proposals do not count: the IMM has not seen them.
    """
    vigentes = list(
        Recomendacion.objects.aplicables(ronda.ejercicio)
        .prefetch_related("modalidades", "ejes")
        .only("pk", "clave", "texto", "tipo", "orden")
    )
    acordadas = set(
        Meta.recomendaciones.through.objects.filter(
            meta__ejercicio_id=ronda.ejercicio_id, meta__activa=True
        ).values_list("recomendacion_id", flat=True)
    )
    propuestas = set(
        PropuestaMeta.recomendaciones.through.objects.filter(
            propuestameta__ronda=ronda,
            propuestameta__estado__in=[PropuestaMeta.Estado.ENVIADA, PropuestaMeta.Estado.DEVUELTA],
        ).values_list("recomendacion_id", flat=True)
    )
    claves_deficientes = deficientes["claves"] if deficientes else set()
    claves_sin_meta = deficientes["claves_sin_meta"] if deficientes else set()
    recs = []
    for r in vigentes:
        if r.pk in acordadas:
            estado = ACORDADA
        elif r.pk in propuestas:
            estado = PROPUESTA
        else:
            estado = SIN_PROPUESTA
        recs.append(
            {
                "pk": r.pk,
                "clave": r.clave,
                "texto": r.texto,
                "estado": estado,
                "deficiente": r.clave in claves_deficientes,
                "sin_meta_antes": r.clave in claves_sin_meta,
                "modalidades": {m.pk for m in r.modalidades.all()},
                "ejes": {e.pk for e in r.ejes.all()},
                "categorias": ", ".join(
                    [m.etiqueta for m in r.modalidades.all()] + [e.etiqueta for e in r.ejes.all()]
                ),
            }
        )
    con_propuesta = sum(1 for r in recs if r["estado"] != SIN_PROPUESTA)
    sin_propuesta = [r for r in recs if r["estado"] == SIN_PROPUESTA]
    por_modalidad = _por_categoria(
        Modalidad, recs, "modalidades", deficientes["modalidades"] if deficientes else set()
    )
    por_eje = _por_categoria(
        EjeTransversal, recs, "ejes", deficientes["ejes"] if deficientes else set()
    )
    return {
        "vigentes": len(recs),
        "acordadas": sum(1 for r in recs if r["estado"] == ACORDADA),
        "con_propuesta": con_propuesta,
        "cobertura": fraccion(con_propuesta, len(recs)),
        "sin_propuesta": sin_propuesta,
        # The gaps to chase first: programmed but not attended in the last corte, and still
        # with no proposal.
        "deficientes_sin_propuesta": [r for r in sin_propuesta if r["deficiente"]],
        "por_modalidad": por_modalidad,
        "por_eje": por_eje,
        "tablas": [("modalidad", por_modalidad), ("eje transversal", por_eje)],
    }


def metas_anteriores(dependencia_id: int, anio: int) -> list[Meta]:
    """Active metas of `dependencia_id` in ejercicio `anio`, each annotated with `programado`
    (the year's programmed total) and `aprobado` (approved accumulated quantity). 1 query."""
    programado = (
        Programacion.objects.filter(meta=OuterRef("pk"))
        .values("meta")
        .annotate(total=Sum("cantidad"))
        .values("total")
    )
    aprobado = (
        FichaTecnica.objects.filter(meta=OuterRef("pk"))
        .cuentan_como_avance()
        .values("meta")
        .annotate(total=Sum("cantidad_alcanzada"))
        .values("total")
    )
    metas = list(
        Meta.objects.filter(dependencia_id=dependencia_id, ejercicio__anio=anio, activa=True)
        .select_related("tipo_accion")
        .annotate(
            programado=Coalesce(Subquery(programado, output_field=IntegerField()), Value(0)),
            aprobado=Coalesce(Subquery(aprobado, output_field=IntegerField()), Value(0)),
        )
        .order_by("clave")
    )
    for meta in metas:
        meta.avance = fraccion(meta.aprobado, meta.programado)
    return metas


def progreso(ronda: RondaPlaneacion) -> list[dict]:
    """Per dependencia with proposals or metas in the round: proposals by estado. 1 query."""
    E = PropuestaMeta.Estado
    filas = (
        PropuestaMeta.objects.filter(ronda=ronda)
        .values("dependencia_id", "dependencia__siglas", "dependencia__nombre")
        .annotate(
            borrador=Count("pk", filter=Q(estado=E.BORRADOR)),
            enviada=Count("pk", filter=Q(estado=E.ENVIADA)),
            devuelta=Count("pk", filter=Q(estado=E.DEVUELTA)),
            acordada=Count("pk", filter=Q(estado=E.ACORDADA)),
        )
        .order_by("dependencia__siglas")
    )
    return list(filas)
