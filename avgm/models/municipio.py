"""The municipio: the unit of seguimiento under the alert.

One declaratoria (its recomendaciones and catalogs) is shared by every municipio under the
alert; each municipio runs its own seguimiento: its institution's identity, dependencias and
their enlaces, ejercicios with their periodos and deadlines, metas, fichas, narratives,
publications, planning rounds, GIM evaluations and micrositio pages. Every one of those rows
reaches its municipio through `Ejercicio.municipio` or `Dependencia.municipio`; the one place
that narrows what a user sees to its municipio is `avgm.plataforma.municipios`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from avgm.models.plataforma import Institucion
from avgm.texto import TextoCorto, sin_formula

# What every page, PDF and workbook of a made-up municipio (`Municipio.demostracion`) says.
AVISO_DEMOSTRACION = "Municipio de demostración: datos inventados"


def municipio_unico_id() -> int | None:
    """Default of every row that belongs to a municipio: the deployment's only municipio. With
    several there is no default, so a row nobody placed fails to save instead of landing in
    the wrong municipio."""
    unico = Municipio.objects.unico()
    return unico.pk if unico else None


class MunicipioQuerySet(models.QuerySet):
    def unico(self) -> Municipio | None:
        """The municipio of a deployment that has exactly one, else None. Two queries at most
        (a deployment with one municipio looks as if there were no others)."""
        primeros = list(self.order_by("orden", "pk")[:2])
        return primeros[0] if len(primeros) == 1 else None


class Municipio(models.Model):
    """A municipality under the alert that runs its own seguimiento."""

    nombre = TextoCorto(
        "nombre",
        max_length=120,
        unique=True,
        validators=[sin_formula],
        help_text="Como lo nombra la declaratoria, p. ej. «Juárez».",
    )
    clave = models.SlugField(
        "clave",
        max_length=40,
        unique=True,
        help_text="Para las direcciones del micrositio, p. ej. «juarez». No cambia una vez publicado.",
    )
    institucion = models.OneToOneField(
        Institucion,
        on_delete=models.PROTECT,
        related_name="municipio_de_seguimiento",
        verbose_name="institución",
    )
    demostracion = models.BooleanField(
        "de demostración",
        default=False,
        help_text="Datos inventados: cada página y PDF lo dicen.",
    )
    orden = models.PositiveSmallIntegerField("orden", default=0)

    objects = MunicipioQuerySet.as_manager()

    class Meta:
        verbose_name = "municipio"
        verbose_name_plural = "municipios"
        ordering = ["orden", "nombre"]

    def __str__(self) -> str:
        return self.nombre


class Adscripcion(models.Model):
    """The municipio a person works for. Analistas, directivos and enlaces see only their
    municipio's seguimiento; the Coordinación estatal reads every municipio and needs none.

    A deployment with one municipio needs no adscripción: everyone belongs to it."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="adscripcion",
        verbose_name="usuario",
    )
    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="adscripciones")

    class Meta:
        verbose_name = "adscripción"
        verbose_name_plural = "adscripciones"

    def __str__(self) -> str:
        return f"{self.usuario} · {self.municipio}"
