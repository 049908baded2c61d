"""Dependencias, their enlaces, and the metas they program with their quarterly quantities."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from avgm.models import (
    Adscripcion,
    Ejercicio,
    Municipio,
    Periodo,
    Recomendacion,
    municipio_unico_id,
)
from avgm.texto import TextoCorto, TextoLargo, sin_formula
from dependencias.unidades import unidades_registrar

TRIMESTRES = (1, 2, 3, 4)

# An agreed meta's agreement itself: whose meta it is, for which year, who proposed it and
# who agreed it, when. None of it changes after agreement, through any door.
CAMPOS_DEL_ACUERDO = (
    "ejercicio",
    "dependencia",
    "clave",
    "propuesta_por",
    "acordada_por",
    "acordada_en",
)
# Its programación and recomendaciones change only by an approved SolicitudModificacion.
POR_SOLICITUD = "por una solicitud de modificación aprobada (Planeación)"


class Dependencia(models.Model):
    """A municipal dependencia that answers the AVGM with metas."""

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="dependencias",
        default=municipio_unico_id,
    )
    # Both reach the open data's CSV as they are: neither may start like a formula.
    siglas = TextoCorto("siglas", max_length=40, validators=[sin_formula])
    nombre = TextoCorto("nombre", max_length=200, validators=[sin_formula])
    titular = TextoCorto("titular", max_length=200, blank=True)
    titular_email = models.EmailField("correo del titular", blank=True)
    activa = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        ordering = ["siglas"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "siglas"],
                name="dependencia_siglas_unicas_por_municipio",
                violation_error_message="El municipio ya tiene una dependencia con esas siglas.",
            ),
        ]

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

    def clean(self) -> None:
        # An enlace reads and captures its dependencia's fichas: a person of another
        # municipio would reach that municipio's seguimiento through the link.
        if self.usuario_id and self.dependencia_id:
            adscrito = (
                Adscripcion.objects.filter(usuario_id=self.usuario_id)
                .values_list("municipio_id", flat=True)
                .first()
            )
            if (adscrito or municipio_unico_id()) != self.dependencia.municipio_id:
                raise ValidationError(
                    "La persona y la dependencia deben ser del mismo municipio: solo se nombra "
                    f"enlace de {self.dependencia.siglas} a alguien adscrito a "
                    f"{self.dependencia.municipio}.",
                    code="enlace_otro_municipio",
                )


class TipoAccion(models.Model):
    """A kind of action (capacitación, campaña, atención, ...) with the evidence it expects."""

    nombre = TextoCorto("nombre", max_length=120, unique=True, validators=[sin_formula])
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


class UnidadMedida(models.Model):
    """A unit of measure metas are programmed in, and whether it counts people.

    The quantities of a unit that counts people (atenciones, asesorías, quejas, ...) are
    protected like the atenciones by sex when a report is published (`informes.divulgacion`).
    `dependencias.unidades` holds the rule that seeds the flag and decides it for a name the
    catalog does not hold yet.
    """

    nombre = TextoCorto("nombre", max_length=120, unique=True)
    cuenta_personas = models.BooleanField(
        "cuenta personas",
        default=False,
        help_text="Cada unidad es una persona atendida, o un caso o queja de una persona: sus "
        "cantidades alcanzadas se protegen como conteos de personas al publicar (de 1 a 4 no "
        "se muestran).",
    )

    class Meta:
        verbose_name = "unidad de medida"
        verbose_name_plural = "unidades de medida"
        ordering = ["nombre"]

    def __str__(self) -> str:
        return self.nombre


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
    # The consensus with the IMM (planeación anual): once agreed, its programación and
    # recomendaciones change only through an approved SolicitudModificacion.
    propuesta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="propuesta por",
    )
    acordada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="acordada por",
    )
    acordada_en = models.DateTimeField("acordada", null=True, blank=True)

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

    def save(self, *args, **kwargs) -> None:
        # Every door that saves a meta (admin, shell, a future page) meets the same refusal.
        self._exigir_acuerdo_intacto()
        super().save(*args, **kwargs)
        # A new unit name enters the catalog, flagged by the rule, for an administrator to see.
        unidades_registrar([self.unidad_medida])

    def clean(self) -> None:
        self._exigir_acuerdo_intacto()
        if (
            self.dependencia_id
            and self.ejercicio_id
            and self.dependencia.municipio_id != self.ejercicio.municipio_id
        ):
            raise ValidationError(
                "La dependencia y el ejercicio de la meta deben ser del mismo municipio.",
                code="meta_otro_municipio",
            )

    @property
    def acordada(self) -> bool:
        return self.acordada_en is not None

    def cambios_al_acuerdo(self) -> list[str]:
        """Fields of the agreement (CAMPOS_DEL_ACUERDO) this instance changes from its stored
        row, when that row is agreed (one query; none for a new meta)."""
        if self._state.adding or self.pk is None:
            return []
        columnas = [self._meta.get_field(c).attname for c in CAMPOS_DEL_ACUERDO]
        guardada = (
            Meta.objects.filter(pk=self.pk, acordada_en__isnull=False).values(*columnas).first()
        )
        if guardada is None:
            return []
        return [
            campo
            for campo, columna in zip(CAMPOS_DEL_ACUERDO, columnas, strict=True)
            if getattr(self, columna) != guardada[columna]
        ]

    def _exigir_acuerdo_intacto(self) -> None:
        if cambiados := self.cambios_al_acuerdo():
            nombres = ", ".join(f"«{self._meta.get_field(c).verbose_name}»" for c in cambiados)
            raise ValidationError(
                f"La meta {self.clave} está acordada con el IMM: {nombres} ya no "
                f"{'cambian' if len(cambiados) > 1 else 'cambia'}. Su programación y sus "
                f"recomendaciones solo cambian {POR_SOLICITUD}.",
                code="meta_acordada",
            )

    def estado_programacion(self) -> dict:
        """What a modification changes, as stored now: {"programacion": {"1": n, ...},
        "recomendaciones": [pk, ...]} (every trimestre present, recomendaciones sorted)."""
        cantidades = dict(self.programacion.values_list("periodo__numero", "cantidad"))
        return {
            "programacion": {str(n): cantidades.get(n, 0) for n in TRIMESTRES},
            "recomendaciones": sorted(self.recomendaciones.values_list("pk", flat=True)),
        }


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
        if self.meta_id and self.meta.acordada and self._cambia():
            raise ValidationError(
                f"La meta {self.meta.clave} está acordada con el IMM: su programación solo "
                f"cambia {POR_SOLICITUD}.",
                code="meta_acordada",
            )

    def _cambia(self) -> bool:
        """New, or a different periodo or quantity than the stored row."""
        if self._state.adding or self.pk is None:
            return True
        guardada = Programacion.objects.filter(pk=self.pk).values("periodo_id", "cantidad").first()
        return guardada != {"periodo_id": self.periodo_id, "cantidad": self.cantidad}


class VersionMeta(models.Model):
    """One version of an agreed meta's programación and recomendaciones (never changed).

    Version 1 is the agreement; each approved modification adds the next one.
    """

    meta = models.ForeignKey(Meta, on_delete=models.PROTECT, related_name="versiones")
    numero = models.PositiveSmallIntegerField("versión")
    programacion = models.JSONField("programación", default=dict)  # {"1": n, ..., "4": n}
    recomendaciones = models.JSONField("recomendaciones", default=list)  # claves, as agreed
    motivo = TextoCorto("motivo", max_length=300)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creada_en = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "versión de la meta"
        verbose_name_plural = "versiones de metas"
        ordering = ["meta", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["meta", "numero"],
                name="version_meta_unica",
                violation_error_message="Esa versión de la meta ya está registrada.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meta.clave} v{self.numero}"


class SolicitudModificacionQuerySet(models.QuerySet):
    def pendientes(self) -> SolicitudModificacionQuerySet:
        return self.filter(estado=SolicitudModificacion.Estado.PENDIENTE)

    def registrar(
        self, *, meta: Meta, usuario, justificacion: str, propuesta: dict, origen: str
    ) -> SolicitudModificacion:
        """Record a request for an agreed `meta`; a pending one is kept as «sustituida».

        `propuesta` is {"programacion": {"1": n, ...}, "recomendaciones": [pk, ...]}. The
        caller checks who may ask (the portal) or runs inside an import; call in a transaction.
        """
        if not meta.acordada:
            raise ValueError("Solo una meta acordada se modifica por solicitud.")
        self.filter(meta=meta, estado=SolicitudModificacion.Estado.PENDIENTE).update(
            estado=SolicitudModificacion.Estado.SUSTITUIDA
        )
        return self.create(
            meta=meta,
            origen=origen,
            justificacion=justificacion,
            antes=meta.estado_programacion(),
            propuesta=propuesta,
            solicitada_por=usuario if getattr(usuario, "is_authenticated", False) else None,
        )


class SolicitudModificacion(models.Model):
    """A request to change an agreed meta's programación or recomendaciones.

    Made by its enlace in the portal or by an Excel import; the IMM approves or rejects it.
    A newer request replaces a pending one (which is kept, «sustituida»); nothing is deleted.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        APROBADA = "aprobada", "Aprobada"
        RECHAZADA = "rechazada", "Rechazada"
        SUSTITUIDA = "sustituida", "Sustituida por otra solicitud"

    class Origen(models.TextChoices):
        PORTAL = "portal", "Portal"
        IMPORTACION = "importacion", "Importación de Excel"

    meta = models.ForeignKey(Meta, on_delete=models.PROTECT, related_name="solicitudes")
    estado = models.CharField(
        "estado", max_length=12, choices=Estado.choices, default=Estado.PENDIENTE, db_index=True
    )
    origen = models.CharField(
        "origen", max_length=12, choices=Origen.choices, default=Origen.PORTAL
    )
    justificacion = TextoLargo("justificación")
    # As stored when requested and as proposed: {"programacion": {...}, "recomendaciones": [pk]}.
    antes = models.JSONField("antes", default=dict)
    propuesta = models.JSONField("propuesta", default=dict)
    solicitada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    solicitada_en = models.DateTimeField("solicitada", auto_now_add=True)
    decidida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decidida_en = models.DateTimeField("decidida", null=True, blank=True)
    comentario_decision = TextoLargo("comentario de la decisión", blank=True)

    objects = SolicitudModificacionQuerySet.as_manager()

    class Meta:
        verbose_name = "solicitud de modificación"
        verbose_name_plural = "solicitudes de modificación"
        ordering = ["-solicitada_en", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meta"],
                condition=Q(estado="pendiente"),
                name="una_solicitud_pendiente_por_meta",
                violation_error_message="La meta ya tiene una solicitud de modificación pendiente.",
            ),
        ]

    def __str__(self) -> str:
        return f"Modificación de {self.meta.clave} ({self.get_estado_display().lower()})"

    def trimestres_que_cambian(self) -> list[int]:
        antes = self.antes.get("programacion", {})
        despues = self.propuesta.get("programacion", {})
        return [
            n
            for n in TRIMESTRES
            if antes.get(str(n), 0) != despues.get(str(n), antes.get(str(n), 0))
        ]

    @property
    def cambia_recomendaciones(self) -> bool:
        return sorted(self.antes.get("recomendaciones", [])) != sorted(
            self.propuesta.get("recomendaciones", self.antes.get("recomendaciones", []))
        )
