"""System checks for configuration the portal cannot work without."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from avgm.numeros import entero
from avgm.plataforma import esquema
from avgm.texto import filas_con_formula


@register()
def media_escribible(app_configs, **kwargs):
    root = settings.MEDIA_ROOT
    try:
        os.makedirs(root, exist_ok=True)
    except OSError as exc:
        return [Error(f"No se puede crear MEDIA_ROOT ({root}): {exc}", id="avgm.E001")]
    if not os.access(root, os.W_OK):
        return [Error(f"MEDIA_ROOT ({root}) no es escribible.", id="avgm.E001")]
    return []


@register()
def weasyprint_importable(app_configs, **kwargs):
    try:
        import weasyprint  # noqa: F401
    except Exception as exc:  # OSError when Pango is missing
        return [Error(f"WeasyPrint no se puede importar: {exc}", id="avgm.E002")]
    return []


# The placeholder of .env.example (tests/avgm/test_seguridad_encabezados.py keeps the two in sync).
CLAVE_DE_EJEMPLO = "change-me-to-a-long-random-string"
CLAVE_LONGITUD_MINIMA = 50


@register()
def clave_secreta_propia(app_configs, **kwargs):
    """With DEBUG off, refuse the example SECRET_KEY or one too short to resist guessing."""
    if settings.DEBUG:
        return []
    clave = settings.SECRET_KEY or ""
    if clave == CLAVE_DE_EJEMPLO:
        return [
            Error(
                "SECRET_KEY es la clave de ejemplo de .env.example.",
                hint="Genere una propia: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="avgm.E003",
            )
        ]
    if len(clave) < CLAVE_LONGITUD_MINIMA:
        return [
            Error(
                f"SECRET_KEY tiene {entero(len(clave))} caracteres; se requieren al menos "
                f"{CLAVE_LONGITUD_MINIMA}.",
                hint="Genere una propia: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="avgm.E003",
            )
        ]
    return []


# A deployment check that reads the database: it runs in the servers' start-up check
# (`check --deploy --database default`, deploy/systemd/avgm.service), not in `migrate`, which
# runs the database checks without --deploy and would otherwise refuse to apply the very
# migrations this asks for.
@register(Tags.database, deploy=True)
def migraciones_aplicadas(app_configs, databases=None, **kwargs):
    """An unmigrated database (an old backup just restored, new code not yet migrated) would
    serve errors where the code expects columns that are not there: refuse to start on it."""
    problemas = []
    for alias in databases or []:
        try:
            faltan = esquema.comparar(esquema.aplicadas(alias)).faltan
        except DatabaseError as exc:
            problemas.append(Error(f"No se pudo leer la base «{alias}»: {exc}", id="avgm.E201"))
            continue
        if faltan:
            problemas.append(
                Error(
                    f"La base «{alias}» tiene {esquema.migraciones(len(faltan))} sin aplicar "
                    f"({esquema.resumen(faltan)}): el código espera tablas y columnas que no "
                    "existen.",
                    hint="Ejecute manage.py migrate (tras restaurar un respaldo anterior o al "
                    "actualizar el código) y vuelva a arrancar.",
                    id="avgm.E201",
                )
            )
    return problemas


@register(Tags.database)
def nombres_sin_formula(app_configs, databases=None, **kwargs):
    """Names that reach the open data and start like a spreadsheet formula (saved before the
    rule). Runs with `manage.py migrate` and `manage.py check --database default`."""
    avisos = []
    for alias in databases or []:
        try:
            halladas = filas_con_formula(alias)
        except DatabaseError:  # tables not created yet: nothing stored to check
            continue
        if halladas:
            avisos.append(
                Warning(
                    f"{entero(len(halladas))} nombre(s) de la base «{alias}» empiezan con «=», «+», «-» "
                    "o «@» y una hoja de cálculo los ejecutaría como fórmula: "
                    + "; ".join(halladas[:10]),
                    hint="Corríjalos en el admin; mientras exista uno, publicar un informe se "
                    "niega.",
                    id="avgm.W202",
                )
            )
    return avisos
