"""Excel in and out for analistas: template, upload → preview → apply, and the export.

Uploading reads, validates and diffs the workbook once; the preview page shows what was stored
(`dependencias.excel.pendientes`) and never parses again. Applying re-reads and re-validates
the file inside its transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from avgm.models import Municipio
from avgm.plataforma import roles
from avgm.plataforma.cargas import limite_de_carga
from avgm.plataforma.municipios import municipio_de
from dependencias.access import ejercicios_visibles
from dependencias.excel import exportacion, importacion, pendientes
from dependencias.forms import AplicarForm, SubirLibroForm

SESION = "dependencias_importacion"


def _pendiente(request: HttpRequest) -> pendientes.Pendiente | None:
    """The upload waiting in this session, if it is still there."""
    return pendientes.leer(request.session.get(SESION))


def _descartar(request: HttpRequest) -> None:
    pendientes.descartar(request.session.pop(SESION, None))


def _municipio(request: HttpRequest) -> Municipio:
    """The municipio whose catalog and metas the user reads and imports (404 without one)."""
    municipio = municipio_de(request.user)
    if municipio is None:
        raise Http404("No trabaja en ningún municipio.")
    return municipio


def _xlsx(contenido: bytes, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(contenido, content_type=exportacion.MIME_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


@roles.requiere(roles.REVISAR)
def plantilla(request: HttpRequest) -> HttpResponse:
    return _xlsx(
        exportacion.como_bytes(exportacion.libro_plantilla(_municipio(request))),
        "plantilla_avgm.xlsx",
    )


@roles.requiere(roles.EXPORTAR)
def exportar(request: HttpRequest) -> HttpResponse:
    """The catalog and the metas (optionally of one ejercicio) of the user's municipio, in the
    import format."""
    municipio = _municipio(request)
    ejercicio = None
    anio = request.GET.get("ejercicio", "")
    if anio.isdigit():
        ejercicio = ejercicios_visibles(request.user).filter(anio=int(anio)).first()
    libro = exportacion.libro_catalogo(ejercicio, municipio)
    sufijo = f"_{ejercicio.anio}" if ejercicio else ""
    fecha = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(exportacion.como_bytes(libro), f"catalogo_y_metas{sufijo}_{fecha}.xlsx")


@roles.requiere(roles.REVISAR)
@limite_de_carga(lambda: settings.AVGM_IMPORTACION_TAMANO_MAXIMO)
def importar(request: HttpRequest) -> HttpResponse:
    """Upload a workbook (POST): validate it once and go to its preview; GET shows the form."""
    if request.method == "POST":
        form = SubirLibroForm(request.POST, request.FILES)
        if form.is_valid():
            archivo = form.cleaned_data["archivo"]
            contenido = archivo.read()
            try:
                resultado = importacion.analizar(contenido, _municipio(request), request.user)
            except importacion.ArchivoInvalido as exc:
                form.add_error("archivo", str(exc))
            else:
                _descartar(request)
                pendiente = pendientes.guardar(contenido, archivo.name, resultado)
                request.session[SESION] = pendiente.token
                messages.info(request, "Archivo recibido. Revise la vista previa antes de aplicar.")
                return redirect("dependencias:importar_vista_previa")
    else:
        form = SubirLibroForm()
    return render(
        request,
        "dependencias/importar.html",
        {
            "form": form,
            "limite_mb": settings.AVGM_IMPORTACION_TAMANO_MAXIMO // 1048576,
            "limite_filas": settings.AVGM_IMPORTACION_FILAS_MAXIMAS,
        },
    )


@roles.requiere(roles.REVISAR)
def vista_previa(request: HttpRequest) -> HttpResponse:
    """The stored preview of the pending upload (the file is not read again)."""
    pendiente = _pendiente(request)
    if pendiente is None:
        messages.warning(request, "No hay ningún archivo pendiente; súbalo de nuevo.")
        return redirect("dependencias:importar")
    return render(
        request,
        "dependencias/importar_vista_previa.html",
        {
            "nombre": pendiente.nombre,
            "resultado": pendiente.vista,
            "form": AplicarForm(initial={"huella": pendiente.huella}),
        },
    )


@require_POST
@roles.requiere(roles.REVISAR)
def aplicar(request: HttpRequest) -> HttpResponse:
    """Re-validate the pending file and apply it in one transaction, or change nothing."""
    pendiente = _pendiente(request)
    form = AplicarForm(request.POST)
    if pendiente is None or not form.is_valid():
        messages.warning(request, "No hay ningún archivo pendiente; súbalo de nuevo.")
        return redirect("dependencias:importar")
    try:
        resultado = importacion.aplicar(
            pendiente.archivo,
            municipio=_municipio(request),
            huella=form.cleaned_data["huella"],
            usuario=request.user,
            nombre=pendiente.nombre,
        )
    except importacion.ArchivoInvalido as exc:
        _descartar(request)
        messages.error(request, str(exc))
        return redirect("dependencias:importar")
    except IntegrityError:
        # Someone else wrote the same claves meanwhile; the transaction rolled back.
        messages.warning(
            request,
            "Otra persona guardó cambios al mismo tiempo; no se guardó nada. Revise la "
            "nueva vista previa.",
        )
        _revalidar(pendiente, request)
        return redirect("dependencias:importar_vista_previa")
    except importacion.ImportacionRechazada as exc:
        pendientes.actualizar(pendiente, exc.resultado)
        if exc.resultado.valido:
            messages.warning(
                request,
                "Los datos cambiaron desde la vista previa; revise la nueva vista previa "
                "antes de aplicar. No se guardó nada.",
            )
        else:
            messages.error(request, "El archivo tiene errores; no se guardó nada.")
        return redirect("dependencias:importar_vista_previa")
    _descartar(request)
    partes = [f"{h.nombre}: {h.resumen()}" for h in resultado.hojas]
    messages.success(request, f"Se aplicó «{pendiente.nombre}». " + "; ".join(partes) + ".")
    return redirect("dependencias:importar")


def _revalidar(pendiente: pendientes.Pendiente, request: HttpRequest) -> None:
    """Store a fresh preview after a failed apply, so the page shows what applying would do."""
    try:
        resultado = importacion.previsualizar(pendiente.archivo, _municipio(request), request.user)
        pendientes.actualizar(pendiente, resultado)
    except importacion.ArchivoInvalido:
        pendientes.descartar(pendiente.token)


@require_POST
@roles.requiere(roles.REVISAR)
def descartar(request: HttpRequest) -> HttpResponse:
    _descartar(request)
    messages.info(request, "Se descartó el archivo; no se guardó nada.")
    return redirect("dependencias:importar")
