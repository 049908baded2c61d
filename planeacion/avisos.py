"""What the planning round asks of an enlace, shown on the enlace's home (fichas), which may
not import planning: `PlaneacionConfig.ready` registers `pendientes` in avgm.plataforma.avisos_inicio.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from avgm.plataforma.avisos_inicio import Aviso
from dependencias.access import dependencia_ids_de_enlace
from dependencias.models import Dependencia
from planeacion.models import PropuestaMeta, RondaPlaneacion

Estado = PropuestaMeta.Estado


def _cuantas(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def _texto(siglas: str, cuenta: dict | None) -> str:
    if not cuenta or not (cuenta["devuelta"] or cuenta["borrador"] or cuenta["en_el_imm"]):
        return f"{siglas} todavía no propone metas."
    partes = []
    if cuenta["devuelta"]:
        partes.append(_cuantas(cuenta["devuelta"], "propuesta devuelta", "propuestas devueltas"))
    if cuenta["borrador"]:
        partes.append(_cuantas(cuenta["borrador"], "borrador sin enviar", "borradores sin enviar"))
    if cuenta["en_el_imm"]:
        partes.append(_cuantas(cuenta["en_el_imm"], "enviada o acordada", "enviadas o acordadas"))
    return f"{siglas}: " + ", ".join(partes) + "."


def pendientes(usuario) -> list[Aviso]:
    """One notice per round and dependencia of the enlace while the round takes proposals,
    or while the IMM's returns wait for an answer after it closed. Two queries when there is
    nothing to say (most of the year), three at most."""
    ids = dependencia_ids_de_enlace(usuario)
    if not ids:
        return []
    activas = Dependencia.objects.filter(pk__in=ids, activa=True)
    # Each dependencia hears only of its municipio's rounds.
    abiertas = {
        r.pk: (r.anio, r.fecha_limite, r.ejercicio.municipio_id)
        for r in RondaPlaneacion.objects.filter(
            fecha_limite__gte=timezone.localdate(),
            ejercicio__municipio__in=activas.values("municipio"),
        ).select_related("ejercicio")
    }
    cuentas = {
        (f.pop("ronda_id"), f.pop("dependencia_id")): f
        for f in PropuestaMeta.objects.filter(dependencia__in=activas)
        .filter(Q(ronda_id__in=abiertas) | Q(estado=Estado.DEVUELTA))
        .values("ronda_id", "dependencia_id", anio=F("ronda__ejercicio__anio"))
        .annotate(
            devuelta=Count("pk", filter=Q(estado=Estado.DEVUELTA)),
            borrador=Count("pk", filter=Q(estado=Estado.BORRADOR)),
            en_el_imm=Count("pk", filter=Q(estado__in=[Estado.ENVIADA, Estado.ACORDADA])),
        )
        .order_by()
    }
    if not abiertas and not any(c["devuelta"] for c in cuentas.values()):
        return []
    # Only now, with something to say, their siglas (and municipios, to pair them with rounds).
    deps = {d["pk"]: d for d in activas.values("pk", "siglas", "municipio_id")}
    pares = {
        (r, d): abiertas[r][0]
        for r in abiertas
        for d in deps
        if deps[d]["municipio_id"] == abiertas[r][2]
    }
    pares.update({par: c["anio"] for par, c in cuentas.items() if c["devuelta"]})
    if not pares:
        return []
    siglas = {pk: d["siglas"] for pk, d in deps.items()}
    avisos = []
    for (ronda_id, dependencia_id), anio in sorted(pares.items(), key=lambda p: -p[1]):
        if dependencia_id not in siglas:
            continue
        if ronda_id in abiertas:
            titulo = (
                f"Planeación {anio} abierta: propuestas hasta el {abiertas[ronda_id][1]:%d/%m/%Y}"
            )
        else:
            titulo = f"Planeación {anio}: el IMM le devolvió propuestas"
        avisos.append(
            Aviso(
                titulo=titulo,
                texto=_texto(siglas[dependencia_id], cuentas.get((ronda_id, dependencia_id))),
                url=reverse("planeacion:dependencia", args=[anio, dependencia_id]),
                accion=f"Ir a la planeación de {siglas[dependencia_id]}",
            )
        )
    return avisos
