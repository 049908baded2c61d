"""What publishing freezes for the public side, beyond the report's figures (key "publico").

Each recomendación in force with its classification, status and the metas that answer it;
metas aggregated by dependencia and tipo de acción with their atenciones by sex; each meta's
achieved quantity with whether its unit counts people (`dependencias.unidades`, frozen here
so every later reading of the version protects the same cells). Raw counts are stored here; publishing adds, under "supresion", which of them the public side hides
(chosen and audited by `informes.divulgacion`), and the micrositio shows them only through
that pattern. No ficha text, evidence or person is read.

`libro_solo_fichas_aprobadas` says that the workbook frozen with this version lists approved
fichas only (informes.salidas.excel). Versions published before that rule froze a workbook with
every ficha in any state: the micrositio does not offer it (the file stays, unchanged, for the
portal's readers).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from avgm.models import Recomendacion
from dependencias.models import Meta, Programacion
from dependencias.unidades import cuentan_personas
from fichas.models import GRUPOS_EDAD, SEXOS, FichaTecnica
from informes.cifras.corte import Corte

VERSION = 2  # 2: «cantidades_por_meta», each meta's quantity and whether it counts people
ESTADOS = {
    "impactada": "Impactada",
    "programada": "Programada, sin impacto aún",
    "sin_meta": "Sin meta en el ejercicio",
}


def _metas(corte: Corte) -> list[dict]:
    """One row per active meta of the ejercicio: programmed and approved to date, atenciones.

    Two queries: the metas with their programming, then approved fichas summed per meta.
    """
    programado = (
        Programacion.objects.filter(meta=OuterRef("pk"), periodo_id__in=corte.periodo_ids)
        .values("meta")
        .annotate(total=Sum("cantidad"))
        .values("total")
    )
    por_sexo = {sexo: [f"{sexo}_{grupo}" for grupo, _ in GRUPOS_EDAD] for sexo, _etiqueta in SEXOS}
    sumas = {
        fila["meta"]: fila
        for fila in FichaTecnica.objects.filter(
            meta__ejercicio=corte.ejercicio,
            periodo_id__in=corte.periodo_ids,
        )
        .cuentan_como_avance()
        .values("meta")
        .annotate(
            alcanzado=Sum("cantidad_alcanzada"),
            **{campo: Sum(campo) for campos in por_sexo.values() for campo in campos},
        )
        .order_by()
    }
    filas = (
        Meta.objects.filter(ejercicio=corte.ejercicio, activa=True)
        .annotate(programado=Coalesce(Subquery(programado, output_field=IntegerField()), Value(0)))
        .values(
            "pk",
            "clave",
            "descripcion",
            "unidad_medida",
            "dependencia__siglas",
            "dependencia__nombre",
            "tipo_accion__nombre",
            "programado",
        )  # fmt: skip
        .order_by("dependencia__siglas", "clave")
    )
    filas = list(filas)
    personas = cuentan_personas(f["unidad_medida"] for f in filas)
    metas = []
    for f in filas:
        s = sumas.get(f["pk"], {})
        metas.append(
            {
                "pk": f["pk"],
                "clave": f["clave"],
                "descripcion": f["descripcion"],
                "unidad_medida": f["unidad_medida"],
                "cuenta_personas": personas[f["unidad_medida"]],
                "dependencia": f["dependencia__siglas"],
                "dependencia_nombre": f["dependencia__nombre"],
                "tipo_accion": f["tipo_accion__nombre"] or "Sin tipo de acción",
                "programado": f["programado"],
                "alcanzado": s.get("alcanzado") or 0,
                **{sexo: sum(s.get(c) or 0 for c in campos) for sexo, campos in por_sexo.items()},
            }
        )
    return metas


def _agregar(metas: list[dict]) -> list[dict]:
    grupos: dict[tuple[str, str], dict] = {}
    for m in metas:
        if m["programado"] <= 0:
            continue
        g = grupos.setdefault(
            (m["dependencia"], m["tipo_accion"]),
            {
                "dependencia": m["dependencia"],
                "dependencia_nombre": m["dependencia_nombre"],
                "tipo_accion": m["tipo_accion"],
                "metas": 0, "cumplidas": 0, "con_avance": 0, "sin_avance": 0,
                "programado": 0, "alcanzado": 0, "mujeres": 0, "hombres": 0, "noesp": 0,
            },
        )  # fmt: skip
        g["metas"] += 1
        if m["alcanzado"] >= m["programado"]:
            g["cumplidas"] += 1
        elif m["alcanzado"] > 0:
            g["con_avance"] += 1
        else:
            g["sin_avance"] += 1
        for campo in ("programado", "alcanzado", "mujeres", "hombres", "noesp"):
            g[campo] += m[campo]
    return [grupos[k] for k in sorted(grupos)]


def instantanea_publica(corte: Corte) -> dict:
    """The public snapshot of `corte` (6 queries), JSON-ready."""
    metas = _metas(corte)
    de_rec: dict[int, list[int]] = defaultdict(list)
    for rec_id, meta_id in Meta.recomendaciones.through.objects.filter(
        meta__ejercicio=corte.ejercicio, meta__activa=True
    ).values_list("recomendacion_id", "meta_id"):
        de_rec[rec_id].append(meta_id)
    por_pk = {m["pk"]: m for m in metas}
    en_pagina: set[int] = set()
    recomendaciones = []
    for rec in (
        Recomendacion.objects.aplicables(corte.ejercicio)
        .prefetch_related("modalidades", "ejes")
        .order_by("orden", "clave")
    ):
        suyas = [por_pk[pk] for pk in sorted(de_rec[rec.pk]) if pk in por_pk]
        en_pagina.update(m["pk"] for m in suyas)
        if not suyas:
            estado = "sin_meta"
        elif any(m["alcanzado"] > 0 for m in suyas):
            estado = "impactada"
        else:
            estado = "programada"
        recomendaciones.append(
            {
                "clave": rec.clave,
                "texto": rec.texto,
                "tipo": rec.get_tipo_display(),
                "modalidades": [m.nombre for m in rec.modalidades.all()],
                "ejes": [e.nombre for e in rec.ejes.all()],
                "estado": estado,
                "dependencias": sorted({m["dependencia"] for m in suyas}),
                "metas": [
                    {
                        k: m[k]
                        for k in (
                            "clave",
                            "descripcion",
                            "dependencia",
                            "tipo_accion",
                            "unidad_medida",
                            "programado",
                            "alcanzado",
                        )  # fmt: skip
                    }
                    for m in sorted(suyas, key=lambda m: m["clave"])
                ],
            }
        )
    return {
        "version": VERSION,
        "libro_solo_fichas_aprobadas": True,
        "recomendaciones": recomendaciones,
        "metas_por_dependencia_y_tipo": _agregar(metas),
        # Every active meta's quantity: what `informes.divulgacion.tablas` protects. A meta on
        # no recomendación's page («en_pagina» false) shows its quantity nowhere by itself.
        "cantidades_por_meta": [
            {
                "clave": m["clave"],
                "dependencia": m["dependencia"],
                "tipo_accion": m["tipo_accion"],
                "cuenta_personas": m["cuenta_personas"],
                "en_pagina": m["pk"] in en_pagina,
                "programado": m["programado"],
                "alcanzado": m["alcanzado"],
            }
            for m in metas
        ],
    }
