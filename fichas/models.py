"""Fichas técnicas: what a dependencia reports for a meta in a periodo, and its evidence."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from avgm.texto import TextoCorto, TextoLargo
from fichas import archivos

GRUPOS_EDAD = [
    ("0_11", "0 a 11 años"),
    ("12_17", "12 a 17 años"),
    ("18_29", "18 a 29 años"),
    ("30_59", "30 a 59 años"),
    ("60", "60 años y más"),
    ("ne", "Edad no especificada"),
]
SEXOS = [("mujeres", "Mujeres"), ("hombres", "Hombres"), ("noesp", "No especificado")]
# Every beneficiary count field, e.g. "mujeres_18_29" (atenciones, not unique people).
CAMPOS_BENEFICIARIOS = [f"{sexo}_{grupo}" for grupo, _ in GRUPOS_EDAD for sexo, _ in SEXOS]


def _conteo(sexo: str, grupo: str) -> models.PositiveIntegerField:
    sexo_label = dict(SEXOS)[sexo]
    grupo_label = dict(GRUPOS_EDAD)[grupo]
    return models.PositiveIntegerField(f"{sexo_label}, {grupo_label.lower()}", default=0)


def limite_de_entrega(fecha_limite: datetime.date) -> datetime.datetime:
    """The first instant after the deadline day, local time: a ficha first submitted before
    it is on time (the same as its local date being on or before `fecha_limite`)."""
    siguiente = datetime.datetime.combine(
        fecha_limite + datetime.timedelta(days=1), datetime.time()
    )
    return timezone.make_aware(siguiente, timezone.get_current_timezone())


def _por_limite(periodos, comparacion: str) -> Q:
    """Q: first submitted before (`lt`) / from (`gte`) its periodo's `limite_de_entrega`."""
    if periodos is None:
        from avgm.models import Periodo

        periodos = Periodo.objects.only("pk", "fecha_limite")
    condicion = Q(pk__in=[])
    for periodo in periodos:
        condicion |= Q(
            periodo_id=periodo.pk,
            **{f"primer_envio_en__{comparacion}": limite_de_entrega(periodo.fecha_limite)},
        )
    return condicion


def cuenta_como_avance(prefijo: str = "") -> Q:
    """«Counts as progress»: an approved ficha that applies in its periodo. Its quantity is what
    every accumulated, achieved or impacted figure adds up; a no-aplica ficha is a response,
    never progress. `prefijo` reaches the ficha through a relation (``"fichas__"`` from a meta)
    so aggregates (`Sum(..., filter=...)`) spell the rule with this same expression."""
    return Q(**{f"{prefijo}estado": FichaTecnica.Estado.APROBADA, f"{prefijo}no_aplica": False})


def ficha_con_avance(prefijo: str = "") -> Q:
    """«Ficha con avance»: counts as progress and reports a quantity above 0."""
    return cuenta_como_avance(prefijo) & Q(**{f"{prefijo}cantidad_alcanzada__gt": 0})


class FichaTecnicaQuerySet(models.QuerySet):
    def reportadas(self) -> FichaTecnicaQuerySet:
        """Submitted at least once: every state but borrador."""
        return self.exclude(estado=FichaTecnica.Estado.BORRADOR)

    def aprobadas(self) -> FichaTecnicaQuerySet:
        """Approved, «no aplica» ones included (the «fichas aprobadas» count)."""
        return self.filter(estado=FichaTecnica.Estado.APROBADA)

    def cuentan_como_avance(self) -> FichaTecnicaQuerySet:
        """The fichas whose quantity is progress (`cuenta_como_avance`)."""
        return self.filter(cuenta_como_avance())

    def con_avance(self) -> FichaTecnicaQuerySet:
        """«Fichas con avance» (`ficha_con_avance`)."""
        return self.filter(ficha_con_avance())

    def a_tiempo(self, periodos=None) -> FichaTecnicaQuerySet:
        """First submitted on or before its periodo's deadline (local date); a return never
        makes a ficha late retroactively. The rest of the submitted ones are «tardías».

        Compared with each periodo's `limite_de_entrega` instant, never with `__date` (which
        makes SQLite call a Python time-zone function per row). `periodos`: the ones that
        matter (default: all, one small query)."""
        return self.filter(_por_limite(periodos, "lt"))

    def tardias(self, periodos=None) -> FichaTecnicaQuerySet:
        """First submitted after its periodo's deadline (the complement of `a_tiempo`)."""
        return self.filter(_por_limite(periodos, "gte"))

    def del_corte(self, ejercicio, periodos) -> FichaTecnicaQuerySet:
        """«Fichas del corte»: of the ejercicio's active metas, in the corte's periodos."""
        return self.filter(meta__ejercicio=ejercicio, meta__activa=True, periodo__in=periodos)

    def pendientes_de_revision(self) -> FichaTecnicaQuerySet:
        """The analistas' queue: submitted fichas, oldest submission first."""
        return (
            self.filter(estado=FichaTecnica.Estado.ENVIADA)
            .select_related("meta__dependencia", "meta__tipo_accion", "periodo__ejercicio")
            .order_by("enviada_en", "pk")
        )


