"""Renders of the report that run in the background worker (`manage.py db_worker`).

A request never renders: it asks for the `Render` of (corte, format, data version), which is
created and queued once; every later request for the same draft finds that row and waits for
it. The worker renders the file (draft PDF, draft Excel) or publishes a version, and records
the outcome on the row. A failed render keeps a Spanish reason and can be retried.

Publications go before drafts in the queue (their priority), and one person has at most
AVGM_RENDERS_EN_COLA_POR_PERSONA drafts waiting. A job whose worker died goes back to the
queue (avgm.plataforma.worker) and its next run takes the row over; a job that lost too many
workers fails, and the page of whoever waits says so.
"""

from __future__ import annotations

import datetime
import logging
import os

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from avgm.numeros import entero
from avgm.plataforma import worker
from informes.cifras.corte import Corte
from informes.divulgacion.auditoria import RECHAZO, PublicacionInsegura
from informes.modelos_render import Render, directorio_renders
from informes.salidas.reporte import version_de_datos

logger = logging.getLogger(__name__)

Estado = Render.Estado
Formato = Render.Formato

ERROR_OCUPADO = "El servidor estaba ocupado generando otros informes."
ERROR_GENERICO = "Ocurrió un error al generar el archivo; el equipo técnico quedó avisado."
ERROR_VENCIDO = "La generación tardó demasiado y se dio por perdida."
ERROR_INTERRUMPIDO = (
    "El proceso que generaba el archivo se detuvo varias veces sin terminar; el equipo técnico "
    "quedó avisado."
)
ERROR_SIMULTANEA = (
    "Otra persona publicó esta versión del corte al mismo tiempo; revise las versiones antes "
    "de publicar de nuevo."
)

ERROR_FIRMA = "No se publicó: el PDF no se pudo firmar."

# The queue serves higher numbers first: a publication never waits behind drafts.
PRIORIDAD_PUBLICACION = 20
PRIORIDAD_BORRADOR = 0


# A draft without the unpublished narrative (for readers who may not see it) is its own render:
# its key is the data version with this ending, so it never serves, nor replaces, the other.
SIN_NARRATIVA = "-sin-narrativa"


def _variante(con_narrativa: bool) -> Q:
    sin = Q(version__endswith=SIN_NARRATIVA)
    return ~sin if con_narrativa else sin


class DemasiadosEnCola(Exception):
    """This person already has as many drafts waiting as one person may."""


def _vence() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "AVGM_RENDER_VENCE_MINUTOS", 15))


def clave_publicacion(corte: Corte, version: int) -> str:
    """A publication's key: the data version it was confirmed on, and the version it becomes."""
    return f"{version_de_datos(corte)}-v{version}"


def encolar(render: Render) -> None:
    if render.estatal:
        from informes.estatal.renders import renderizar_estatal as tarea
    elif render.formato == Formato.PUBLICACION:
        tarea = publicar_version
    else:
        tarea = renderizar_borrador
    resultado = tarea.enqueue(render.pk)
    Render.objects.filter(pk=render.pk).update(tarea_id=str(resultado.id)[:64])


def ultimo_listo(corte: Corte, formato: str, *, con_narrativa: bool = True) -> Render | None:
    """The latest complete draft of `corte` in `formato` whose file is still there (of any
    data version: a newer one replaces its file, so there is one at most), with or without
    the narrative."""
    for render in (
        Render.objects.filter(
            _variante(con_narrativa),
            ejercicio=corte.ejercicio,
            hasta=corte.hasta,
            formato=formato,
            estado=Estado.LISTA,
        )
        .exclude(archivo="")
        .order_by("-terminado_en", "-pk")[:3]
    ):
        if render.disponible:
            return render
    return None


def _en_curso(corte: Corte, formato: str, con_narrativa: bool) -> Render | None:
    """A draft of `corte` in `formato` queued or being rendered now (for older data)."""
    return (
        Render.objects.filter(
            _variante(con_narrativa),
            ejercicio=corte.ejercicio,
            hasta=corte.hasta,
            formato=formato,
            estado__in=[Estado.PENDIENTE, Estado.EN_CURSO],
            solicitado_en__gte=timezone.now() - _vence(),
        )
        .order_by("-solicitado_en", "-pk")
        .first()
    )


