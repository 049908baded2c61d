"""Which published versions the public sees, and the stamp that keys every public cache.

Everything public is read from InformePublicado rows (frozen, append-only), never from the
live tables: a draft or a live figure is never public. Each query is one municipio's: its
versions are those of its ejercicios.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.http import Http404

from avgm.models import Institucion, Municipio
from informes.divulgacion.supresion import REGLA
from informes.models import InformePublicado


@dataclass(frozen=True)
class Sello:
    """The latest publication (and identity edit): what every public page depends on."""

    ultimo_id: int
    versiones: int
    modificado: datetime | None
    ambito: str = ""  # whose pages: a municipio, or the list of them

    @property
    def etag(self) -> str:
        # The suppression rule is part of it: a new rule shows older versions differently, and
        # a page cached under the old one must not outlive the deployment.
        return f'"publico-r{REGLA}{self.ambito}-{self.ultimo_id}-{self.versiones}-{self.modificado and self.modificado.timestamp()}"'


def sello(municipio: Municipio | None) -> Sello:
    """One query for a municipio's pages (its institution is already loaded); InformePublicado
    rows are never updated, so the last id and count suffice. Without a municipio, the stamp
    of the list of municipios: every publication, institution and municipio."""
    publicados = InformePublicado.objects.all()
    if municipio is not None:
        publicados = publicados.filter(ejercicio__municipio=municipio)
    pub = publicados.aggregate(ultimo=Max("pk"), n=Count("pk"), fecha=Max("publicado_en"))
    if municipio is not None:
        inst = municipio.institucion.actualizada_en
        # The demo label is printed on every page of a demo municipio.
        ambito = f"-m{municipio.pk}{'d' if municipio.demostracion else ''}"
    else:
        inst = Institucion.objects.aggregate(fecha=Max("actualizada_en"))["fecha"]
        filas = Municipio.objects.values_list("pk", "nombre", "clave", "demostracion")
        # Stable across processes (str's hash() is not): every server answers one ETag.
        ambito = "-l" + hashlib.sha256(repr(list(filas)).encode()).hexdigest()[:12]
    fechas = [f for f in (pub["fecha"], inst) if f is not None]
    return Sello(pub["ultimo"] or 0, pub["n"], max(fechas) if fechas else None, ambito)


def todas(municipio: Municipio) -> list[InformePublicado]:
    """Every published version of `municipio`, newest corte first, newest version first."""
    return list(
        InformePublicado.objects.select_related("ejercicio", "hasta").filter(
            ejercicio__municipio=municipio
        )
    )


def _vigentes(informes: list[InformePublicado]) -> list[InformePublicado]:
    vistos: dict[tuple[int, int], InformePublicado] = {}
    for informe in informes:
        vistos.setdefault((informe.ejercicio_id, informe.hasta_id), informe)
    return sorted(vistos.values(), key=lambda i: (i.ejercicio.anio, i.hasta.numero))


def vigentes(municipio: Municipio) -> list[InformePublicado]:
    """The latest version of each published corte, oldest corte first (the series)."""
    return _vigentes(todas(municipio))


def ultimo(municipio: Municipio) -> InformePublicado | None:
    series = vigentes(municipio)
    return series[-1] if series else None


def por_municipio() -> list[tuple[Municipio, InformePublicado | None]]:
    """Every municipio with its latest published corte (None before its first): 3 queries,
    only the latest versions' figures read."""
    informes: dict[int, list[InformePublicado]] = {}
    for informe in InformePublicado.objects.select_related("ejercicio", "hasta").defer(
        "figuras", "narrativa", "firma"
    ):
        informes.setdefault(informe.ejercicio.municipio_id, []).append(informe)
    ultimos = {m: _vigentes(lista)[-1].pk for m, lista in informes.items()}
    completos = InformePublicado.objects.select_related("ejercicio", "hasta").in_bulk(
        ultimos.values()
    )
    return [
        (m, completos[ultimos[m.pk]] if m.pk in ultimos else None)
        for m in Municipio.objects.select_related("institucion")
    ]


def publicado(municipio: Municipio, pk: int) -> InformePublicado:
    """A published version of `municipio` by its id, or 404 (another municipio's too)."""
    informe = (
        InformePublicado.objects.select_related("ejercicio", "hasta")
        .filter(pk=pk, ejercicio__municipio=municipio)
        .first()
    )
    if informe is None:
        raise Http404("No existe ese informe publicado.")
    return informe


def del_corte(
    municipio: Municipio, anio: int, hasta: str, version: int | None = None
) -> InformePublicado:
    """A published version of a corte (the latest when `version` is None), or 404.

    `hasta` is «T2», «t2» or «2», nothing else: each spelling is a page of its own in the
    public cache, so their number stays bounded.
    """
    coincide = re.fullmatch(r"[Tt]?([1-9])", hasta)
    if not coincide:
        raise Http404("No existe ese corte.")
    numero = int(coincide[1])
    qs = InformePublicado.objects.select_related("ejercicio", "hasta").filter(
        ejercicio__municipio=municipio, ejercicio__anio=anio, hasta__numero=numero
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