class FichaTecnica(models.Model):
    """The quarterly report of one meta in one periodo."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        ENVIADA = "enviada", "Enviada"
        OBSERVADA = "observada", "Observada"
        APROBADA = "aprobada", "Aprobada"

    meta = models.ForeignKey("dependencias.Meta", on_delete=models.PROTECT, related_name="fichas")
    periodo = models.ForeignKey("avgm.Periodo", on_delete=models.PROTECT, related_name="fichas")
    estado = models.CharField(
        "estado", max_length=12, choices=Estado.choices, default=Estado.BORRADOR, db_index=True
    )
    # Version for optimistic concurrency: every write checks and bumps it.
    version = models.PositiveIntegerField(default=1, editable=False)

    no_aplica = models.BooleanField(
        "no aplica en este periodo",
        default=False,
        help_text="Cuenta como respuesta, nunca como avance.",
    )
    justificacion_no_aplica = TextoLargo("justificación de «no aplica»", blank=True)

    cantidad_alcanzada = models.PositiveIntegerField("cantidad alcanzada en el periodo", default=0)
    actividades = TextoLargo("actividades realizadas", blank=True)
    fechas_realizacion = TextoCorto("fechas de realización", max_length=300, blank=True)
    lugar = TextoCorto(
        "lugar (colonia o sector)",
        max_length=300,
        blank=True,
        help_text="Colonia, sector o instalación; nunca un domicilio particular.",
    )
    justificacion_variacion = TextoLargo(
        "justificación de la variación",
        blank=True,
        help_text="Obligatoria cuando lo alcanzado difiere de lo programado.",
    )

    mujeres_0_11 = _conteo("mujeres", "0_11")
    hombres_0_11 = _conteo("hombres", "0_11")
    noesp_0_11 = _conteo("noesp", "0_11")
    mujeres_12_17 = _conteo("mujeres", "12_17")
    hombres_12_17 = _conteo("hombres", "12_17")
    noesp_12_17 = _conteo("noesp", "12_17")
    mujeres_18_29 = _conteo("mujeres", "18_29")
    hombres_18_29 = _conteo("hombres", "18_29")
    noesp_18_29 = _conteo("noesp", "18_29")
    mujeres_30_59 = _conteo("mujeres", "30_59")
    hombres_30_59 = _conteo("hombres", "30_59")
    noesp_30_59 = _conteo("noesp", "30_59")
    mujeres_60 = _conteo("mujeres", "60")
    hombres_60 = _conteo("hombres", "60")
    noesp_60 = _conteo("noesp", "60")
    mujeres_ne = _conteo("mujeres", "ne")
    hombres_ne = _conteo("hombres", "ne")
    noesp_ne = _conteo("noesp", "ne")

    presupuesto_ejercido = models.DecimalField(
        "presupuesto ejercido",
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, "El presupuesto ejercido no puede ser negativo.")],
    )
    fuente_presupuesto = TextoCorto("fuente del presupuesto", max_length=200, blank=True)
    obstaculos = TextoLargo("obstáculos", blank=True)
    coordinacion = TextoLargo("coordinación con otras instituciones", blank=True)

    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fichas_creadas",
        null=True,
        blank=True,
    )
    creada_en = models.DateTimeField("creada", auto_now_add=True)
    actualizada_en = models.DateTimeField("actualizada", auto_now=True)
    primer_envio_en = models.DateTimeField(
        "primer envío", null=True, blank=True, help_text="Se conserva siempre (oportunidad)."
    )
    enviada_en = models.DateTimeField("último envío", null=True, blank=True)
    revisada_en = models.DateTimeField("última revisión", null=True, blank=True)
    revisada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fichas_revisadas",
        null=True,
        blank=True,
    )
    aprobada_en = models.DateTimeField("aprobada", null=True, blank=True)

    objects = FichaTecnicaQuerySet.as_manager()

    class Meta:
        verbose_name = "ficha técnica"
        verbose_name_plural = "fichas técnicas"
        ordering = ["periodo__ejercicio__anio", "periodo__numero", "meta__clave"]
        constraints = [
            models.UniqueConstraint(
                fields=["meta", "periodo"],
                name="ficha_unica_por_meta_y_periodo",
                violation_error_message="Ya existe una ficha de esa meta en ese trimestre.",
            ),
            models.CheckConstraint(
                name="ficha_cantidades_no_negativas",
                violation_error_message="La cantidad alcanzada y el presupuesto ejercido no pueden ser negativos.",
                condition=Q(cantidad_alcanzada__gte=0) & Q(presupuesto_ejercido__gte=0),
            ),
            models.CheckConstraint(
                name="ficha_enviada_tiene_primer_envio",
                violation_error_message="Una ficha enviada conserva la fecha de su primer envío.",
                condition=Q(estado="borrador") | Q(primer_envio_en__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meta.clave} · {self.periodo.clave} {self.periodo.ejercicio.anio}"

    @property
    def folio(self) -> str:
        """Acuse folio: ejercicio, periodo and id, stable for the ficha's life."""
        return f"AVGM-{self.periodo.ejercicio.anio}-{self.periodo.clave}-{self.pk:06d}"

    @property
    def tardia(self) -> bool:
        """Late by its first submission (a return never makes it late retroactively)."""
        if self.primer_envio_en is None:
            return False
        return timezone.localdate(self.primer_envio_en) > self.periodo.fecha_limite

    @property
    def total_beneficiarios(self) -> int:
        return sum(getattr(self, campo) for campo in CAMPOS_BENEFICIARIOS)

    def tabla_beneficiarios(self) -> list[tuple[str, list[int], int]]:
        """Rows of (age group, counts by sex, row total) for read-only display."""
        filas = []
        for grupo, etiqueta in GRUPOS_EDAD:
            conteos = [getattr(self, f"{sexo}_{grupo}") for sexo, _ in SEXOS]
            filas.append((etiqueta, conteos, sum(conteos)))
        return filas


