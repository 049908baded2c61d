"""System checks for production (DEBUG off): what a server must set before it starts.

Each rule reads the settings (and the environment, for the trusted proxies, whose default of
0 is also a valid value) and says in Spanish what to set.
"""

import contextlib
import os

from django.conf import settings
from django.core.checks import Error, Warning, register

_CONSOLA = ("console", "locmem", "dummy", "filebased")


@register()
def produccion(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    problemas = []
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if not settings.EMAIL_HOST or backend in _CONSOLA:
        problemas.append(
            Error(
                "No hay servidor de correo: los recordatorios y los errores no llegarían a nadie.",
                hint="Fije EMAIL_HOST (y EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="avgm.E101",
            )
        )
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts:
        problemas.append(
            Error(
                "ALLOWED_HOSTS debe nombrar el servidor del portal (no vacío ni «*»).",
                hint="Por ejemplo ALLOWED_HOSTS=avgm.juarez.gob.mx",
                id="avgm.E102",
            )
        )
    media = str(settings.MEDIA_ROOT)
    with contextlib.suppress(OSError):  # as avgm.E001: a missing folder is created
        os.makedirs(media, exist_ok=True)
    if not (os.path.isdir(media) and os.access(media, os.W_OK | os.X_OK)):
        problemas.append(
            Error(
                f"MEDIA_ROOT ({media}) no existe o el portal no puede escribir en ella.",
                hint="Cree la carpeta y désela a la cuenta que corre gunicorn.",
                id="avgm.E103",
            )
        )
    if "AVGM_PROXIES_CONFIABLES" not in os.environ:
        problemas.append(
            Warning(
                "AVGM_PROXIES_CONFIABLES no está fijada: diga cuántos proxies de confianza hay "
                "delante del portal (1 detrás de nginx; 0 si nadie le antepone un proxy).",
                hint="Sin ella, detrás de nginx todas las personas parecerían venir de la misma "
                "dirección y el bloqueo de acceso las confundiría.",
                id="avgm.W101",
            )
        )
    else:
        valor = getattr(settings, "AVGM_PROXIES_CONFIABLES", os.environ["AVGM_PROXIES_CONFIABLES"])
        if not str(valor).strip().isdigit():
            problemas.append(
                Error(
                    f"AVGM_PROXIES_CONFIABLES debe ser un número entero ≥ 0, no {valor!r}.",
                    id="avgm.E104",
                )
            )
    problemas += _certificado_de_firma()
    if getattr(settings, "AVGM_CARGA", False):
        problemas.append(
            Error(
                "AVGM_CARGA está encendida: instala la demo (cuentas con contraseña pública) y "
                "la vista vacía de las pruebas de carga.",
                hint="Quítela del archivo de entorno: es solo para make carga y make bench.",
                id="avgm.E105",
            )
        )
    return problemas


def _certificado_de_firma() -> list:
    """A configured signing certificate must open and be valid: otherwise every publication
    fails until it is fixed. None configured is a valid answer (reports go out unsigned and
    say so)."""
    from avgm.plataforma import certificado

    if not settings.AVGM_FIRMA_PKCS12:
        return []
    try:
        vigente = certificado.actual()
    except certificado.CertificadoVencido:
        # Expiry is a date, not a configuration error: stopping the portal at its next restart
        # would stop the fichas on a deadline day. /salud/ reports it (and 30 days before).
        return []
    except certificado.CertificadoInvalido as exc:
        return [
            Warning(
                f"El certificado de firma no sirve: {exc}",
                hint="Corrija AVGM_FIRMA_PKCS12 y AVGM_FIRMA_CLAVE; mientras tanto, publicar un "
                "informe falla. Sin AVGM_FIRMA_PKCS12 los informes se publican sin firma digital.",
                id="avgm.W102",
            )
        ]
    if vigente is not None and vigente.demo:
        return [
            Warning(
                "El certificado de firma es el de la demostración: firmaría informes reales "
                "con un certificado sin validez.",
                hint="Configure en AVGM_FIRMA_PKCS12 el certificado del instituto (e.firma).",
                id="avgm.W103",
            )
        ]
    return []
