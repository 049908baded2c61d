"""The AVGM catalog: recomendaciones and their classification, ejercicios and periodos."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q

from avgm.texto import TextoCorto, TextoLargo


class Catalogo(models.Model):
    """An editable catalog entry shown in a fixed order."""

    nombre = TextoCorto("nombre", max_length=120, unique=True)
    nombre_corto = TextoCorto(
        "nombre corto", max_length=60, blank=True, help_text="Etiqueta breve para gráficas."
    )
    orden = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        abstract = True
        ordering = ["orden", "nombre"]

    def __str__(self) -> str:
        return self.nombre

    @property
    def etiqueta(self) -> str:
        return self.nombre_corto or self.nombre


class Modalidad(Catalogo):
    """A modalidad de violencia of the LGAMVLV (Feminicida, Familiar, ...)."""

    class Meta(Catalogo.Meta):
        verbose_name = "modalidad de violencia"
        verbose_name_plural = "modalidades de violencia"


class EjeTransversal(Catalogo):
    """An eje transversal of the declaratoria (Acceso a la justicia, ...)."""

    class Meta(Catalogo.Meta):
        verbose_name = "eje transversal"
        verbose_name_plural = "ejes transversales"


class RecomendacionQuerySet(models.QuerySet):
    def vigentes_en(self, anio: int) -> RecomendacionQuerySet:
        """Recomendaciones in force in the ejercicio of year `anio`."""
        return self.filter(
            Q(vigente_desde__isnull=True) | Q(vigente_desde__lte=anio),
            Q(vigente_hasta__isnull=True) | Q(vigente_hasta__gte=anio),
        )


class Recomendacion(models.Model):
    """One recomendación of the declaratoria de AVGM."""

    class Tipo(models.TextChoices):
        PERMANENTE = "permanente", "Permanente"
        PUNTUAL = "puntual", "Puntual"
        COORDINACION = "coordinacion", "De coordinación"

    TIPO_DESCRIPCION = {
        Tipo.PERMANENTE: "Metas básicas",
        Tipo.PUNTUAL: "Metas especializadas",
        Tipo.COORDINACION: "Metas coordinadas con los tres niveles de gobierno",
    }

    clave = TextoCorto("clave", max_length=20, unique=True)
    texto = TextoLargo("recomendación")
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    modalidades = models.ManyToManyField(
        Modalidad, related_name="recomendaciones", blank=True, verbose_name="modalidades"
    )
    ejes = models.ManyToManyField(
        EjeTransversal,
        related_name="recomendaciones",
        blank=True,
        verbose_name="ejes transversales",
    )
    vigente_desde = models.PositiveSmallIntegerField(
        "vigente desde (ejercicio)", null=True, blank=True, help_text="Vacío: sin límite."
    )
    vigente_hasta = models.PositiveSmallIntegerField(
        "vigente hasta (ejercicio)", null=True, blank=True, help_text="Vacío: sin límite."
    )
    orden = models.PositiveIntegerField("orden", default=0)

    objects = RecomendacionQuerySet.as_manager()

    class Meta:
        verbose_name = "recomendación"
        verbose_name_plural = "recomendaciones"
        ordering = ["orden", "clave"]
        constraints = [
            models.CheckConstraint(
                name="recomendacion_vigencia_ordenada",
                condition=Q(vigente_desde__isnull=True)
                | Q(vigente_hasta__isnull=True)
                | Q(vigente_desde__lte=models.F("vigente_hasta")),
                violation_error_message="«Vigente hasta» no puede ser anterior a «vigente desde».",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clave} {self.texto[:80]}"

    def vigente_en(self, anio: int) -> bool:
        return (self.vigente_desde is None or self.vigente_desde <= anio) and (
            self.vigente_hasta is None or self.vigente_hasta >= anio
        )


MESES = [
    "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic",
]  # fmt: skip


def fechas_trimestre(anio: int, numero: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of trimestre `numero` (1–4) of `anio`."""
    inicio = datetime.date(anio, 3 * (numero - 1) + 1, 1)
    siguiente = (
        datetime.date(anio + 1, 1, 1) if numero == 4 else datetime.date(anio, 3 * numero + 1, 1)
    )
    return inicio, siguiente - datetime.timedelta(days=1)


