"""Settings of Seguimiento AVGM, read from the environment with development defaults.

In concern order: core, security, accounts, mail, logging, tasks and caches, then the
portal's own `AVGM_*` settings. An `AVGM_*` value that a Django setting is computed from sits
beside that setting. Every environment variable read here has a row in the README's
configuration table, and a test holds that true.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from avgm.env import env_bool, env_float, env_int, env_list, env_str
from avgm.plataforma.logs import administradores
from avgm.plataforma.version_codigo import huella

# --- Core ---------------------------------------------------------------------------------

BASE_DIR = Path(__file__).resolve().parent.parent
# Local data: the SQLite database, collected static files, media and the reports' disk cache.
VAR_DIR = Path(env_str("AVGM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# The load-test configuration (`make carga`, `manage.py bench`): production settings plus the
# demo app and the bare view that pages are compared with. Never on a real server.
AVGM_CARGA = env_bool("AVGM_CARGA", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-dev-only-seguimiento-avgm"  # noqa: S105 - development only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A save refused for its token (a page from before a login in another tab) keeps its typing.
CSRF_FAILURE_VIEW = "avgm.plataforma.views_sesion.csrf_fallo"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "csp",
    "axes",
    "django_filters",
    # Before django_tasks_db: avgm's `db_worker` (heartbeat, re-queue, survives a database
    # restart) replaces the library's command of the same name.
    "avgm",
    "django_tasks",
    "django_tasks_db",
    "dependencias",
    "fichas",
    "informes",
    "planeacion",
    "publico",
    # The top layer (demo data and benchmarks; it imports every app). Its accounts have a
    # public password, so a real server (DEBUG off, not a load test) never installs it.
    *(["demo"] if DEBUG or AVGM_CARGA else []),
]

MIDDLEWARE = [
    # First, so that the duration it logs covers every other middleware.
    "avgm.plataforma.logs.PeticionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "avgm.plataforma.middleware.EncabezadosSeguridad",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the whole body: an upload over its page's limit
    # is refused as soon as that is known.
    "avgm.plataforma.cargas.RechazoDeCargaExcesiva",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "avgm.plataforma.middleware.SesionAcotada",
    "avgm.plataforma.middleware.LeerLoEscrito",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "avgm.urls"
WSGI_APPLICATION = "avgm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "avgm.context_processors.portal",
            ],
        },
    },
]
# Forms render with the project's templates; `field.as_field_group` is Bootstrap 5 markup.
FORM_RENDERER = "avgm.formularios.Bootstrap"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Database: embedded SQLite unless DATABASE_URL points elsewhere (PostgreSQL via psycopg 3).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # Two writers wait for each other instead of failing with "database is locked".
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = "America/Ciudad_Juarez"
USE_I18N = True
USE_TZ = True
# Mexican government practice: 22,533 and $ 2,800,000.00, dates dd/mm/aaaa.
FORMAT_MODULE_PATH = ["avgm.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm at install time (see package.json / Makefile).
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
]
STORAGES = {
    # Uploads appear whole or not at all (a full disk leaves no truncated evidence).
    "default": {"BACKEND": "avgm.plataforma.almacen.AlmacenSinRestos"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Uploaded evidence lives outside any public web root and is served only through views
# that check access; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-no-publica/"
FILE_UPLOAD_PERMISSIONS = 0o640
# Largest evidence file: the form checks it, the page checks it before sending (the input's
# data-tamano-maximo) and the first upload handler stops reading past it.
AVGM_EVIDENCIA_TAMANO_MAXIMO = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "avgm.plataforma.cargas.LimiteDeCarga",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Security: strict when DEBUG is off (manage.py check --deploy stays quiet) -------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from the portal's own static
# files, no inline code; Bootstrap draws some icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Sessions end after this long idle, and after AVGM_SESION_MAXIMA_HORAS regardless of use
# (avgm.plataforma.middleware.SesionAcotada); the cookie itself never outlives the maximum.
AVGM_SESION_INACTIVIDAD_MINUTOS = env_int("AVGM_SESION_INACTIVIDAD_MINUTOS", 30)
AVGM_SESION_MAXIMA_HORAS = env_int("AVGM_SESION_MAXIMA_HORAS", 12)
SESSION_COOKIE_AGE = AVGM_SESION_MAXIMA_HORAS * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Failed logins are throttled and locked out by django-axes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HORAS", 0.25)  # hours
# Lock the (username, address) pair: guessing from elsewhere never locks the real user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every management command

# Behind N trusted reverse proxies the client address is the N-th from the right of
# X-Forwarded-For; 0 (the default) ignores the header and uses REMOTE_ADDR.
AVGM_PROXIES_CONFIABLES = env_int("AVGM_PROXIES_CONFIABLES", 0)
if AVGM_PROXIES_CONFIABLES < 0:
    raise ImproperlyConfigured("AVGM_PROXIES_CONFIABLES must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "avgm.plataforma.cuentas.direccion_cliente"

# --- Accounts -----------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "login"
# Password-reset e-mails let through per address and per e-mail in any hour.
AVGM_RESTABLECIMIENTOS_POR_HORA = env_int("AVGM_RESTABLECIMIENTOS_POR_HORA", 5)

# --- Mail: console by default, SMTP when EMAIL_HOST is set --------------------------------

EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Seguimiento AVGM <avgm@imm.juarez.gob.mx>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may take: mail is sent by the task worker, and a silent server
# must not hold it (Django's default waits forever).
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 10.0)

# --- Logging ------------------------------------------------------------------------------

# One JSON line per log record on stdout, each request with its id, user id, path, status and
# duration (avgm/plataforma/logs.py); errors e-mailed to ADMINS ("Nombre <correo>,...").
ADMINS = administradores(env_str("ADMINS", ""))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "avgm.plataforma.logs.JsonFormatter"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        # Not Django's AdminEmailHandler: that one mails form values and cookies, and every
        # repeat. This one mails the type, path and request id, once per error per interval.
        "mail_admins": {
            "()": "avgm.plataforma.avisos_error.AvisoErrorHandler",
            "minutos": env_float("AVGM_AVISOS_ERROR_MINUTOS", 10),
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request/server loggers propagate to the root (no duplicate lines).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login at INFO; failures and lockouts stay visible.
        "axes": {"level": "WARNING"},
    },
}

# --- Tasks and caches ---------------------------------------------------------------------

# Renders (draft PDF and Excel), publishing and e-mail run in a background worker (manage.py
# db_worker), queued in the database: no broker, the same on SQLite and PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {
    # Shared by every server process: each corte's figures, keyed by the data revision
    # (informes.cifras.figures.calcular). The table is created by a migration (informes 0002).
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "avgm_cache",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
        # What other code computed is never served: a deploy starts with an empty cache.
        "KEY_PREFIX": huella(BASE_DIR),
    },
    # Each process's memory, in front of the shared table, for what is keyed by the data
    # revision (figures, rendered report sections: avgm.plataforma.revision.memorizar). Bounded
    # by entries: a state-scale report body is a few MB.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "avgm-local",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
}

# --- The portal's own settings ------------------------------------------------------------

# The institution's name and municipality until the Administrador saves them in the admin
# (avgm.models.Institucion); every reader goes through avgm.models.institucion_actual().
AVGM_INSTITUTO = env_str("AVGM_INSTITUTO", "Instituto Municipal de las Mujeres")
AVGM_MUNICIPIO = env_str("AVGM_MUNICIPIO", "Heroica Ciudad Juárez")
# The institute's digital signature on published PDFs (informes.salidas.firma): a PKCS#12
# file with its certificate and private key (the e.firma converted to .p12) and its
# passphrase. Unset, reports are published without a signature and say so. Where the demo is
# installed, the certificate the demo generates (marked as a demonstration) signs instead.
AVGM_FIRMA_PKCS12 = env_str("AVGM_FIRMA_PKCS12", "")
AVGM_FIRMA_CLAVE = env_str("AVGM_FIRMA_CLAVE", "")
AVGM_FIRMA_DEMO = "demo" in INSTALLED_APPS
# An RFC 3161 time-stamping server (TSA): with it the signature carries a trusted time
# (PAdES B-T); without it, the signer's own clock (B-B).
AVGM_FIRMA_TSA = env_str("AVGM_FIRMA_TSA", "")
# Absolute address of the portal, for links in e-mail and in the printed report.
AVGM_URL_PORTAL = env_str("AVGM_URL_PORTAL", "http://127.0.0.1:8000").rstrip("/")
# The micrositio's pages a published PDF cites (where to verify it, where its SHA-256 is
# listed). Written here, where the micrositio is mounted (avgm/urls.py), because the report
# (informes) may not name the micrositio's URLs; tests check they still resolve. A deployment
# of several municipios prints each municipio's own («{clave}» is its clave).
AVGM_RUTAS_PUBLICAS = {
    "verificar": "/publico/verificar/",
    "archivo": "/publico/archivo/",
    "verificar_municipio": "/publico/m/{clave}/verificar/",
    "archivo_municipio": "/publico/m/{clave}/archivo/",
}
# Days after the end of a trimestre within which fichas are due (new ejercicios).
AVGM_DIAS_PLAZO_ENTREGA = env_int("AVGM_DIAS_PLAZO_ENTREGA", 10)
# Response over the corte at or above which a dependencia counts as "alta respuesta".
AVGM_UMBRAL_ALTA_RESPUESTA = env_float("AVGM_UMBRAL_ALTA_RESPUESTA", 0.90)
# Largest workbook accepted by the Excel import (bytes).
AVGM_IMPORTACION_TAMANO_MAXIMO = env_int("AVGM_IMPORTACION_TAMANO_MAXIMO_MB", 5) * 1024 * 1024
# What the workbook's ZIP may inflate to, in total (bytes).
AVGM_IMPORTACION_DESCOMPRIMIDO_MAXIMO = (
    env_int("AVGM_IMPORTACION_DESCOMPRIMIDO_MAXIMO_MB", 50) * 1024 * 1024
)
# The largest compression ratio of one part of that ZIP.
AVGM_IMPORTACION_PROPORCION_MAXIMA = env_int("AVGM_IMPORTACION_PROPORCION_MAXIMA", 100)
# Rows with data per sheet: what the preview pages can show and one apply can write.
AVGM_IMPORTACION_FILAS_MAXIMAS = env_int("AVGM_IMPORTACION_FILAS_MAXIMAS", 10_000)
# PDF/Excel renders at once across all workers (file locks in AVGM_CACHE_INFORMES).
AVGM_RENDERS_PDF_SIMULTANEOS = env_int("AVGM_RENDERS_PDF_SIMULTANEOS", 1)
# Seconds a render waits for one of those slots before it fails.
AVGM_ESPERA_RENDER_PDF = env_float("AVGM_ESPERA_RENDER_PDF", 30.0)
# Drafts' PDFs and the render locks, shared by every server.
AVGM_CACHE_INFORMES = Path(env_str("AVGM_CACHE_INFORMES", str(VAR_DIR / "cache" / "informes")))
# How long a corte's computed figures stay in the caches (seconds).
AVGM_CACHE_CIFRAS_SEGUNDOS = env_int("AVGM_CACHE_CIFRAS_SEGUNDOS", 24 * 3600)
# While one process computes a corte's new figures, the report and the tablero show the last
# ones with their time (avgm.plataforma.revision.memorizar_vigente), if no older than this.
AVGM_CACHE_VIGENTE_MAXIMA_SEGUNDOS = env_int("AVGM_CACHE_VIGENTE_MAXIMA_SEGUNDOS", 300)
# ... and recompute them at most once in this many seconds, however fast the writes come.
AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS = env_float("AVGM_CACHE_VIGENTE_INTERVALO_SEGUNDOS", 2.0)
# Drafts (PDF, Excel) one person may have waiting in the worker's queue at once.
AVGM_RENDERS_EN_COLA_POR_PERSONA = env_int("AVGM_RENDERS_EN_COLA_POR_PERSONA", 4)
# Scheduled backups (manage.py respaldar with no file): the folder, unset where nothing backs up
# (development), how many days they are kept, and the age of the newest complete one past
# which /salud/ goes red.
_carpeta_respaldos = env_str("AVGM_RESPALDOS", "")
AVGM_RESPALDOS = Path(_carpeta_respaldos) if _carpeta_respaldos else None
AVGM_RESPALDOS_DIAS = env_int("AVGM_RESPALDOS_DIAS", 14)
AVGM_RESPALDO_EDAD_MAXIMA_HORAS = env_float("AVGM_RESPALDO_EDAD_MAXIMA_HORAS", 30.0)
# The task worker (avgm.plataforma.worker): how often it says it is alive, how long a silent
# worker counts as dead (/salud/ red, its jobs back to the queue), how many workers a job may
# lose before it fails, and how long the oldest job may wait before /salud/ turns red.
AVGM_WORKER_LATIDO_SEGUNDOS = env_float("AVGM_WORKER_LATIDO_SEGUNDOS", 5.0)
AVGM_WORKER_SIN_LATIDO_SEGUNDOS = env_float("AVGM_WORKER_SIN_LATIDO_SEGUNDOS", 30.0)
AVGM_TAREA_INTENTOS = env_int("AVGM_TAREA_INTENTOS", 3)
AVGM_COLA_ESPERA_MAXIMA_SEGUNDOS = env_float("AVGM_COLA_ESPERA_MAXIMA_SEGUNDOS", 600.0)
# Queued mail (avgm.plataforma.cola_correo): attempts before a message is given up, and the
# first wait between them (doubling each time, at most an hour).
AVGM_CORREO_INTENTOS = env_int("AVGM_CORREO_INTENTOS", 8)
AVGM_CORREO_REINTENTO_SEGUNDOS = env_float("AVGM_CORREO_REINTENTO_SEGUNDOS", 60.0)
