"""The state corte's PDF, rendered by the worker as a report's draft is (`informes.tasks`).

A request asks for the `Render` of (cut, format, content): the key is a hash of what the PDF
prints (each municipio's published version, its name, the GIM's valoraciones), so a new
publication or evaluation makes a new PDF and an unchanged state serves the file already
rendered, to whoever asks. The worker renders it into the render directory and records the
outcome on the row; a failure keeps a Spanish reason and «Reintentar», as a draft's does.
"""

from __future__ import annotations

import hashlib
import logging
import os

from django.utils import timezone
from django_tasks import TaskContext, task

from informes import tasks
from informes.estatal.corte import CorteEstatal, corte_estatal
from informes.modelos_render import Render, directorio_renders

logger = logging.getLogger(__name__)

Estado = Render.Estado


def clave(corte: CorteEstatal) -> str:
    """A key that changes whenever anything the state corte prints may change."""
    partes = [
        corte.anio,
        corte.numero,
        corte.etiqueta,
        [
            (
                f.municipio.pk,
                f.municipio.nombre,
                f.municipio.demostracion,
                f.informe and f.informe.pk,
            )
            for f in corte.municipios
        ],
        [
            (r.clave, r.texto, [(c.seguimiento, c.valoracion) for c in r.celdas])
            for r in corte.recomendaciones
        ],
    ]
    return hashlib.sha256(repr(partes).encode()).hexdigest()[:32]


def solicitar(corte: CorteEstatal, formato: str, *, usuario=None) -> Render:
    """The render of the state corte in `formato` for what it prints now: existing, or created
    and queued (two requests at once meet on the unique constraint; one render serves both).
    A new render over the person's limit raises `tasks.DemasiadosEnCola`."""
    datos = {"anio": corte.anio, "trimestre": corte.numero, "formato": formato}
    version = clave(corte)
    if not Render.objects.filter(ejercicio=None, version=version, **datos).exists():
        tasks.exigir_cupo(usuario)
    render, creado = Render.objects.get_or_create(
        ejercicio=None, hasta=None, version=version, **datos, defaults={"solicitado_por": usuario}
    )
    if creado:
        tasks.encolar(render)
        render.refresh_from_db()  # an immediate backend has already run it
    elif render.estado == Estado.LISTA and not render.disponible:
        # Its file was removed (the cache directory cleared): render it again, once.
        if Render.objects.filter(pk=render.pk, estado=Estado.LISTA).update(
            estado=Estado.PENDIENTE, archivo="", solicitado_en=timezone.now(), terminado_en=None
        ):
            tasks.encolar(render)
        render.refresh_from_db()
    return tasks.estado(render)


def _escribir(render: Render, contenido: bytes) -> str:
    directorio = directorio_renders()
    directorio.mkdir(parents=True, exist_ok=True)
    nombre = f"estatal-{render.anio}-T{render.trimestre}-{render.version}.{render.formato}"
    temporal = directorio / f"{nombre}.{os.getpid()}.tmp"
    temporal.write_bytes(contenido)
    temporal.replace(directorio / nombre)  # atomic: a reader sees all or nothing
    return nombre


def _descartar_anteriores(render: Render) -> None:
    """Drop the files of this cut's obsolete state renders of the same format (rows stay)."""
    viejos = (
        Render.objects.filter(
            ejercicio=None, anio=render.anio, trimestre=render.trimestre, formato=render.formato
        )
        .exclude(pk=render.pk)
        .exclude(archivo="")
    )
    for viejo in viejos:
        viejo.ruta.unlink(missing_ok=True)
    viejos.update(archivo="")


@task(priority=tasks.PRIORIDAD_BORRADOR, takes_context=True)
def renderizar_estatal(context: TaskContext, render_id: int) -> str:
    """Render the state corte's PDF into the render directory."""
    from informes.estatal.pdf import generar_pdf
    from informes.estatal.tabla import contexto
    from informes.salidas.pdf import RenderOcupado

    render = tasks.empezar(render_id, context)
    if render is None:
        return "omitido"
    # The state as the worker reads it (a publication while it waited makes the next
    # request's key a new one, which renders again).
    corte = corte_estatal(render.anio, render.trimestre)
    try:
        nombre = _escribir(render, generar_pdf(corte, contexto(corte)))
    except RenderOcupado:
        tasks.fallar(render, tasks.ERROR_OCUPADO)
        return Estado.ERROR
    except Exception:
        logger.exception("Render of the state corte %s/T%s failed", render.anio, render.trimestre)
        tasks.fallar(render, tasks.ERROR_GENERICO)
        raise
    tasks.terminar(render, estado=Estado.LISTA, archivo=nombre)
    _descartar_anteriores(render)
    return Estado.LISTA
