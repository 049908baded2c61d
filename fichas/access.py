"""Who may see and change which ficha or evidence, built on dependencias.access.

Every view reads fichas and evidence through these getters: outside a user's dependencias
the answer is 404 (existence not revealed).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from avgm.plataforma import roles
from avgm.plataforma.municipios import municipio_de
from dependencias.access import dependencia_ids_de_enlace, puede_capturar
from fichas.models import Evidencia, FichaTecnica, Observacion
from fichas.workflow import ESTADOS_EDITABLES


def fichas_visibles(user) -> QuerySet[FichaTecnica]:
    """The fichas of the user's municipio (LEER_TODO) or of its active enlaces' dependencias."""
    if roles.puede(user, roles.LEER_TODO):
        municipio = municipio_de(user)
        return FichaTecnica.objects.filter(
            meta__dependencia__municipio_id=municipio.pk if municipio else None
        )
    return FichaTecnica.objects.filter(meta__dependencia_id__in=dependencia_ids_de_enlace(user))


def puede_editar(user, ficha: FichaTecnica) -> bool:
    """An active enlace of the dependencia, the ficha editable and its periodo open (asked
    in that order of cost: a ficha under review needs no look at the user's dependencias)."""
    return (
        ficha.estado in ESTADOS_EDITABLES
        and not ficha.periodo.cerrado
        and puede_capturar(user, ficha.meta.dependencia_id)
    )


def get_ficha_for_user(user, pk: int) -> tuple[FichaTecnica, bool]:
    """The ficha if `user` may see it (404 otherwise) and whether it may edit it now.

    Joined to what its pages read; the meta's ejercicio is the periodo's (a ficha is always
    of a periodo of its meta's ejercicio), so it is joined once, through the periodo, and
    given to the meta."""
    try:
        ficha = (
            fichas_visibles(user)
            .select_related("meta__dependencia", "meta__tipo_accion", "periodo__ejercicio")
            .get(pk=pk)
        )
    except FichaTecnica.DoesNotExist as exc:
        raise Http404("No existe esa ficha.") from exc
    if ficha.meta.ejercicio_id == ficha.periodo.ejercicio_id:
        ficha.meta.ejercicio = ficha.periodo.ejercicio
    return ficha, puede_editar(user, ficha)


def get_evidencia_for_user(user, pk: int) -> tuple[Evidencia, bool]:
    """The evidence if `user` may see its ficha (404 otherwise) and whether it may withdraw it."""
    try:
        evidencia = (
            Evidencia.objects.filter(ficha__in=fichas_visibles(user))
            .select_related("ficha__meta__dependencia", "ficha__periodo__ejercicio")
            .get(pk=pk)
        )
    except Evidencia.DoesNotExist as exc:
        raise Http404("No existe esa evidencia.") from exc
    return evidencia, puede_editar(user, evidencia.ficha) and evidencia.retirada_en is None


def puede_descargar(user, evidencia: Evidencia) -> bool:
    """Whether `user` (who already sees the ficha) may open the evidence's content.

    Evidence with personal data is need-to-know: only the dependencia's active enlaces and
    the analistas open it; anyone else who sees the ficha only learns that it exists.
    """
    if not evidencia.contiene_datos_personales:
        return True
    return roles.puede(user, roles.REVISAR) or puede_capturar(
        user, evidencia.ficha.meta.dependencia_id
    )


NEGADO_DATOS_PERSONALES = (
    "Esta evidencia contiene datos personales: solo la abren los enlaces de la dependencia "
    "y el personal analista del IMM."
)


def get_observacion_for_user(user, pk: int) -> tuple[Observacion, bool]:
    """The observación if `user` may see its ficha (404 otherwise) and whether it may answer."""
    try:
        observacion = (
            Observacion.objects.filter(ficha__in=fichas_visibles(user))
            .select_related("codigo", "ficha__meta__dependencia", "ficha__periodo__ejercicio")
            .get(pk=pk)
        )
    except Observacion.DoesNotExist as exc:
        raise Http404("No existe esa observación.") from exc
    return observacion, puede_editar(user, observacion.ficha)
