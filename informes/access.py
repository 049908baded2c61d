"""Who may see what of the Informe de corte: the one place that scopes it to a user.

Everything of a report hangs from one municipio's ejercicio (its cortes, narrative, published
versions and renders) or names its municipio (the GIM's evaluations): a user reads only the
municipio it works in (`avgm.plataforma.municipios.municipio_de`), and anything of another
municipio answers 404, so its existence is not revealed.

The Coordinación estatal reads a municipio's report as a directivo does, except its narrative
while it is a draft: that text is the municipio's own until it publishes it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from avgm.models import EvaluacionGIM, Municipio, Periodo
from avgm.plataforma import roles
from avgm.plataforma.municipios import municipio_de
from informes.cifras.corte import Corte
from informes.estatal import access as acceso_estatal
from informes.modelos_render import Render
from informes.models import SECCIONES_NARRATIVA, InformePublicado

# What a reader who may not see a draft's narrative reads in each of its sections.
NARRATIVA_SIN_PUBLICAR = "Narrativa sin publicar"


def municipio(user) -> Municipio:
    """The municipio whose report `user` reads (404 for someone who works in none)."""
    m = municipio_de(user)
    if m is None:
        raise Http404("No existe ese informe.")
    return m


def corte_de(user, anio: int, hasta: str) -> Corte:
    """The corte of `user`'s municipio of year `anio` up to `hasta` (404 otherwise)."""
    try:
        return Corte.buscar(anio, hasta, municipio(user))
    except (Periodo.DoesNotExist, ValueError) as exc:
        raise Http404("No existe ese corte.") from exc


def periodos_visibles(user) -> QuerySet[Periodo]:
    return Periodo.objects.filter(ejercicio__municipio=municipio_de(user))


def publicados_visibles(user) -> QuerySet[InformePublicado]:
    return InformePublicado.objects.filter(ejercicio__municipio=municipio_de(user))


def renders_visibles(user) -> QuerySet[Render]:
    """Its municipio's renders, and the state corte's for whoever reads the state corte."""
    visibles = Q(ejercicio__municipio=municipio_de(user), ejercicio__isnull=False)
    if acceso_estatal.puede_leer(user):
        visibles |= Q(ejercicio__isnull=True)
    return Render.objects.filter(visibles)


def evaluaciones_visibles(user) -> QuerySet[EvaluacionGIM]:
    m = municipio_de(user)
    return EvaluacionGIM.objects.filter(municipio=m) if m else EvaluacionGIM.objects.none()


def _obtener(queryset: QuerySet, pk: int, mensaje: str):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404(mensaje) from exc


def publicado_de(user, pk: int) -> InformePublicado:
    qs = publicados_visibles(user).select_related("ejercicio__municipio", "hasta", "publicado_por")
    return _obtener(qs, pk, "No existe esa versión.")


def render_de(user, pk: int) -> Render:
    qs = renders_visibles(user).select_related("ejercicio__municipio", "hasta", "informe")
    return _obtener(qs, pk, "No existe ese archivo.")


def evaluacion_de(user, pk: int) -> EvaluacionGIM:
    return _obtener(evaluaciones_visibles(user), pk, "No existe esa evaluación.")


def ve_narrativa_sin_publicar(user) -> bool:
    """Whether `user` reads a corte's narrative before it is published: everyone who reads the
    report, except the Coordinación estatal (it reads only what a municipio published).
    Whoever writes and publishes narratives reads them, whatever else it may do."""
    return roles.puede(user, roles.PUBLICAR) or not roles.puede(user, roles.LEER_ESTADO)


def textos_sin_publicar() -> dict[str, str]:
    """The draft narrative as a reader who may not see it gets it: every section says so."""
    return {campo: NARRATIVA_SIN_PUBLICAR for campo, _titulo in SECCIONES_NARRATIVA}