def solicitar(
    corte: Corte,
    formato: str,
    *,
    version: str | None = None,
    usuario=None,
    errata: str = "",
    en_curso_basta: bool = False,
    con_narrativa: bool = True,
) -> Render:
    """The render of `corte` in `formato` for the current data: existing, or created and queued.

    Two requests at once meet on the unique constraint: only the one that created the row
    queues it, so one render serves both. A new draft over the person's limit raises
    `DemasiadosEnCola` (joining a render already asked for never does).

    `en_curso_basta` (a draft whose last complete file the person gets meanwhile): while a
    draft of this corte is already being rendered for older data, no other is queued; the next
    request after it finishes queues one for the data of then. So writes arriving faster than
    a render never pile renders up in the worker's queue: one at a time per corte and format.

    Without `con_narrativa` a draft prints no unpublished narrative (its own render).
    """
    clave = {
        "ejercicio": corte.ejercicio,
        "hasta": corte.hasta,
        "formato": formato,
        "version": version or version_de_datos(corte) + ("" if con_narrativa else SIN_NARRATIVA),
    }
    if formato != Formato.PUBLICACION and not Render.objects.filter(**clave).exists():
        if en_curso_basta and (previo := _en_curso(corte, formato, con_narrativa)) is not None:
            _marcar_si_vencido(previo)
            if previo.en_espera:
                return previo
        exigir_cupo(usuario)
    render, creado = Render.objects.get_or_create(
        **clave, defaults={"solicitado_por": usuario, "errata": errata}
    )
    if creado:
        encolar(render)
        render.refresh_from_db()  # an immediate backend has already run it
    elif render.estado == Estado.LISTA and not render.disponible:
        # Its file was removed (the cache directory cleared): render it again, once.
        if Render.objects.filter(pk=render.pk, estado=Estado.LISTA).update(
            estado=Estado.PENDIENTE, archivo="", solicitado_en=timezone.now(), terminado_en=None
        ):
            encolar(render)
        render.refresh_from_db()
    else:
        _marcar_si_vencido(render)
    return render


def exigir_cupo(usuario) -> None:
    if usuario is None:
        return
    limite = settings.AVGM_RENDERS_EN_COLA_POR_PERSONA
    en_cola = (
        Render.objects.filter(
            solicitado_por=usuario,
            estado__in=[Estado.PENDIENTE, Estado.EN_CURSO],
            solicitado_en__gte=timezone.now() - _vence(),
        )
        .exclude(formato=Formato.PUBLICACION)
        .count()
    )
    if en_cola >= limite:
        raise DemasiadosEnCola(
            f"Ya tiene {entero(en_cola)} archivos en preparación, el máximo por persona. Espere a que "
            "terminen (la página de cada uno avisa) antes de pedir otro."
        )


def sin_worker(render: Render) -> bool:
    """Whether the render waits for a worker that is not there (the page says so)."""
    return render.en_espera and worker.en_uso() and not worker.hay_vivo()


def estado(render: Render) -> Render:
    """The render as it stands (a lost one marked as failed)."""
    _marcar_si_vencido(render)
    return render


def reintentable(render: Render) -> bool:
    """A failed render can run again, except a publication whose version someone else took
    or that the disclosure audit refused (the same data would be refused again)."""
    return (
        render.estado == Estado.ERROR
        and render.error != ERROR_SIMULTANEA
        and not render.error.startswith(RECHAZO)
    )


def _marcar_si_vencido(render: Render) -> None:
    """A render whose job failed without saying so (it lost its worker too many times), or
    queued or running for too long, becomes an error that can be retried."""
    if not render.en_espera:
        return
    error = None
    if (fallo := _fallo_de_la_tarea(render)) is not None:
        error = ERROR_INTERRUMPIDO if fallo == worker.WORKER_PERDIDO else ERROR_GENERICO
    elif render.solicitado_en < timezone.now() - _vence():
        error = ERROR_VENCIDO
    if error:
        Render.objects.filter(pk=render.pk, estado=render.estado).update(
            estado=Estado.ERROR, error=error, terminado_en=timezone.now()
        )
        render.refresh_from_db()


def _fallo_de_la_tarea(render: Render) -> str | None:
    """The exception of the render's job if the queue has it as failed, else None."""
    if not (render.tarea_id and default_task_backend.supports_get_result):
        return None
    try:
        resultado = default_task_backend.get_result(render.tarea_id)
    except TaskResultDoesNotExist:  # the queue was cleaned
        return None
    if resultado.status != TaskResultStatus.FAILED:
        return None
    return resultado.errors[-1].exception_class_path if resultado.errors else ""


def reintentar(render: Render) -> Render:
    """Queue a failed render again (once, however many people press «Reintentar»)."""
    if reintentable(render) and Render.objects.filter(pk=render.pk, estado=Estado.ERROR).update(
        estado=Estado.PENDIENTE, error="", solicitado_en=timezone.now(), terminado_en=None
    ):
        encolar(render)
    render.refresh_from_db()
    return render


def empezar(render_id: int, contexto: TaskContext) -> Render | None:
    """Claim the row for this run; None if another run got it or it is no longer pending.

    The same job run again (its worker died mid-render and the job went back to the queue)
    takes over the row the dead run left «en curso».
    """
    tarea = str(contexto.task_result.id)[:64]
    with transaction.atomic():
        if not Render.objects.filter(
            Q(estado=Estado.PENDIENTE) | Q(estado=Estado.EN_CURSO, tarea_id=tarea), pk=render_id
        ).update(estado=Estado.EN_CURSO, iniciado_en=timezone.now()):
            return None
    return Render.objects.select_related("ejercicio", "hasta", "solicitado_por").get(pk=render_id)


def terminar(render: Render, **campos) -> None:
    Render.objects.filter(pk=render.pk).update(terminado_en=timezone.now(), **campos)