class EjercicioQuerySet(models.QuerySet):
    @transaction.atomic
    def crear(self, anio: int, dias_plazo: int | None = None) -> Ejercicio:
        """Create the ejercicio of `anio` with its four trimestres and their deadlines."""
        ejercicio = self.create(anio=anio)
        ejercicio.crear_periodos(dias_plazo)
        return ejercicio


class Ejercicio(models.Model):
    """A fiscal year of the municipal response, split into four trimestres."""

    anio = models.PositiveSmallIntegerField("año", unique=True)
    nombre = TextoCorto("nombre", max_length=80, blank=True)

    objects = EjercicioQuerySet.as_manager()

    class Meta:
        verbose_name = "ejercicio"
        verbose_name_plural = "ejercicios"
        ordering = ["-anio"]

    def __str__(self) -> str:
        return self.nombre or f"Ejercicio {self.anio}"

    def crear_periodos(self, dias_plazo: int | None = None) -> None:
        """Create the missing trimestres T1–T4, each due `dias_plazo` days after it ends."""
        if dias_plazo is None:
            dias_plazo = settings.AVGM_DIAS_PLAZO_ENTREGA
        existentes = set(self.periodos.values_list("numero", flat=True))
        nuevos = []
        for numero in range(1, 5):
            if numero in existentes:
                continue
            inicio, fin = fechas_trimestre(self.anio, numero)
            nuevos.append(
                Periodo(
                    ejercicio=self,
                    numero=numero,
                    inicio=inicio,
                    fin=fin,
                    fecha_limite=fin + datetime.timedelta(days=dias_plazo),
                )
            )
        Periodo.objects.bulk_create(nuevos)


