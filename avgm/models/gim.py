"""The GIM's valoración: its own record, never derived from fichas (the evaluation logic
lives in `informes.gim`; these models sit here because the catalog import reads them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from avgm.models.catalogo import Recomendacion
from avgm.models.municipio import Municipio, municipio_unico_id
from avgm.texto import TextoCorto, TextoLargo


def ruta_evaluacion_gim(instance: EvaluacionGIM, filename: str) -> str:
    return f"gim/evaluacion-{instance.fecha:%Y%m%d}-{instance.pk or 'nueva'}.pdf"


class EvaluacionGIM(models.Model):
    """One evaluation of the alert by the Grupo Interinstitucional y Multidisciplinario.

    Entered by analistas (form or the import's «Valoración GIM» sheet). Its PDF lives under
    MEDIA_ROOT and is served only through a view that checks the reader's capability.
    """

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="evaluaciones_gim",
        default=municipio_unico_id,
    )
    fecha = models.DateField("fecha de la evaluación")
    referencia = TextoCorto(
        "referencia del documento",
        max_length=200,
        help_text="Número u oficio del documento del GIM, p. ej. «Primer Informe de la AVGM».",
    )
    documento = models.FileField(
        "documento (PDF)", upload_to=ruta_evaluacion_gim, blank=True, max_length=300
    )
    registrada_en = models.DateTimeField("registrada", auto_now_add=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "evaluación del GIM"
        verbose_name_plural = "evaluaciones del GIM"
        ordering = ["-fecha", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "referencia"],
                name="evaluacion_gim_referencia_unica",
                violation_error_message="Ya hay una evaluación con esa referencia.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referencia} ({self.fecha:%d/%m/%Y})"


class ValoracionGIM(models.Model):
    """The GIM's valoración of one recomendación in one evaluation."""

    class Valor(models.TextChoices):
        CUMPLIDA = "cumplida", "Cumplida"
        EN_PROCESO = "en_proceso", "En proceso de cumplimiento"
        PARCIAL = "parcial", "Parcialmente cumplida"
        NO_CUMPLIDA = "no_cumplida", "No cumplida"
        SIN_VALORACION = "sin_valoracion", "Sin valoración"

    evaluacion = models.ForeignKey(
        EvaluacionGIM, on_delete=models.PROTECT, related_name="valoraciones"
    )
    recomendacion = models.ForeignKey(
        Recomendacion, on_delete=models.PROTECT, related_name="valoraciones_gim"
    )
    valoracion = models.CharField(
        "valoración", max_length=20, choices=Valor.choices, default=Valor.SIN_VALORACION
    )
    comentario = TextoLargo("comentario", blank=True)

    class Meta:
        verbose_name = "valoración del GIM"
        verbose_name_plural = "valoraciones del GIM"
        ordering = ["evaluacion", "recomendacion__orden", "recomendacion__clave"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluacion", "recomendacion"],
                name="valoracion_gim_unica",
                violation_error_message="Esa recomendación ya tiene valoración en esta evaluación.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recomendacion.clave}: {self.get_valoracion_display()}"
