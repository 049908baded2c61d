"""The narrative IMM staff write per corte, and the frozen published versions of a report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from avgm.models import Ejercicio, Periodo
from avgm.texto import TextoLargo

# The narrative sections of the report, in the seed's order: (field, title).
SECCIONES_NARRATIVA = [
    ("principales", "Principales recomendaciones atendidas"),
    ("valoracion_gim", "Primer Informe de la AVGM: valoración del GIM"),
    ("areas_deficientes", "Áreas deficientes"),
    ("recomendaciones", "Recomendaciones"),
    ("compromisos", "Compromisos"),
]


class NarrativaCorte(models.Model):
    """The text sections analistas write for one corte; one item per line. Never a figure."""

    ejercicio = models.ForeignKey(Ejercicio, on_delete=models.PROTECT, related_name="+")
    hasta = models.ForeignKey(
        Periodo, on_delete=models.PROTECT, related_name="+", verbose_name="hasta el periodo"
    )
    principales = TextoLargo("principales recomendaciones atendidas", blank=True)
    valoracion_gim = TextoLargo(
        "valoración del GIM (lectura del IMM)",
        blank=True,
        help_text="Lectura del IMM sobre la evaluación del GIM; la valoración misma se captura "
        "aparte, por recomendación.",
    )
    areas_deficientes = TextoLargo("áreas deficientes", blank=True)
    recomendaciones = TextoLargo("recomendaciones (con las dependencias responsables)", blank=True)
    compromisos = TextoLargo("compromisos", blank=True)
    actualizada_en = models.DateTimeField("actualizada", auto_now=True)
    actualizada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = "narrativa del corte"
        verbose_name_plural = "narrativas de corte"
        constraints = [
            models.UniqueConstraint(
                fields=["ejercicio", "hasta"],
                name="narrativa_unica_por_corte",
                violation_error_message="El corte ya tiene su narrativa.",
            )
        ]

    def __str__(self) -> str:
        return f"Narrativa {self.ejercicio.anio} hasta {self.hasta.clave}"

    def como_dict(self) -> dict[str, str]:
        return {campo: getattr(self, campo) for campo, _titulo in SECCIONES_NARRATIVA}


def ruta_informe(instance: InformePublicado, filename: str) -> str:
    """informes/<municipio>/<año>/corte-<año>-T<n>-v<versión>.<ext>: one name per version, in
    its municipio's folder (two municipios publish the same cut under the same file name)."""
    extension = filename.rsplit(".", 1)[-1]
    ejercicio = instance.ejercicio
    return (
        f"informes/{ejercicio.municipio.clave}/{ejercicio.anio}/corte-{ejercicio.anio}-"
        f"{instance.hasta.clave}-v{instance.version}.{extension}"
    )


class InformePublicadoQuerySet(models.QuerySet):
    def del_corte(self, ejercicio_id: int, hasta_id: int) -> InformePublicadoQuerySet:
        return self.filter(ejercicio_id=ejercicio_id, hasta_id=hasta_id)


class InformePublicado(models.Model):
    """A published version of the Informe de corte: figures, narrative and PDF, frozen.

    A correction is a new version with an errata note; earlier versions stay downloadable.
    Rows are never updated after publishing nor deleted.
    """

    ejercicio = models.ForeignKey(Ejercicio, on_delete=models.PROTECT, related_name="+")
    hasta = models.ForeignKey(
        Periodo, on_delete=models.PROTECT, related_name="+", verbose_name="hasta el periodo"
    )
    version = models.PositiveSmallIntegerField("versión")
    figuras = models.JSONField("cifras")
    narrativa = models.JSONField("narrativa", default=dict)
    pdf = models.FileField("PDF", upload_to=ruta_informe, max_length=300)
    sha256 = models.CharField("SHA-256 del PDF", max_length=64)
    paginas = models.PositiveSmallIntegerField("páginas", default=0)
    xlsx = models.FileField("Excel", upload_to=ruta_informe, max_length=300, blank=True)
    # Who signed the PDF and with which certificate (informes.salidas.firma.datos_de_firma);
    # empty when it was published unsigned (no certificate configured).
    firma = models.JSONField("firma digital", default=dict, blank=True)
    errata = TextoLargo("fe de erratas", blank=True)
    publicado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    publicado_en = models.DateTimeField("publicado")

    objects = InformePublicadoQuerySet.as_manager()

    class Meta:
        verbose_name = "informe publicado"
        verbose_name_plural = "informes publicados"
        ordering = ["-ejercicio__anio", "-hasta__numero", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["ejercicio", "hasta", "version"],
                name="informe_version_unica",
                violation_error_message="Esa versión del informe ya se publicó.",
            ),
            models.CheckConstraint(
                name="informe_correccion_con_errata",
                condition=Q(version=1) | ~Q(errata=""),
                violation_error_message="Una corrección necesita su fe de erratas.",
            ),
        ]

    def __str__(self) -> str:
        return f"Informe {self.etiqueta} v{self.version}"

    @property
    def etiqueta(self) -> str:
        return self.figuras.get("corte", {}).get("etiqueta", "")


from informes.modelos_render import Render  # noqa: E402, F401 - the worker's renders
