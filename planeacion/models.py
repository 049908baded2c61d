"""The planning round of an ejercicio and the metas dependencias propose for it.

Its tables keep the names they had when planning lived inside `informes` (`informes_*`), so
moving the app moved no data. A proposal agreed by the IMM becomes an official
`dependencias.Meta` of the ejercicio with its programación.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import capfirst

from avgm import numeros
from avgm.models import Ejercicio, Recomendacion
from avgm.texto import TextoCorto, TextoLargo
from dependencias.models import Dependencia, Meta, TipoAccion
from fichas.models import CodigoObservacion

# The fields of a proposal the enlace fills (order = form order); observaciones pin to them.
CAMPOS_PROPUESTA = [
    "descripcion",
    "linea_accion",
    "tipo_accion",
    "unidad_medida",
    "recomendaciones",
    "t1",
    "t2",
    "t3",
    "t4",
]


def etiqueta_campo(campo: str) -> str:
    """A proposal field as the pages show it: «Programado T1», «Recomendaciones que atiende»."""
    return capfirst(str(PropuestaMeta._meta.get_field(campo).verbose_name))


def valor_campo_propuesta(campo: str, texto: str) -> str:
    """A value a proposal's history kept as text, as the pages write it: the programmed
    quantities the Mexican way (1,500), any other text as it is."""
    if campo in ("t1", "t2", "t3", "t4"):
        return numeros.cifra_texto(texto)
    return texto


class RondaPlaneacion(models.Model):
    """The planning of one ejercicio: opened by an analista with a deadline."""

    ejercicio = models.OneToOneField(
        Ejercicio, on_delete=models.PROTECT, related_name="ronda_planeacion"
    )
    fecha_limite = models.DateField("fecha límite de propuestas")
    abierta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    abierta_en = models.DateTimeField("abierta", auto_now_add=True)

    class Meta:
        verbose_name = "ronda de planeación"
        verbose_name_plural = "rondas de planeación"
        db_table = "informes_rondaplaneacion"
        ordering = ["-ejercicio__anio"]

    def __str__(self) -> str:
        return f"Planeación {self.ejercicio.anio}"

    @property
    def anio(self) -> int:
        return self.ejercicio.anio


class PropuestaMetaQuerySet(models.QuerySet):
    def vigentes(self) -> PropuestaMetaQuerySet:
        """Every proposal but the withdrawn ones."""
        return self.exclude(estado=PropuestaMeta.Estado.RETIRADA)

    def ante_el_imm(self) -> PropuestaMetaQuerySet:
        """Submitted at least once and not withdrawn: what the IMM sees of the planning."""
        return self.exclude(
            estado__in=[PropuestaMeta.Estado.BORRADOR, PropuestaMeta.Estado.RETIRADA]
        )


class PropuestaMeta(models.Model):
    """A meta a dependencia proposes for the round's ejercicio, until the IMM agrees it."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        ENVIADA = "enviada", "Enviada al IMM"
        DEVUELTA = "devuelta", "Devuelta con observaciones"
        ACORDADA = "acordada", "Acordada"
        RETIRADA = "retirada", "Retirada"

    # While the enlace still edits and sends it.
    ESTADOS_EDITABLES = frozenset({Estado.BORRADOR, Estado.DEVUELTA})

    ronda = models.ForeignKey(RondaPlaneacion, on_delete=models.PROTECT, related_name="propuestas")
    dependencia = models.ForeignKey(Dependencia, on_delete=models.PROTECT, related_name="+")
    origen = models.ForeignKey(
        Meta,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="meta del año anterior",
    )
    estado = models.CharField(
        "estado", max_length=12, choices=Estado.choices, default=Estado.BORRADOR, db_index=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    descripcion = TextoLargo("meta")
    linea_accion = TextoLargo("línea de acción", blank=True)
    tipo_accion = models.ForeignKey(
        TipoAccion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="tipo de acción",
    )
    unidad_medida = TextoCorto("unidad de medida", max_length=120, blank=True)
    recomendaciones = models.ManyToManyField(
        Recomendacion, related_name="+", blank=True, verbose_name="recomendaciones que atiende"
    )
    t1 = models.PositiveIntegerField("programado T1", default=0)
    t2 = models.PositiveIntegerField("programado T2", default=0)
    t3 = models.PositiveIntegerField("programado T3", default=0)
    t4 = models.PositiveIntegerField("programado T4", default=0)

    propuesta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creada_en = models.DateTimeField("creada", auto_now_add=True)
    enviada_en = models.DateTimeField("enviada", null=True, blank=True)
    acordada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acordada_en = models.DateTimeField("acordada", null=True, blank=True)
    meta = models.OneToOneField(
        Meta,
        on_delete=models.PROTECT,
        related_name="propuesta",
        null=True,
        blank=True,
        verbose_name="meta oficial",
    )

    objects = PropuestaMetaQuerySet.as_manager()

    class Meta:
        verbose_name = "propuesta de meta"
        verbose_name_plural = "propuestas de metas"
        db_table = "informes_propuestameta"
        ordering = ["ronda", "dependencia__siglas", "pk"]

    def __str__(self) -> str:
        return f"Propuesta {self.pk} {self.dependencia.siglas}: {self.descripcion[:60]}"

    @property
    def editable(self) -> bool:
        return self.estado in self.ESTADOS_EDITABLES

    @property
    def programacion(self) -> list[int]:
        return [self.t1, self.t2, self.t3, self.t4]

    @property
    def total(self) -> int:
        return sum(self.programacion)


class HistorialPropuesta(models.Model):
    """One event of a proposal: an edit (with before → after), a transition, a comment."""

    class Accion(models.TextChoices):
        CREAR = "crear", "Creación"
        EDITAR = "editar", "Edición"
        ENVIAR = "enviar", "Envío al IMM"
        DEVOLVER = "devolver", "Devolución con observaciones"
        ACORDAR = "acordar", "Acuerdo"
        RETIRAR = "retirar", "Retiro"

    propuesta = models.ForeignKey(PropuestaMeta, on_delete=models.PROTECT, related_name="historial")
    accion = models.CharField("acción", max_length=12, choices=Accion.choices)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fecha = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    comentario = TextoLargo("comentario", blank=True)
    cambios = models.JSONField("cambios", default=dict, blank=True)  # {campo: [antes, después]}

    class Meta:
        verbose_name = "evento de propuesta"
        verbose_name_plural = "historial de propuestas"
        db_table = "informes_historialpropuesta"
        ordering = ["fecha", "pk"]

    def __str__(self) -> str:
        return f"{self.get_accion_display()} · {self.fecha:%d/%m/%Y %H:%M}"


class ObservacionPropuesta(models.Model):
    """A reason the IMM gave when returning a proposal, from the fichas' catalog of codes."""

    propuesta = models.ForeignKey(
        PropuestaMeta, on_delete=models.PROTECT, related_name="observaciones"
    )
    devolucion = models.ForeignKey(
        HistorialPropuesta, on_delete=models.PROTECT, related_name="observaciones"
    )
    codigo = models.ForeignKey(
        CodigoObservacion, on_delete=models.PROTECT, related_name="+", verbose_name="código"
    )
    texto = TextoLargo("observación")
    campos = models.JSONField("campos señalados", default=list, blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creada_en = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "observación de propuesta"
        verbose_name_plural = "observaciones de propuestas"
        db_table = "informes_observacionpropuesta"
        ordering = ["creada_en", "pk"]

    def __str__(self) -> str:
        return f"{self.codigo}: {self.texto[:60]}"

    @property
    def etiquetas_campos(self) -> list[str]:
        return [etiqueta_campo(c) for c in self.campos if c in CAMPOS_PROPUESTA]