def fallar(render: Render, mensaje: str) -> None:
    terminar(render, estado=Estado.ERROR, error=mensaje)


def _escribir(render: Render, contenido: bytes) -> str:
    directorio = directorio_renders()
    directorio.mkdir(parents=True, exist_ok=True)
    nombre = (
        f"borrador-{render.ejercicio.anio}-{render.hasta.clave}-{render.version}.{render.formato}"
    )
    temporal = directorio / f"{nombre}.{os.getpid()}.tmp"
    temporal.write_bytes(contenido)
    temporal.replace(directorio / nombre)  # atomic: a reader sees all or nothing
    return nombre


def _descartar_anteriores(render: Render) -> None:
    """Drop the files of this corte's obsolete drafts of the same kind (with or without the
    narrative; a cache, not records; rows stay)."""
    viejos = Render.objects.filter(
        _variante(_con_narrativa(render)),
        ejercicio=render.ejercicio,
        hasta=render.hasta,
        formato=render.formato,
    ).exclude(pk=render.pk)
    for viejo in viejos.exclude(archivo=""):
        if viejo.ruta:
            viejo.ruta.unlink(missing_ok=True)
    viejos.exclude(archivo="").update(archivo="")


def _con_narrativa(render: Render) -> bool:
    return not render.version.endswith(SIN_NARRATIVA)


def _contenido_de_borrador(corte: Corte, formato: str, con_narrativa: bool) -> bytes:
    from informes.access import textos_sin_publicar
    from informes.cifras.figures import calcular
    from informes.publicacion import narrativa_de, textos_de
    from informes.salidas.excel import generar_excel
    from informes.salidas.pdf import generar_pdf
    from informes.salidas.reporte import con_comparacion

    textos = textos_de(narrativa_de(corte)) if con_narrativa else textos_sin_publicar()
    if formato == Formato.PDF:
        return generar_pdf(corte, con_comparacion(corte, calcular(corte)), textos)[0]
    return generar_excel(corte, calcular(corte), textos)


@task(priority=PRIORIDAD_BORRADOR, takes_context=True)
def renderizar_borrador(context: TaskContext, render_id: int) -> str:
    """Render a corte's draft PDF or Excel into the render directory."""
    from informes.salidas.pdf import RenderOcupado

    render = empezar(render_id, context)
    if render is None:
        return "omitido"
    corte = Corte.de(render.ejercicio, render.hasta)
    try:
        contenido = _contenido_de_borrador(corte, render.formato, _con_narrativa(render))
        nombre = _escribir(render, contenido)
    except RenderOcupado:
        fallar(render, ERROR_OCUPADO)
        return Estado.ERROR
    except Exception:
        logger.exception("Render %s of corte %s failed", render.formato, corte.etiqueta)
        fallar(render, ERROR_GENERICO)
        raise
    terminar(render, estado=Estado.LISTA, archivo=nombre)
    _descartar_anteriores(render)
    return Estado.LISTA


@task(priority=PRIORIDAD_PUBLICACION, takes_context=True)
def publicar_version(context: TaskContext, render_id: int) -> str:
    """Publish the version the analista confirmed: figures, narrative, PDF and Excel frozen.

    The PDF is signed here, with the institute's certificate when one is configured: the
    private key is used by the worker only, never in a request.

    The row is marked ready in the transaction that publishes: a worker killed after that
    commit leaves nothing to redo, and one killed before it leaves nothing published, so the
    job's next run publishes the same version (publicar overwrites the files it left).
    """
    from informes.publicacion import NombresComoFormula, PublicacionSimultanea, publicar
    from informes.salidas.firma import CertificadoInvalido, FirmaFallida
    from informes.salidas.pdf import RenderOcupado

    render = empezar(render_id, context)
    if render is None:
        return "omitido"
    corte = Corte.de(render.ejercicio, render.hasta)
    version = int(render.version.rsplit("-v", 1)[1])
    try:
        publicar(
            corte,
            usuario=render.solicitado_por,
            errata=render.errata,
            version=version,
            al_publicar=lambda informe: terminar(render, estado=Estado.LISTA, informe=informe),
        )
    except RenderOcupado:
        fallar(render, ERROR_OCUPADO)
        return Estado.ERROR
    except PublicacionSimultanea:
        fallar(render, ERROR_SIMULTANEA)
        return Estado.ERROR
    except PublicacionInsegura as exc:
        logger.warning("Publishing corte %s refused by the disclosure audit", corte.etiqueta)
        fallar(render, str(exc))
        return Estado.ERROR
    except NombresComoFormula as rechazo:
        fallar(render, str(rechazo))
        return Estado.ERROR
    except (CertificadoInvalido, FirmaFallida) as exc:
        logger.error("Publishing corte %s: the signing certificate cannot sign", corte.etiqueta)
        fallar(render, f"{ERROR_FIRMA} {exc}")
        return Estado.ERROR
    except Exception:
        logger.exception("Publishing corte %s failed", corte.etiqueta)
        fallar(render, ERROR_GENERICO)
        raise
    return Estado.LISTA
