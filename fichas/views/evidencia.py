"""Evidence: add a file or link, download it (logged, as attachment), view a PDF or an image
in the page (logged, inline, sandboxed), withdraw it."""

from __future__ import annotations

import errno
import logging
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from fichas import archivos, workflow
from fichas.access import (
    NEGADO_DATOS_PERSONALES,
    get_evidencia_for_user,
    get_ficha_for_user,
    puede_descargar,
)
from fichas.forms import EvidenciaForm, RetiroEvidenciaForm
from fichas.models import DescargaEvidencia, FichaTecnica
from fichas.views.pagina import (
    MARCA_FICHA,
    con_evidencia,
    guardar_lo_escrito,
    negar_o_desfasada,
    pagina_desfasada,
    pagina_ficha,
)

logger = logging.getLogger(__name__)


@require_POST
@con_evidencia
def evidencia_agregar(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file or link; from the one-form page the ficha's typed fields are saved first."""
    ficha, editable = get_ficha_for_user(request.user, pk)
    if not editable:
        return negar_o_desfasada(request, ficha)
    ficha, rechazo = guardar_lo_escrito(request, ficha)
    if rechazo:
        return rechazo
    ficha, rechazo = agregar_la_escrita(request, ficha)
    return rechazo or redirect("fichas:ficha", pk=ficha.pk)


def agregar_la_escrita(
    request: HttpRequest, ficha: FichaTecnica, *, tras_guardar: bool = False
) -> tuple[FichaTecnica, HttpResponse | None]:
    """Add the evidence of the POST (after the draft save); a 400 re-render if it is invalid."""
    tras_guardar = tras_guardar or request.POST.get(MARCA_FICHA) == "1"
    datos = request.POST.copy()
    if tras_guardar:
        datos["version"] = ficha.version  # the version the draft save just left
    form = EvidenciaForm(datos, request.FILES)
    if not form.is_valid():
        guardada = " La ficha sí se guardó como borrador." if tras_guardar else ""
        messages.error(
            request,
            "La evidencia no se guardó: "
            + " ".join(str(e) for errores in form.errors.values() for e in errores)
            + guardada,
        )
        return ficha, pagina_ficha(request, ficha, True, status=400, evidencia_form=form)
    try:
        ficha, evidencia = workflow.evidencia_agregar(
            ficha=ficha,
            usuario=request.user,
            version=form.cleaned_data["version"],
            datos=form.cleaned_data,
        )
    except workflow.PasoNoPermitido:
        return ficha, pagina_desfasada(request, ficha.pk)
    except OSError as exc:
        # The disk is full or failing: the storage left no partial file and the transaction
        # rolled the evidence back; say so on the page, with what was typed, not a 500.
        logger.error("No se pudo escribir la evidencia: %s", type(exc).__name__, exc_info=True)
        ficha.refresh_from_db()
        guardada = " La ficha sí se guardó como borrador." if tras_guardar else ""
        messages.error(
            request,
            (
                "El archivo no se guardó: el servidor se quedó sin espacio."
                if exc.errno == errno.ENOSPC
                else "El archivo no se guardó: el servidor no pudo escribirlo."
            )
            + guardada
            + " Avise al área de sistemas e intente de nuevo más tarde.",
        )
        return ficha, pagina_ficha(request, ficha, True, status=507, evidencia_form=form)
    messages.success(request, f"Evidencia «{evidencia}» agregada.")
    return ficha, None


def enlace_web(url: str) -> bool:
    """Only http and https addresses are ever linked (never javascript:, data:, ftp:...)."""
    partes = urlsplit(url)
    return partes.scheme.lower() in ("http", "https") and bool(partes.netloc)


def evidencia_descargar(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve the file as an attachment after checking access; log the download.

    A link evidence opens a page that shows its full destination before leaving the portal.
    """
    evidencia, _ = get_evidencia_for_user(request.user, pk)
    if not puede_descargar(request.user, evidencia):
        return render(
            request,
            "fichas/evidencia_restringida.html",
            {"evidencia": evidencia, "motivo": NEGADO_DATOS_PERSONALES},
            status=403,
        )
    DescargaEvidencia.objects.create(evidencia=evidencia, usuario=request.user)
    if not evidencia.archivo:
        return render(
            request,
            "fichas/evidencia_enlace.html",
            {"evidencia": evidencia, "enlace_web": enlace_web(evidencia.url)},
        )
    return FileResponse(
        evidencia.archivo.open("rb"),
        as_attachment=True,
        filename=evidencia.nombre_original or "evidencia",
        content_type=evidencia.tipo_contenido or "application/octet-stream",
    )


# The file shown inline is a document of its own, sandboxed: no script, no form, no request
# anywhere but an image of the portal, framed only by the portal's own preview page.
CSP_EN_LINEA = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)


def _abrible(request: HttpRequest, pk: int):
    """The evidence if `request.user` may open its content, else the answer to return."""
    evidencia, _ = get_evidencia_for_user(request.user, pk)
    if not puede_descargar(request.user, evidencia):
        return evidencia, render(
            request,
            "fichas/evidencia_restringida.html",
            {"evidencia": evidencia, "motivo": NEGADO_DATOS_PERSONALES},
            status=403,
        )
    return evidencia, None


def evidencia_ver(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that shows a PDF or an image evidence inside the portal, with its download.

    Any other file, or one whose bytes are not what its name says, is only downloaded.
    """
    evidencia, negada = _abrible(request, pk)
    if negada:
        return negada
    if not (evidencia.se_ve_en_linea and _tipo_en_linea(evidencia)):
        return redirect("fichas:evidencia", pk=evidencia.pk)
    return render(
        request,
        "fichas/evidencia_ver.html",
        {
            "evidencia": evidencia,
            "ficha": evidencia.ficha,
            "es_pdf": archivos.extension_de(evidencia.archivo.name) == "pdf",
        },
    )


def _tipo_en_linea(evidencia) -> str | None:
    """The type to show the stored file inline with, read from its first bytes now."""
    with evidencia.archivo.open("rb") as contenido:
        return archivos.tipo_en_linea(contenido, evidencia.archivo.name)


@xframe_options_sameorigin
def evidencia_en_linea(request: HttpRequest, pk: int) -> HttpResponse:
    """The file itself, inline, for the preview page: only when its first bytes are a PDF,
    JPEG or PNG (whatever its name says), sandboxed and never sniffed; logged as a download."""
    evidencia, negada = _abrible(request, pk)
    if negada:
        return negada
    if not evidencia.archivo:
        raise Http404("Esta evidencia es un enlace, no un archivo.")
    contenido = evidencia.archivo.open("rb")
    tipo = archivos.tipo_en_linea(contenido, evidencia.archivo.name)
    if tipo is None:
        contenido.close()
        raise Http404("Este archivo no se muestra en la página; descárguelo.")
    DescargaEvidencia.objects.create(evidencia=evidencia, usuario=request.user)
    respuesta = FileResponse(
        contenido,
        as_attachment=False,
        filename=evidencia.nombre_original
        or f"evidencia.{archivos.extension_de(evidencia.archivo.name)}",
        content_type=tipo,
    )
    respuesta["Content-Security-Policy"] = CSP_EN_LINEA
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cross-Origin-Resource-Policy"] = "same-origin"
    return respuesta


@require_POST
@con_evidencia
def evidencia_retirar(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw (never delete); from the one-form page the typed fields are saved first."""
    evidencia, puede = get_evidencia_for_user(request.user, pk)
    ficha, _ = get_ficha_for_user(request.user, evidencia.ficha_id)
    if not puede:
        return negar_o_desfasada(request, ficha)
    ficha, rechazo = guardar_lo_escrito(request, ficha)
    if rechazo:
        return rechazo
    datos = request.POST.copy()
    if request.POST.get(MARCA_FICHA) == "1":
        datos["version"] = ficha.version
    form = RetiroEvidenciaForm(datos)
    if not form.is_valid():
        messages.error(request, "Solicitud incompleta; recargue la ficha.")
        return pagina_ficha(request, ficha, True, status=400)
    try:
        workflow.evidencia_retirar(
            evidencia=evidencia,
            usuario=request.user,
            version=form.cleaned_data["version"],
            motivo=form.cleaned_data["motivo"],
        )
    except workflow.PasoNoPermitido:
        return pagina_desfasada(request, ficha.pk)
    messages.success(request, f"Evidencia «{evidencia}» retirada (se conserva en el archivo).")
    return redirect("fichas:ficha", pk=ficha.pk)
