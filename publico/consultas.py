"""Which published versions the public sees, and the stamp that keys every public cache.

Everything public is read from InformePublicado rows (frozen, append-only), never from the
live tables: a draft or a live figure is never public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.http import Http404

from avgm.models import Institucion
from informes.divulgacion.supresion import REGLA
from informes.models import InformePublicado


@dataclass(frozen=True)
class Sello:
    """The latest publication (and identity edit): what every public page depends on."""

    ultimo_id: int
    versiones: int
    modificado: datetime | None

    @property
    def etag(self) -> str:
        # The suppression rule is part of it: a new rule shows older versions differently, and
        # a page cached under the old one must not outlive the deployment.
        return f'"publico-r{REGLA}-{self.ultimo_id}-{self.versiones}-{self.modificado and self.modificado.timestamp()}"'


def sello() -> Sello:
    """2 queries; InformePublicado rows are never updated, so the last id and count suffice."""
    pub = InformePublicado.objects.aggregate(
        ultimo=Max("pk"), n=Count("pk"), fecha=Max("publicado_en")
    )
    inst = Institucion.objects.aggregate(fecha=Max("actualizada_en"))["fecha"]
    fechas = [f for f in (pub["fecha"], inst) if f is not None]
    return Sello(pub["ultimo"] or 0, pub["n"], max(fechas) if fechas else None)


def todas() -> list[InformePublicado]:
    """Every published version, newest corte first, newest version first."""
    return list(InformePublicado.objects.select_related("ejercicio", "hasta"))


def vigentes() -> list[InformePublicado]:
    """The latest version of each published corte, oldest corte first (the series)."""
    vistos: dict[tuple[int, int], InformePublicado] = {}
    for informe in todas():
        vistos.setdefault((informe.ejercicio_id, informe.hasta_id), informe)
    return sorted(vistos.values(), key=lambda i: (i.ejercicio.anio, i.hasta.numero))


def ultimo() -> InformePublicado | None:
    series = vigentes()
    return series[-1] if series else None


def del_corte(anio: int, hasta: str, version: int | None = None) -> InformePublicado:
    """A published version of a corte (the latest when `version` is None), or 404.

    `hasta` is «T2», «t2» or «2», nothing else: each spelling is a page of its own in the
    public cache, so their number stays bounded.
    """
    coincide = re.fullmatch(r"[Tt]?([1-9])", hasta)
    if not coincide:
        raise Http404("No existe ese corte.")
    numero = int(coincide[1])
    qs = InformePublicado.objects.select_related("ejercicio", "hasta").filter(
        ejercicio__anio=anio, hasta__numero=numero
    )
    if version is not None:
        qs = qs.filter(version=version)
    informe = qs.order_by("-version").first()
    if informe is None:
        raise Http404("Ese corte no está publicado.")
    return informe


def correccion_posterior(informe: InformePublicado) -> InformePublicado | None:
    return (
        InformePublicado.objects.del_corte(informe.ejercicio_id, informe.hasta_id)
        .filter(version__gt=informe.version)
        .order_by("-version")
        .first()
    )
