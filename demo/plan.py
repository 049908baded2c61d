"""The demo's plan, before any row is written: which meta of each dependencia is programmed
and reported in which periodo, and in what state each ficha ends (from PLAN and METAS, with
one seeded generator)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .cuentas import DEPENDENCIAS_CON_CUENTA
from .dependencias import METAS, PLAN
from .recomendaciones import IMPACTADAS, NO_IMPACTADAS


@dataclass
class Ranura:
    """One meta in one periodo of the corte: whether it is programmed and what was done."""

    numero: int
    enviada: bool = False
    borrador: bool = False
    estado: str = ""  # final state of a submitted ficha
    no_aplica: bool = False
    cero: bool = False  # approved with quantity 0
    devuelta: bool = False  # returned once before its current state
    tardia: bool = False


@dataclass
class PlanMeta:
    dependencia: str
    grupo: str  # "B" both T1/T2, "A1", "A2", "C" (T3–T4 only)
    ranuras: dict[int, Ranura] = field(default_factory=dict)
    plantilla: tuple | None = None
    etapa: int = 0
    recs: list[str] = field(default_factory=list)
    programado: dict[int, int] = field(default_factory=dict)

    @property
    def impacta(self) -> bool:
        return any(
            r.estado == "aprobada" and not r.no_aplica and not r.cero for r in self.ranuras.values()
        )


def planear(rng: random.Random) -> list[PlanMeta]:
    planes: list[PlanMeta] = []
    for siglas, _n, _t, _c, (a1, a2, b, c, s1, s2, o) in PLAN:
        grupo_b = [PlanMeta(siglas, "B") for _ in range(b)]
        grupo_a1 = [PlanMeta(siglas, "A1") for _ in range(a1 - b)]
        grupo_a2 = [PlanMeta(siglas, "A2") for _ in range(a2 - b)]
        grupo_c = [PlanMeta(siglas, "C") for _ in range(c)]
        for p in grupo_b + grupo_a1:
            p.ranuras[1] = Ranura(1)
        for p in grupo_b + grupo_a2:
            p.ranuras[2] = Ranura(2)
        # Submitted: the o metas reported in both periodos first, then the others.
        t1 = (grupo_b[:o] + grupo_a1 + grupo_b[o:])[:s1]
        resto_b = [p for p in grupo_b[o:] if p not in t1]
        t2 = (grupo_b[:o] + grupo_a2 + resto_b)[:s2]
        assert len(t1) == s1 and len(t2) == s2, siglas
        assert len([p for p in t1 if p in t2]) == o, siglas
        for p in t1:
            p.ranuras[1].enviada = True
        for p in t2:
            p.ranuras[2].enviada = True
        # Unsubmitted slots: a borrador now and then; the dependencias with a demo account
        # get exactly one borrador and one meta with no ficha in T2 (someone can try both).
        pendientes_t2 = [p for p in grupo_b + grupo_a2 if not p.ranuras[2].enviada]
        if siglas in DEPENDENCIAS_CON_CUENTA:
            assert len(pendientes_t2) == 2, siglas
            pendientes_t2[0].ranuras[2].borrador = True
        else:
            for p in pendientes_t2:
                p.ranuras[2].borrador = rng.random() < 0.4
        for p in grupo_b + grupo_a1:
            if not p.ranuras[1].enviada:
                p.ranuras[1].borrador = rng.random() < 0.3
        planes += grupo_b + grupo_a1 + grupo_a2 + grupo_c
    _decidir_estados(rng, planes)
    return planes


ALTA = {r[0] for r in PLAN[:9]}
CON_IMPACTADAS = {
    siglas for siglas, ts in METAS.items() if any(r.startswith("I") for t in ts for r in t[5])
}


def _decidir_estados(rng: random.Random, planes: list[PlanMeta]) -> None:
    """Final state of every submitted ficha; which metas show progress follows from it."""
    reportadas = [p for p in planes if any(r.enviada for r in p.ranuras.values())]
    for p in reportadas:
        # High-response dependencias also get most of their fichas approved.
        con_avance = rng.random() < (0.72 if p.dependencia in ALTA else 0.3)
        # Only a meta that can answer an impactada may show progress.
        con_avance = con_avance and p.dependencia in CON_IMPACTADAS
        for r in sorted(p.ranuras.values(), key=lambda r: r.numero):
            if not r.enviada:
                continue
            r.tardia = rng.random() < 0.16
            if con_avance:
                azar = rng.random()
                if r.numero == 1:
                    r.estado = "aprobada" if azar < 0.9 else "observada"
                else:
                    r.estado = (
                        "aprobada" if azar < 0.6 else "enviada" if azar < 0.85 else "observada"
                    )
            else:
                r.estado = "observada" if rng.random() < 0.5 else "enviada"
            # An observada was returned by definition; others were, about a third of the time.
            r.devuelta = r.estado == "observada" or rng.random() < 0.3
        if con_avance and not p.impacta:
            primera = min((r for r in p.ranuras.values() if r.enviada), key=lambda r: r.numero)
            primera.estado = "aprobada"
    # Two approved "no aplica" and one approved with quantity 0: responses, never progress.
    sin_avance = [p for p in reportadas if not p.impacta]
    especiales = [r for p in sin_avance for r in p.ranuras.values() if r.enviada][:6:2]
    for r, tipo in zip(especiales, ["no_aplica", "no_aplica", "cero"], strict=False):
        r.estado = "aprobada"
        r.devuelta = False
        setattr(r, tipo, True)
    # Each demo account's dependencia has an observada ficha in T2 to answer.
    for siglas in DEPENDENCIAS_CON_CUENTA:
        t2 = [
            (p, p.ranuras[2])
            for p in planes
            if p.dependencia == siglas and 2 in p.ranuras and p.ranuras[2].enviada
        ]
        if any(r.estado == "observada" for _p, r in t2):
            continue
        # Prefer a ficha whose meta keeps its progress from T1 (or never had any).
        p, r = next(
            (p, r)
            for p, r in t2
            if r.estado != "aprobada" or (1 in p.ranuras and p.ranuras[1].estado == "aprobada")
        )
        r.estado, r.devuelta, r.no_aplica, r.cero = "observada", True, False, False


def cubrir(planes: list[PlanMeta]) -> None:
    """Check every impactada is linked to a meta with progress and every programada to a meta.

    The templates in METAS are written so this holds; fail loudly rather than link a
    recomendación to a meta about something else.
    """
    ligadas_con_avance = {r for p in planes if p.impacta for r in p.recs}
    faltan = [local for local, *_r in IMPACTADAS if local not in ligadas_con_avance]
    ligadas = {r for p in planes for r in p.recs}
    faltan += [local for local, *_r in NO_IMPACTADAS if local not in ligadas]
    assert not faltan, f"Recomendaciones sin meta adecuada en METAS: {faltan}"
