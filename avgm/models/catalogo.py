"""The AVGM catalog: recomendaciones and their classification, ejercicios and periodos."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from avgm.models.municipio import Municipio, municipio_unico_id
from avgm.texto import TextoCorto, TextoLargo, sin_formula


class Catalogo(models.Model):
    """An editable catalog entry shown in a fixed order."""

    # Names reach the open data's CSV as they are: none may start like a formula.
    nombre = TextoCorto("nombre", max_length=120, unique=True, validators=[sin_formula])
    nombre_corto = TextoCorto(
        "nombre corto",
        max_length=60,
        blank=True,
        help_text="Etiqueta breve para gráficas.",
        validators=[sin_formula],
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
        """Recomendaciones of the declaratoria in force in the ejercicio of year `anio`, for
        any municipio (`aplicables` narrows them to one)."""
        return self.filter(
            Q(vigente_desde__isnull=True) | Q(vigente_desde__lte=anio),
            Q(vigente_hasta__isnull=True) | Q(vigente_hasta__gte=anio),
        )

    def de_municipio(self, municipio: Municipio | int) -> RecomendacionQuerySet:
        """Those that apply to `municipio`: the ones that name it, and the ones that name no
        municipio (the declaratoria's recomendaciones apply to every municipio unless their
        list says otherwise)."""
        municipios = Recomendacion.municipios.through.objects
        return self.filter(
            ~Exists(municipios.filter(recomendacion=OuterRef("pk")))
            | Exists(municipios.filter(recomendacion=OuterRef("pk"), municipio=municipio))
        )

    def aplicables(self, ejercicio: Ejercicio) -> RecomendacionQuerySet:
        """The universe of `ejercicio`: in force in its year and applying to its municipio."""
        return self.vigentes_en(ejercicio.anio).de_municipio(ejercicio.municipio_id)


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

    clave = TextoCorto("clave", max_length=20, unique=True, validators=[sin_formula])
    texto = TextoLargo("recomendación", validators=[sin_formula])
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
    municipios = models.ManyToManyField(
        Municipio,
        related_name="recomendaciones",
        blank=True,
        verbose_name="municipios",
        help_text="A qué municipios de la alerta aplica. Vacío: a todos.",
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
    def crear(
        self, anio: int, dias_plazo: int | None = None, municipio: Municipio | None = None
    ) -> Ejercicio:
        """Create `municipio`'s ejercicio of `anio` with its four trimestres and their deadlines
        (no municipio: the deployment's only one)."""
        ejercicio = self.create(anio=anio, **({"municipio": municipio} if municipio else {}))
        ejercicio.crear_periodos(dias_plazo)
        return ejercicio

    def de(self, municipio: Municipio | None) -> EjercicioQuerySet:
        """`municipio`'s ejercicios (none for no municipio)."""
        return self.filter(municipio=municipio) if municipio else self.none()


class Ejercicio(models.Model):
    """A fiscal year of one municipio's response, split into four trimestres."""

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="ejercicios",
        default=municipio_unico_id,
    )
    anio = models.PositiveSmallIntegerField("año")
    nombre = TextoCorto("nombre", max_length=80, blank=True)

    objects = EjercicioQuerySet.as_manager()

    class Meta:
        verbose_name = "ejercicio"
        verbose_name_plural = "ejercicios"
        ordering = ["-anio"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "anio"],
                name="ejercicio_unico_por_municipio",
                violation_error_message="El municipio ya tiene ese ejercicio.",
            ),
        ]

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


class PeriodoQuerySet(models.QuerySet):
    """Which periodo a page starts on. Three rules, for three questions; each page asks one:

    - `ultimo_cerrado`: which corte no longer moves? (the report's default corte)
    - `en_curso`: which periodo is the work about now? (the review and the live report)
    - `actual`: which periodo's fichas are due now? (the enlace's home)
    """

    def ultimo(self) -> Periodo | None:
        """The latest of these periodos by ejercicio and trimestre, with its ejercicio."""
        return self.select_related("ejercicio").order_by("-ejercicio__anio", "-numero").first()

    def ultimo_cerrado(self) -> Periodo | None:
        """«The last closed periodo»: the latest one the IMM closed, so enlaces can no longer
        change its fichas and the corte up to it no longer moves. The report's default corte and
        a directivo's draft when nothing is published. None in a first year with nothing closed.

        Unlike `en_curso` it ignores what was submitted since: a closed periodo is final."""
        return self.filter(cerrado=True).ultimo()

    def en_curso(self, reportadas: QuerySet) -> Periodo | None:
        """«The periodo in progress» of the review and the live report: the latest periodo in
        which one of `reportadas` (the submitted fichas in view, e.g. an analista's) lies; the
        latest periodo when nothing was submitted yet. 1 query (2 with nothing submitted).

        It follows the data, closed or not: it moves on when the first ficha of the next
        trimestre is submitted, while `ultimo_cerrado` waits for the IMM to close one."""
        con_envios = self.filter(Exists(reportadas.filter(periodo=OuterRef("pk"))))
        return con_envios.ultimo() or self.ultimo()

    def actual(self) -> Periodo | None:
        """«The current periodo» among these (`periodo_actual`), with its ejercicio. One query."""
        return periodo_actual(self.select_related("ejercicio"))


def periodo_actual(periodos) -> Periodo | None:
    """«The current periodo» among `periodos` (for an enlace, the ones with their metas
    programmed; loaded with their ejercicio): the open one whose fichas are due now, started
    and not past its deadline (the earliest: between a trimestre's end and its deadline its
    fichas are still what is due, though the next one has started); else the latest open one
    that started; else the earliest open one (a year not begun); else the latest.

    Unlike `en_curso` it follows the calendar, not what was sent, and unlike
    `ultimo_cerrado` it never picks a closed periodo while one is still open. Periodos
    with work still owed are for the page to point at, not to start on. Decided in Python
    over the periodos a page already holds (a year has four): no query of its own."""
    hoy = timezone.localdate()

    def clave(p: Periodo) -> tuple[int, int]:
        if p.cerrado:
            prioridad = 3
        elif p.inicio > hoy:
            prioridad = 2
        else:
            prioridad = 0 if p.fecha_limite >= hoy else 1
        cronologico = p.ejercicio.anio * 10 + p.numero
        # The earliest of kinds 0 and 2, the latest of the others.
        return prioridad, cronologico if prioridad in (0, 2) else -cronologico

    return min(periodos, key=clave, default=None)


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

    objects = PeriodoQuerySet.as_manager()

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