class CodigoObservacionQuerySet(models.QuerySet):
    def para(self, uso: str) -> CodigoObservacionQuerySet:
        """The active codes an analista may choose when returning a ficha or a proposal."""
        return self.filter(activo=True, uso=uso)


class CodigoObservacion(models.Model):
    """Editable catalog of reasons to return a ficha (falta evidencia, ...) or a planning
    proposal (indicador poco claro, ...): each code says which of the two it is for."""

    class Uso(models.TextChoices):
        FICHA = "ficha", "Fichas técnicas"
        PROPUESTA = "propuesta", "Propuestas de metas (planeación)"

    clave = models.SlugField("clave", max_length=40, unique=True)
    nombre = TextoCorto("nombre", max_length=120)
    uso = models.CharField(
        "se usa en", max_length=12, choices=Uso.choices, default=Uso.FICHA, db_index=True
    )
    activo = models.BooleanField("activo", default=True)
    orden = models.PositiveSmallIntegerField("orden", default=0)

    objects = CodigoObservacionQuerySet.as_manager()

    class Meta:
        verbose_name = "código de observación"
        verbose_name_plural = "códigos de observación"
        ordering = ["orden", "nombre"]

    def __str__(self) -> str:
        return self.nombre


class HistorialFicha(models.Model):
    """One event in a ficha's life: a transition, an edit or an evidence change."""

    class Accion(models.TextChoices):
        CREAR = "crear", "Creación"
        EDITAR = "editar", "Edición"
        ENVIAR = "enviar", "Envío"
        DEVOLVER = "devolver", "Devolución con observaciones"
        APROBAR = "aprobar", "Aprobación"
        REABRIR = "reabrir", "Reapertura"
        EVIDENCIA = "evidencia", "Evidencia agregada"
        EVIDENCIA_RETIRADA = "evidencia_retirada", "Evidencia retirada"

    ficha = models.ForeignKey(FichaTecnica, on_delete=models.PROTECT, related_name="historial")
    accion = models.CharField("acción", max_length=24, choices=Accion.choices)
    estado_anterior = models.CharField("estado anterior", max_length=12, blank=True)
    estado_nuevo = models.CharField("estado nuevo", max_length=12, blank=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    fecha = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    comentario = TextoLargo("comentario", blank=True)
    # {"campo": ["valor anterior", "valor nuevo"], ...}
    cambios = models.JSONField("cambios", default=dict, blank=True)

    class Meta:
        verbose_name = "evento del historial"
        verbose_name_plural = "historial de fichas"
        ordering = ["fecha", "pk"]

    def __str__(self) -> str:
        return f"{self.ficha} · {self.get_accion_display()} · {self.fecha:%d/%m/%Y %H:%M}"


class Observacion(models.Model):
    """A reason an analista gave when returning a ficha, optionally pinned to fields."""

    ficha = models.ForeignKey(FichaTecnica, on_delete=models.PROTECT, related_name="observaciones")
    devolucion = models.ForeignKey(
        HistorialFicha,
        on_delete=models.PROTECT,
        related_name="observaciones",
        null=True,
        blank=True,
    )
    codigo = models.ForeignKey(CodigoObservacion, on_delete=models.PROTECT, verbose_name="código")
    texto = TextoLargo("observación")
    campos = models.JSONField("campos señalados", default=list, blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creada_en = models.DateTimeField("fecha", auto_now_add=True)
    respuesta = TextoLargo("respuesta del enlace", blank=True)
    respondida_en = models.DateTimeField("respondida", null=True, blank=True)

    class Meta:
        verbose_name = "observación"
        verbose_name_plural = "observaciones"
        ordering = ["creada_en", "pk"]

    def __str__(self) -> str:
        return f"{self.codigo}: {self.texto[:60]}"


def ruta_evidencia(instance: Evidencia, filename: str) -> str:
    """Store under an opaque name; the original name is kept in the row only."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidencias/{instance.ficha.periodo.ejercicio.anio}/{uuid.uuid4().hex}.{extension}"


class EvidenciaQuerySet(models.QuerySet):
    def vigentes(self) -> EvidenciaQuerySet:
        return self.filter(retirada_en__isnull=True)


class Evidencia(models.Model):
    """A medio de verificación: an uploaded file or a link. Withdrawn, never deleted."""

    ficha = models.ForeignKey(FichaTecnica, on_delete=models.PROTECT, related_name="evidencias")
    archivo = models.FileField("archivo", upload_to=ruta_evidencia, blank=True, max_length=300)
    url = models.URLField("enlace", blank=True, max_length=500)
    nombre_original = TextoCorto("nombre del archivo", max_length=255, blank=True)
    tipo_contenido = models.CharField("tipo de contenido", max_length=120, blank=True)
    tamano = models.PositiveIntegerField("tamaño (bytes)", default=0)
    descripcion = TextoCorto("descripción", max_length=300, blank=True)
    medio_verificacion = TextoCorto("medio de verificación", max_length=120, blank=True)
    contiene_datos_personales = models.BooleanField(
        "contiene datos personales",
        default=True,
        help_text="Los archivos con datos personales nunca se muestran fuera del portal.",
    )
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subida_en = models.DateTimeField("subida", auto_now_add=True)
    retirada_en = models.DateTimeField("retirada", null=True, blank=True)
    retirada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    motivo_retiro = TextoCorto("motivo del retiro", max_length=300, blank=True)

    objects = EvidenciaQuerySet.as_manager()

    class Meta:
        verbose_name = "evidencia"
        verbose_name_plural = "evidencias"
        ordering = ["subida_en", "pk"]
        constraints = [
            models.CheckConstraint(
                name="evidencia_archivo_o_enlace",
                violation_error_message="Adjunte un archivo o escriba un enlace.",
                condition=~Q(archivo="") | ~Q(url=""),
            ),
        ]

    def __str__(self) -> str:
        return self.nombre_original or self.url

    @property
    def se_ve_en_linea(self) -> bool:
        """A PDF or an image (by its name and the type its bytes showed at upload), offered
        for viewing in the page; anything else is only downloaded."""
        return bool(self.archivo) and archivos.se_muestra_en_linea(
            self.archivo.name, self.tipo_contenido
        )


class DescargaEvidencia(models.Model):
    """Every download of an evidence file is logged."""

    evidencia = models.ForeignKey(Evidencia, on_delete=models.PROTECT, related_name="descargas")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fecha = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "descarga de evidencia"
        verbose_name_plural = "descargas de evidencia"
        ordering = ["-fecha"]

    def __str__(self) -> str:
        return f"{self.evidencia} · {self.usuario} · {self.fecha:%d/%m/%Y %H:%M}"
