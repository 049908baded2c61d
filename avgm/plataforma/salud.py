"""/salud/: the monitoring's question, answered without a login and without data.

A list of named checks, each returning an estado ("ok", "aviso" or "error") and a detalle in
Spanish that names no path, no person and no raw error. Any "error" makes the answer 503 with
estado "error"; "aviso" is said but stays 200. To add a check, write a function that returns
a `Comprobacion` and add it to COMPROBACIONES.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from avgm.numeros import entero
from avgm.plataforma import certificado, cola_correo, esquema, respaldo, worker

logger = logging.getLogger(__name__)

OK, AVISO, ERROR = "ok", "aviso", "error"


@dataclass(frozen=True)
class Comprobacion:
    estado: str
    detalle: str


def base_de_datos() -> Comprobacion:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Comprobacion(OK, "responde")


def migraciones() -> Comprobacion:
    faltan = esquema.comparar(esquema.aplicadas()).faltan
    if faltan:
        return Comprobacion(
            ERROR, f"{esquema.faltan(len(faltan))} por aplicar: ejecute manage.py migrate"
        )
    return Comprobacion(OK, "el esquema de la base es el del código")


def _fecha(momento: datetime.datetime) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y %H:%M")


def respaldos() -> Comprobacion:
    actual = respaldo.estado()
    if not actual.configurado:
        return Comprobacion(AVISO, "no hay respaldos programados (AVGM_RESPALDOS vacía)")
    limite = settings.AVGM_RESPALDO_EDAD_MAXIMA_HORAS
    if actual.ultimo is None:
        detalle = "no hay ningún respaldo completo"
        estado = ERROR
    else:
        horas = (timezone.now() - actual.ultimo).total_seconds() / 3600
        detalle = f"último respaldo completo hace {horas:.0f} h (límite: {limite:g} h)"
        estado = ERROR if horas > limite else OK
    if actual.fallo_cuando:
        # The reason may name paths: it is in the log and on the admin's home page.
        detalle += f"; el intento del {_fecha(actual.fallo_cuando)} falló"
        estado = ERROR if estado == ERROR else AVISO
    return Comprobacion(estado, detalle)


SIN_COLA = "las tareas corren dentro de la petición (sin cola ni worker)"


def worker_de_tareas() -> Comprobacion:
    """Error while no task worker beats: renders, publications and mail would wait forever."""
    if not worker.en_uso():
        return Comprobacion(OK, SIN_COLA)
    vivos, hace = worker.latidos()
    if vivos:
        return Comprobacion(
            OK, f"{entero(vivos)} en marcha; último latido hace {entero(round(hace))} s"
        )
    if hace is None:
        return Comprobacion(ERROR, "ningún worker ha latido nunca: arranque avgm-worker")
    limite = settings.AVGM_WORKER_SIN_LATIDO_SEGUNDOS
    return Comprobacion(
        ERROR,
        f"sin latido desde hace {entero(round(hace))} s (límite: {entero(round(limite))} s): "
        "revise avgm-worker",
    )


def cola_de_tareas() -> Comprobacion:
    """Error when the oldest job ready to run has waited too long (a worker stuck or swamped)."""
    if not worker.en_uso():
        return Comprobacion(OK, SIN_COLA)
    en_espera, en_curso, espera = worker.cola()
    limite = settings.AVGM_COLA_ESPERA_MAXIMA_SEGUNDOS
    return Comprobacion(
        ERROR if espera > limite else OK,
        f"{entero(en_espera)} en espera, {entero(en_curso)} en curso; la más antigua espera hace "
        f"{entero(round(espera))} s (límite: {entero(round(limite))} s)",
    )


def correo() -> Comprobacion:
    """Mail the worker is retrying or gave up is said, as a warning: the site itself works."""
    if not worker.en_uso():
        return Comprobacion(OK, SIN_COLA)
    cuenta = cola_correo.salud()
    return Comprobacion(
        AVISO if cuenta["en_reintento"] or cuenta["fallidos_24h"] else OK,
        f"{entero(cuenta['en_cola'])} en cola, {entero(cuenta['en_reintento'])} esperando otro "
        f"intento, {entero(cuenta['fallidos_24h'])} no enviados en 24 h",
    )


AVISO_VENCIMIENTO_DIAS = 30


def firma() -> Comprobacion:
    """The signing certificate: a problem is a warning (publishing fails, the rest works)."""
    if not settings.AVGM_FIRMA_PKCS12:
        return Comprobacion(OK, "sin certificado: los informes se publican sin firma digital")
    try:
        vigente = certificado.actual()
    except certificado.CertificadoVencido:
        return Comprobacion(AVISO, "el certificado de firma está vencido: publicar falla")
    except certificado.CertificadoInvalido:
        return Comprobacion(AVISO, "el certificado de firma configurado no abre: publicar falla")
    restan = (vigente.vence - timezone.now()).days
    if restan <= AVISO_VENCIMIENTO_DIAS:
        return Comprobacion(AVISO, f"el certificado de firma vence en {restan} días")
    return Comprobacion(OK, f"certificado vigente hasta el {vigente.vence:%d/%m/%Y}")


def adscripciones() -> Comprobacion:
    """With several municipios, an account that works in none reads nothing: a warning."""
    from avgm.plataforma import municipios

    if not municipios.varios():
        return Comprobacion(OK, "un solo municipio: no hacen falta adscripciones")
    sin = municipios.sin_adscripcion().count()
    if sin:
        return Comprobacion(
            AVISO,
            f"{entero(sin)} {'cuenta activa' if sin == 1 else 'cuentas activas'} sin municipio "
            "de adscripción: no ven ningún dato hasta que la administración les asigne uno",
        )
    return Comprobacion(OK, "cada cuenta activa trabaja en un municipio")


# Run in this order; the first answers whether the database is there at all.
COMPROBACIONES: list[tuple[str, Callable[[], Comprobacion]]] = [
    ("base_de_datos", base_de_datos),
    ("migraciones", migraciones),
    ("respaldo", respaldos),
    ("worker", worker_de_tareas),
    ("cola", cola_de_tareas),
    ("correo", correo),
    ("firma", firma),
    ("adscripciones", adscripciones),
]


def comprobar() -> list[dict[str, str]]:
    resultados = []
    for nombre, funcion in COMPROBACIONES:
        try:
            resultado = funcion()
        except DatabaseError:
            resultado = Comprobacion(ERROR, "la base de datos no responde")
        except Exception:
            logger.exception("La comprobación %s falló", nombre)
            resultado = Comprobacion(ERROR, "la comprobación falló (vea el registro)")
        resultados.append(
            {"nombre": nombre, "estado": resultado.estado, "detalle": resultado.detalle}
        )
    return resultados


def estado_general(comprobaciones: list[dict[str, str]]) -> str:
    return ERROR if any(c["estado"] == ERROR for c in comprobaciones) else OK


@login_not_required
@never_cache
@require_GET
def salud(request: HttpRequest) -> JsonResponse:
    """200 {"estado": "ok", "comprobaciones": [...]} while no check is in error, else 503."""
    comprobaciones = comprobar()
    estado = estado_general(comprobaciones)
    return JsonResponse(
        {"estado": estado, "comprobaciones": comprobaciones},
        status=503 if estado == ERROR else 200,
        json_dumps_params={"ensure_ascii": False},
    )
