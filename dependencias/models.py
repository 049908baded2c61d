"""Dependencias, their enlaces, and the metas they program with their quarterly quantities."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from avgm.models import Ejercicio, Periodo, Recomendacion
from avgm.texto import TextoCorto, TextoLargo


class Dependencia(models.Model):
    """A municipal dependencia that answers the AVGM with metas."""

    siglas = TextoCorto("siglas", max_length=40, unique=True)
    nombre = TextoCorto("nombre", max_length=200)
    titular = TextoCorto("titular", max_length=200, blank=True)
    titular_email = models.EmailField("correo del titular", blank=True)
    activa = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        ordering = ["siglas"]

    def __str__(self) -> str:
        return self.siglas


class EnlaceQuerySet(models.QuerySet):
    def activos(self) -> EnlaceQuerySet:
        return self.filter(activo=True, usuario__is_active=True)


class Enlace(models.Model):
    """A user acting as liaison of a dependencia; kept when it ends, so history shows who was."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enlaces"
    )
    dependencia = models.ForeignKey(Dependencia, on_delete=models.PROTECT, related_name="enlaces")
    activo = models.BooleanField("activo", default=True)
    desde = models.DateField("desde", auto_now_add=True)
    hasta = models.DateField("hasta", null=True, blank=True)

    objects = EnlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "enlace"
        verbose_name_plural = "enlaces"
        ordering = ["dependencia__siglas", "-activo", "usuario__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "dependencia"],
                condition=Q(activo=True),
                name="enlace_activo_unico",
                violation_error_message="Esa persona ya es enlace activo de la dependencia.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usuario} — {self.dependencia}"


class TipoAccion(models.Model):
    """A kind of action (capacitación, campaña, atención, ...) with the evidence it expects."""

    nombre = TextoCorto("nombre", max_length=120, unique=True)
    medios_verificacion = TextoLargo(
        "medios de verificación esperados",
        blank=True,
        help_text="Uno por línea, p. ej. «Lista de asistencia».",
    )
    orden = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        verbose_name = "tipo de acción"
        verbose_name_plural = "tipos de acción"
        ordering = ["orden", "nombre"]

    def __str__(self) -> str:
        return self.nombre

    @property
    def medios_lista(self) -> list[str]:
        return [line.strip() for line in self.medios_verificacion.splitlines() if line.strip()]


class MetaQuerySet(models.QuerySet):
    def del_ejercicio(self, ejercicio: Ejercicio) -> MetaQuerySet:
        return self.filter(ejercicio=ejercicio, activa=True)


class Meta(models.Model):
    """A goal a dependencia programs for an ejercicio, answering one or more recomendaciones."""

    ejercicio = models.ForeignKey(Ejercicio, on_delete=models.PROTECT, related_name="metas")
    dependencia = models.ForeignKey(Dependencia, on_delete=models.PROTECT, related_name="metas")
    clave = TextoCorto("clave", max_length=40)
    descripcion = TextoLargo("meta")
    linea_accion = TextoLargo("línea de acción", blank=True)
    tipo_accion = models.ForeignKey(
        TipoAccion,
        on_delete=models.PROTECT,
        related_name="metas",
        null=True,
        blank=True,
        verbose_name="tipo de acción",
    )
    unidad_medida = TextoCorto("unidad de medida", max_length=120, blank=True)
    recomendaciones = models.ManyToManyField(
        Recomendacion, related_name="metas", blank=True, verbose_name="recomendaciones que atiende"
    )
    activa = models.BooleanField(
        "activa", default=True, help_text="Las metas se retiran, nunca se borran."
    )

    objects = MetaQuerySet.as_manager()

    class Meta:
        verbose_name = "meta"
        verbose_name_plural = "metas"
        ordering = ["ejercicio__anio", "dependencia__siglas", "clave"]
        constraints = [
            models.UniqueConstraint(
                fields=["ejercicio", "clave"],
                name="meta_clave_unica_por_ejercicio",
                violation_error_message="Ya existe una meta con esa clave en el ejercicio.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clave} {self.descripcion[:80]}"


class Programacion(models.Model):
    """The quantity of a meta programmed for one periodo."""

    meta = models.ForeignKey(Meta, on_delete=models.CASCADE, related_name="programacion")
    periodo = models.ForeignKey(Periodo, on_delete=models.PROTECT, related_name="programacion")
    cantidad = models.PositiveIntegerField("cantidad programada", default=0)

    class Meta:
        verbose_name = "programación"
        verbose_name_plural = "programación"
        ordering = ["periodo__numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["meta", "periodo"],
                name="programacion_unica",
                violation_error_message="La meta ya tiene programación en ese trimestre.",
            ),
            models.CheckConstraint(
                name="programacion_no_negativa",
                violation_error_message="La cantidad programada no puede ser negativa.",
                condition=Q(cantidad__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meta.clave} {self.periodo.clave}: {self.cantidad}"

    def clean(self) -> None:
        if self.meta_id and self.periodo_id and self.periodo.ejercicio_id != self.meta.ejercicio_id:
            raise ValidationError(
                {"periodo": "El periodo debe ser del mismo ejercicio que la meta."},
                code="periodo_de_otro_ejercicio",
            )