class Periodo(models.Model):
    """A trimestre of an ejercicio, with the deadline for its fichas técnicas."""

    ejercicio = models.ForeignKey(Ejercicio, on_delete=models.PROTECT, related_name="periodos")
    numero = models.PositiveSmallIntegerField(
        "trimestre", choices=[(n, f"T{n}") for n in range(1, 5)]
    )
    inicio = models.DateField("inicio")
    fin = models.DateField("fin")
    fecha_limite = models.DateField(
        "fecha límite de entrega", help_text="Después de esta fecha las fichas se marcan tardías."
    )
    cerrado = models.BooleanField(
        "cerrado", default=False, help_text="Cerrado: los enlaces ya no pueden editar sus fichas."
    )

    class Meta:
        verbose_name = "periodo"
        verbose_name_plural = "periodos"
        ordering = ["ejercicio__anio", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["ejercicio", "numero"],
                name="periodo_unico_por_ejercicio",
                violation_error_message="Ese trimestre ya existe en el ejercicio.",
            ),
            models.CheckConstraint(
                name="periodo_fechas_ordenadas",
                violation_error_message="El inicio del periodo no puede ser posterior a su fin.",
                condition=Q(inicio__lte=models.F("fin")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clave} {self.ejercicio.anio}"

    @property
    def clave(self) -> str:
        return f"T{self.numero}"

    @property
    def etiqueta(self) -> str:
        """Months the trimestre covers, e.g. «Ene–Mar 2022» (from its dates, not typed)."""
        return f"{MESES[self.inicio.month - 1]}–{MESES[self.fin.month - 1]} {self.fin.year}"

    @property
    def nombre_ordinal(self) -> str:
        return ["1er", "2do", "3er", "4to"][self.numero - 1] + " trimestre"


class RevisionDatos(models.Model):
    """One row whose number grows with every committed change to the data reports read.

    Caches of derived output (a draft's PDF, a corte's figures) are keyed by this number, so
    a change of any kind (a moved programación, an admin edit, an import, a periodo closed)
    can never leave a stale copy behind. See `avgm.revision`.
    """

    numero = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "revisión de datos"
        verbose_name_plural = "revisión de datos"

    def __str__(self) -> str:
        return f"Revisión {self.numero}"


class EventoBitacoraQuerySet(models.QuerySet):
    """Bulk writes are refused too: nothing in the bitácora is ever changed or removed."""

    def update(self, **kwargs):
        raise ValueError("La bitácora no se modifica: solo se agregan eventos.")

    def delete(self):
        raise ValueError("La bitácora no se borra.")

    delete.queryset_only = True


class EventoBitacora(models.Model):
    """An append-only record of a change to what the official figures depend on.

    Written only through `avgm.bitacora.registrar`; never updated or deleted (the admin and
    the portal only read it). Ficha steps keep their own history (`fichas.HistorialFicha`).
    """

    class Tipo(models.TextChoices):
        PERIODO_CERRADO = "periodo_cerrado", "Periodo cerrado"
        PERIODO_REABIERTO = "periodo_reabierto", "Periodo reabierto"
        IMPORTACION = "importacion", "Importación de Excel aplicada"
        NARRATIVA = "narrativa", "Narrativa guardada"
        PUBLICACION = "publicacion", "Informe publicado"
        ERRATA = "errata", "Corrección publicada (fe de erratas)"
        ROLES = "roles", "Cambio de roles o permisos"
        CUENTA_ACTIVADA = "cuenta_activada", "Cuenta activada"
        CUENTA_DESACTIVADA = "cuenta_desactivada", "Cuenta desactivada"
        CATALOGO = "catalogo", "Cambio en el catálogo (administración)"
        PLANEACION_ABIERTA = "planeacion_abierta", "Planeación anual abierta"
        META_ACORDADA = "meta_acordada", "Meta acordada con el IMM"
        MODIFICACION_META = "modificacion_meta", "Modificación de meta acordada"
        VALORACION_GIM = "valoracion_gim", "Valoración del GIM guardada"

    tipo = models.CharField("tipo", max_length=40, choices=Tipo.choices, db_index=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="usuario",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fecha = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    objeto_tipo = models.CharField("objeto", max_length=100, blank=True)
    objeto_id = models.CharField("id del objeto", max_length=64, blank=True)
    descripcion = models.CharField("descripción", max_length=500)
    antes = models.JSONField("antes", null=True, blank=True)
    despues = models.JSONField("después", null=True, blank=True)
    detalle = models.JSONField("detalle", null=True, blank=True)

    objects = EventoBitacoraQuerySet.as_manager()

    class Meta:
        verbose_name = "evento de bitácora"
        verbose_name_plural = "bitácora"
        ordering = ["-fecha", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()}: {self.descripcion}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("La bitácora no se modifica: solo se agregan eventos.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("La bitácora no se borra.")


class SolicitudRestablecimiento(models.Model):
    """One password-reset e-mail let through, counted per address and per e-mail (avgm.cuentas).

    Only a throttle counter: it holds a hash of the e-mail, not the e-mail, and is no report
    data (it does not bump the data revision).
    """

    _sin_revision = True

    direccion = models.CharField("dirección", max_length=45, db_index=True)
    correo_sha256 = models.CharField("huella del correo", max_length=64, db_index=True)
    creada_en = models.DateTimeField("solicitada", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "solicitud de restablecimiento"
        verbose_name_plural = "solicitudes de restablecimiento"

    def __str__(self) -> str:
        return f"{self.direccion} · {self.creada_en:%d/%m/%Y %H:%M}"


class Institucion(models.Model):
    """Who publishes: the institution's name, its administration and logo (one row only).

    Read through `institucion_actual()`; the micrositio, the report's PDF cover and e-mails
    use it, so a change of administration is one edit in the admin.
    """

    nombre = TextoCorto("nombre", max_length=200)
    administracion = TextoCorto(
        "administración",
        max_length=200,
        blank=True,
        help_text="P. ej. «H. Ayuntamiento 2021–2024».",
    )
    logo = models.ImageField("logotipo", upload_to="institucion/", blank=True, max_length=300)
    actualizada_en = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        verbose_name = "institución"
        verbose_name_plural = "institución"

    def __str__(self) -> str:
        return self.nombre

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton: every save writes the one row
        super().save(*args, **kwargs)


def institucion_actual() -> Institucion:
    """The institution's identity; before anyone edits it, the name from the settings."""
    return Institucion.objects.filter(pk=1).first() or Institucion(
        nombre=settings.AVGM_INSTITUTO, administracion=""
    )


# --- The GIM's valoración (DESIGN.md §7): its own record, never derived from fichas -------


def ruta_evaluacion_gim(instance: EvaluacionGIM, filename: str) -> str:
    return f"gim/evaluacion-{instance.fecha:%Y%m%d}-{instance.pk or 'nueva'}.pdf"


class EvaluacionGIM(models.Model):
    """One evaluation of the alert by the Grupo Interinstitucional y Multidisciplinario.

    Entered by analistas (form or the import's «Valoración GIM» sheet). Its PDF lives under
    MEDIA_ROOT and is served only through a view that checks the reader's capability.
    """

    fecha = models.DateField("fecha de la evaluación")
    referencia = TextoCorto(
        "referencia del documento",
        max_length=200,
        unique=True,
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
