"""Platform records: the data revision, the bitácora, password-reset requests and the
institution's identity (services in `avgm.plataforma`)."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.db import models

from avgm.texto import TextoCorto


class RevisionDatos(models.Model):
    """Numbers that grow with the committed changes to the data reports read, one per scope.

    The row of scope "" grows with every change; «*» with every change that is not confined to
    one ejercicio (catalogs, dependencias, an import); «e<pk>» with every change to the rows of
    that ejercicio (its metas, programación, fichas and what hangs from them). Caches of
    derived output (a draft's PDF, a corte's figures) are keyed by the numbers of the scopes
    they read, so a change of any kind (a moved programación, an admin edit, an import, a
    periodo closed) can never leave a stale copy behind, and a ficha saved in one ejercicio
    leaves every other ejercicio's copies valid. See `avgm.plataforma.revision`.
    """

    ambito = models.CharField("ámbito", max_length=24, unique=True, default="")
    numero = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "revisión de datos"
        verbose_name_plural = "revisión de datos"

    def __str__(self) -> str:
        return f"Revisión {self.numero}" + (f" ({self.ambito})" if self.ambito else "")


class EventoBitacoraQuerySet(models.QuerySet):
    """Bulk writes are refused too: nothing in the bitácora is ever changed or removed."""

    def update(self, **kwargs):
        raise ValueError("La bitácora no se modifica: solo se agregan eventos.")

    def delete(self):
        raise ValueError("La bitácora no se borra.")

    delete.queryset_only = True


class EventoBitacora(models.Model):
    """An append-only record of a change to what the official figures depend on.

    Written only through `avgm.plataforma.bitacora.registrar`; never updated or deleted (the admin and
    the portal only read it). The review steps of a ficha are here too (who reopened which
    fichas this week); its edits stay in the ficha's own history (`fichas.HistorialFicha`).
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
        CATALOGO = "catalogo", "Cambio en la administración (catálogos y metas)"
        PLANEACION_ABIERTA = "planeacion_abierta", "Planeación anual abierta"
        META_ACORDADA = "meta_acordada", "Meta acordada con el IMM"
        MODIFICACION_META = "modificacion_meta", "Modificación de meta acordada"
        VALORACION_GIM = "valoracion_gim", "Valoración del GIM guardada"
        FICHA_ENVIADA = "ficha_enviada", "Ficha enviada al IMM"
        FICHA_DEVUELTA = "ficha_devuelta", "Ficha devuelta con observaciones"
        FICHA_APROBADA = "ficha_aprobada", "Ficha aprobada"
        FICHA_REABIERTA = "ficha_reabierta", "Ficha aprobada reabierta"
        EVIDENCIA_RETIRADA = "evidencia_retirada", "Evidencia retirada de una ficha"

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
    # The municipio whose seguimiento changed; none for accounts and the platform itself
    # (who reads which: `avgm.plataforma.bitacora`).
    municipio = models.ForeignKey(
        "avgm.Municipio",
        verbose_name="municipio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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
    """One password-reset e-mail let through, counted per address and per e-mail (avgm.plataforma.cuentas).

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


def nombre_por_omision() -> str:
    """The institution's name until the Administrador edits it: the AVGM_INSTITUTO setting."""
    return settings.AVGM_INSTITUTO


def municipio_por_omision() -> str:
    """The municipality until the Administrador edits it: the AVGM_MUNICIPIO setting."""
    return settings.AVGM_MUNICIPIO


class Institucion(models.Model):
    """Who publishes for a municipio: the institution's name, municipality as printed,
    administration, logo and who signs its published reports, with the cargo (one row per
    municipio, `Municipio.institucion`).

    Read through `institucion_actual()` only: every portal and public page (context processor
    `avgm.context_processors.portal`), the report (page, PDF cover and running header), the
    acuse and e-mails print it, so a change of administration is one edit in the admin. The
    settings are only the defaults of the first municipio's row.
    """

    nombre = TextoCorto("nombre", max_length=200, default=nombre_por_omision)
    municipio = TextoCorto(
        "municipio",
        max_length=200,
        default=municipio_por_omision,
        help_text="Como se imprime bajo el nombre, p. ej. «Heroica Ciudad Juárez».",
    )
    administracion = TextoCorto(
        "administración",
        max_length=200,
        blank=True,
        help_text="P. ej. «H. Ayuntamiento 2021–2024».",
    )
    titular = TextoCorto(
        "titular",
        max_length=200,
        blank=True,
        help_text="Quien firma los informes publicados, como lo dice su e.firma. En blanco: el "
        "nombre del certificado de firma.",
    )
    cargo_titular = TextoCorto(
        "cargo de quien firma",
        max_length=200,
        blank=True,
        help_text="P. ej. «Directora General»; se imprime en el bloque de firma del informe.",
    )
    logo = models.ImageField("logotipo", upload_to="institucion/", blank=True, max_length=300)
    correo = models.EmailField(
        "correo de contacto",
        blank=True,
        help_text="Buzón institucional que responde sobre los datos abiertos (nunca el de una "
        "persona); el catálogo lo publica. En blanco: el remitente del portal.",
    )
    actualizada_en = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        verbose_name = "institución"
        verbose_name_plural = "institución"

    def __str__(self) -> str:
        return self.nombre

    @property
    def correo_de_contacto(self) -> str:
        """Where the public writes about the open data: this row's mailbox, else the portal's
        own sender (DEFAULT_FROM_EMAIL), an institutional address too."""
        return self.correo or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def institucion_actual(municipio=None) -> Institucion:
    """The identity of `municipio`'s institution; without one, of the deployment's first
    municipio (its only one, unless several share the deployment); an unsaved row with the
    settings' defaults before any municipio exists. One query.

    Not cached across requests on purpose: one primary-key read costs what checking the data
    revision would, and it is right the moment the admin saves.
    """
    if municipio is not None:
        return Institucion.objects.get(municipio_de_seguimiento=municipio)
    return (
        Institucion.objects.filter(municipio_de_seguimiento__isnull=False)
        .order_by("municipio_de_seguimiento__orden", "municipio_de_seguimiento__pk")
        .first()
        or Institucion()
    )
