"""A render of a corte's report (draft PDF, draft Excel, or a publication) done by the worker,
or of the state corte's PDF (`anio` and `trimestre` instead of one municipio's ejercicio).

One row per (corte, format, data version): a second request for the same draft finds the same
row and waits for it instead of starting another render. A change of the data revision gives a
new key, so an obsolete render is never served. The files live in the render cache directory
(`AVGM_CACHE_INFORMES`); they are a cache, not records.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from avgm.models import Ejercicio, Periodo
from avgm.texto import TextoLargo


def directorio_renders() -> Path:
    return Path(settings.AVGM_CACHE_INFORMES)


class Render(models.Model):
    class Formato(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"
        PUBLICACION = "publicacion", "publicación"

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "En espera"
        EN_CURSO = "en_curso", "Generándose"
        LISTA = "lista", "Listo"
        ERROR = "error", "Falló"

    # A render is bookkeeping of the worker, not report data: it never bumps the revision.
    _sin_revision = True

    # One municipio's corte; both empty in a render of the state corte, which names its cut.
    ejercicio = models.ForeignKey(Ejercicio, on_delete=models.PROTECT, related_name="+", null=True)
    hasta = models.ForeignKey(Periodo, on_delete=models.PROTECT, related_name="+", null=True)
    anio = models.PositiveSmallIntegerField("año del corte estatal", null=True)
    trimestre = models.PositiveSmallIntegerField("trimestre del corte estatal", null=True)
    formato = models.CharField(max_length=12, choices=Formato.choices)
    version = models.CharField(
        "versión de los datos",
        max_length=64,
        help_text="informes.salidas.reporte.version_de_datos (la revisión de datos y los ajustes "
        "que imprime el informe); en una publicación, además, el número de versión; en el corte "
        "estatal, lo que imprime (informes.estatal.renders.clave).",
    )
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    archivo = models.CharField(
        "archivo", max_length=200, blank=True, help_text="Nombre en el directorio de renders."
    )
    error = TextoLargo(blank=True)
    tarea_id = models.CharField("tarea", max_length=64, blank=True)
    solicitado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    errata = TextoLargo("fe de erratas", blank=True)
    informe = models.ForeignKey(
        "informes.InformePublicado", on_delete=models.PROTECT, related_name="+", null=True
    )
    solicitado_en = models.DateTimeField(auto_now_add=True)
    iniciado_en = models.DateTimeField(null=True)
    terminado_en = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "render del informe"
        verbose_name_plural = "renders del informe"
        constraints = [
            models.UniqueConstraint(
                fields=["ejercicio", "hasta", "formato", "version"],
                name="render_unico_por_datos",
                violation_error_message="Ese archivo ya se está generando con los mismos datos.",
            ),
            models.UniqueConstraint(
                fields=["anio", "trimestre", "formato", "version"],
                condition=models.Q(ejercicio__isnull=True),
                name="render_estatal_unico_por_datos",
                violation_error_message="Ese archivo ya se está generando con los mismos datos.",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    ejercicio__isnull=False,
                    hasta__isnull=False,
                    anio__isnull=True,
                    trimestre__isnull=True,
                )
                | models.Q(
                    ejercicio__isnull=True,
                    hasta__isnull=True,
                    anio__isnull=False,
                    trimestre__isnull=False,
                ),
                name="render_de_un_corte_o_del_estatal",
                violation_error_message="Un archivo es del informe de un municipio o del corte estatal, no de ambos.",
            ),
        ]

    def __str__(self) -> str:
        corte = (
            f"estatal {self.anio}/T{self.trimestre}"
            if self.estatal
            else (f"{self.ejercicio_id}/{self.hasta_id}")
        )
        return f"{self.get_formato_display()} {corte} ({self.estado})"

    @property
    def estatal(self) -> bool:
        """A render of the state corte (every municipio's published versions)."""
        return self.ejercicio_id is None

    @property
    def ruta(self) -> Path | None:
        return directorio_renders() / self.archivo if self.archivo else None

    @property
    def disponible(self) -> bool:
        """Ready, and its file still on disk."""
        return self.estado == self.Estado.LISTA and (
            self.formato == self.Formato.PUBLICACION or bool(self.ruta and self.ruta.exists())
        )

    @property
    def en_espera(self) -> bool:
        return self.estado in (self.Estado.PENDIENTE, self.Estado.EN_CURSO)
