"""Demo GIM evaluations of the 2022 recomendaciones: plausible, varied, some disagreeing with
the municipal seguimiento, and a later dictamen that re-values a few (the latest counts).

Chosen by a fixed pattern over the declaratoria's order, never read from the fichas: the
GIM's valoración is independent of the municipal figures by definition.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from avgm.models import EvaluacionGIM, Recomendacion, ValoracionGIM
from demo import ambito
from informes.gim.registro import evaluacion_gim_guardar

V = ValoracionGIM.Valor
PRIMERA = "Primer Informe del GIM sobre la AVGM en Juárez"
SEGUNDA = "Dictamen de seguimiento del GIM, oficio GIM/AVGM/027/2022"
PESOS = [
    (V.EN_PROCESO, 40), (V.PARCIAL, 20), (V.CUMPLIDA, 14), (V.NO_CUMPLIDA, 16),
    (V.SIN_VALORACION, 10),
]  # fmt: skip
COMENTARIOS = {
    V.CUMPLIDA: "Se acreditó con evidencia documental suficiente.",
    V.EN_PROCESO: "Hay acciones iniciadas; falta acreditar resultados.",
    V.PARCIAL: "Se atendió en parte; faltan componentes de la recomendación.",
    V.NO_CUMPLIDA: "No se presentó evidencia de atención.",
    V.SIN_VALORACION: "",
}


@transaction.atomic
def cargar_gim() -> bool:
    """Record the two demo evaluations once (as the demo analista); True when created."""
    if EvaluacionGIM.objects.filter(referencia=PRIMERA).exists():
        return False
    analista = get_user_model().objects.get(username="analista")
    juarez = ambito.juarez()
    rng = random.Random(2022)
    recs = list(Recomendacion.objects.vigentes_en(2022).order_by("orden", "clave"))
    valores, pesos = zip(*PESOS, strict=True)
    primera = {}
    for rec in recs:
        valor = rng.choices(valores, pesos)[0]
        primera[rec.pk] = (valor, COMENTARIOS[valor])
    evaluacion_gim_guardar(
        usuario=analista,
        evaluacion=EvaluacionGIM(
            municipio=juarez, fecha=datetime.date(2022, 8, 15), referencia=PRIMERA
        ),
        valoraciones=primera,
    )
    # The later dictamen re-values ten recomendaciones; for them it is the one that counts.
    segunda = {}
    for rec in rng.sample(recs, 10):
        valor = rng.choice([V.CUMPLIDA, V.PARCIAL, V.NO_CUMPLIDA])
        segunda[rec.pk] = (valor, "Revalorada en el dictamen de seguimiento. " + COMENTARIOS[valor])
    evaluacion_gim_guardar(
        usuario=analista,
        evaluacion=EvaluacionGIM(
            municipio=juarez, fecha=datetime.date(2022, 11, 30), referencia=SEGUNDA
        ),
        valoraciones=segunda,
    )
    return True
