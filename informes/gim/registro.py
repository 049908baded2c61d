"""Recording a GIM evaluation and its valoraciones (analistas, capability REVISAR).

One atomic function per step, like the ficha workflow: it checks the capability, writes,
and records the change in the bitácora with each changed valoración before → after.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from avgm.models import EvaluacionGIM, Recomendacion, ValoracionGIM
from avgm.numeros import entero
from avgm.plataforma import bitacora, roles
from avgm.texto import limpiar_texto

TAMANO_MAXIMO_PDF = 20 * 1024 * 1024


def _estado(evaluacion: EvaluacionGIM) -> dict[str, dict]:
    return {
        v.recomendacion.clave: {"valoracion": v.valoracion, "comentario": v.comentario}
        for v in evaluacion.valoraciones.select_related("recomendacion")
    }


@transaction.atomic
def evaluacion_gim_guardar(
    *,
    usuario,
    evaluacion: EvaluacionGIM,
    valoraciones: dict[int, tuple[str, str]],
    documento=None,
) -> EvaluacionGIM:
    """Save `evaluacion` (new or edited) and its valoraciones {recomendacion_pk: (valor, comentario)}.

    A recomendación left «sin valoración» with no comment is not stored (nothing to say); one
    that had a valoración keeps its row, set to «sin valoración». Nothing is deleted.
    """
    if not roles.puede(usuario, roles.REVISAR):
        raise PermissionDenied("Solo analistas registran la valoración del GIM.")
    nueva = evaluacion.pk is None
    antes = {} if nueva else _estado(evaluacion)
    if nueva:
        evaluacion.registrada_por = usuario
    evaluacion.referencia = limpiar_texto(evaluacion.referencia).strip()
    evaluacion.save()
    if documento is not None:
        evaluacion.documento.save("evaluacion.pdf", documento, save=True)
    existentes = {v.recomendacion_id: v for v in evaluacion.valoraciones.all()}
    for rec_id, (valor, comentario) in valoraciones.items():
        comentario = limpiar_texto(comentario or "").strip()
        actual = existentes.get(rec_id)
        if actual is None:
            if valor == ValoracionGIM.Valor.SIN_VALORACION and not comentario:
                continue
            ValoracionGIM.objects.create(
                evaluacion=evaluacion, recomendacion_id=rec_id, valoracion=valor,
                comentario=comentario,
            )  # fmt: skip
        elif (actual.valoracion, actual.comentario) != (valor, comentario):
            actual.valoracion, actual.comentario = valor, comentario
            actual.save(update_fields=["valoracion", "comentario"])
    despues = _estado(evaluacion)
    cambiadas = sorted(k for k in set(antes) | set(despues) if antes.get(k) != despues.get(k))
    bitacora.registrar(
        bitacora.Tipo.VALORACION_GIM,
        usuario=usuario,
        descripcion=f"Evaluación del GIM «{evaluacion.referencia}» "
        + ("registrada" if nueva else "modificada")
        + f" ({entero(len(cambiadas))} valoraciones cambiadas)",
        objeto=evaluacion,
        antes={k: antes.get(k) for k in cambiadas},
        despues={k: despues.get(k) for k in cambiadas},
        detalle={"fecha": evaluacion.fecha.isoformat(), "referencia": evaluacion.referencia},
    )
    return evaluacion


def recomendaciones_a_valorar(municipio):
    """Every recomendación of the catalog that applies to `municipio`, in the declaratoria's
    order."""
    return Recomendacion.objects.de_municipio(municipio).order_by("orden", "clave")
