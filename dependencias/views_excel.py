"""Excel in and out for analistas: template, upload → preview → apply, and the export.

The uploaded file waits between preview and confirmation under MEDIA_ROOT/importaciones with
a random name kept only in the uploader's session; applying re-reads and re-validates it.
"""

from __future__ import annotations

import datetime
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from avgm import roles
from avgm.models import Ejercicio
from dependencias import exporters, importers
from dependencias.forms import AplicarForm, SubirLibroForm

SESION = "dependencias_importacion"
# Uploads never confirmed nor discarded (a closed browser) are removed after this long.
VIGENCIA_PENDIENTE = datetime.timedelta(days=1)


def _solo_analistas(request: HttpRequest) -> None:
    if not roles.es_analista(request.user):
        raise PermissionDenied


def _carpeta() -> Path:
    carpeta = Path(settings.MEDIA_ROOT) / "importaciones"
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta


def _pendiente(request: HttpRequest) -> tuple[dict, Path] | None:
    """The upload waiting in this session, if its file is still there."""
    datos = request.session.get(SESION)
    if not datos or not str(datos.get("token", "")).isalnum():
        return None
    ruta = _carpeta() / f"{datos['token']}.xlsx"
    return (datos, ruta) if ruta.exists() else None


def _limpiar_abandonados() -> None:
    """Remove pending uploads older than VIGENCIA_PENDIENTE (never applied: not records)."""
    limite = time.time() - VIGENCIA_PENDIENTE.total_seconds()
    for ruta in _carpeta().glob("*.xlsx"):
        if ruta.stat().st_mtime < limite:
            ruta.unlink(missing_ok=True)


def _descartar(request: HttpRequest) -> None:
    if pendiente := _pendiente(request):
        pendiente[1].unlink(missing_ok=True)
    request.session.pop(SESION, None)


def _xlsx(contenido: bytes, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(contenido, content_type=exporters.MIME_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


def plantilla(request: HttpRequest) -> HttpResponse:
    _solo_analistas(request)
    return _xlsx(exporters.como_bytes(exporters.libro_plantilla()), "plantilla_avgm.xlsx")


def exportar(request: HttpRequest) -> HttpResponse:
    """The catalog and the metas (optionally of one ejercicio) in the import format."""
    if not (roles.es_analista(request.user) or roles.es_directivo(request.user)):
        raise PermissionDenied
    ejercicio = None
    anio = request.GET.get("ejercicio", "")
    if anio.isdigit():
        ejercicio = Ejercicio.objects.filter(anio=int(anio)).first()
    libro = exporters.libro_catalogo(ejercicio)
    sufijo = f"_{ejercicio.anio}" if ejercicio else ""
    fecha = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(exporters.como_bytes(libro), f"catalogo_y_metas{sufijo}_{fecha}.xlsx")


def importar(request: HttpRequest) -> HttpResponse:
    """Upload a workbook (POST) and go to its preview; GET shows the form."""
    _solo_analistas(request)
    if request.method == "POST":
        form = SubirLibroForm(request.POST, request.FILES)
        if form.is_valid():
            contenido = form.cleaned_data["archivo"].read()
            try:
                importers.abrir_libro(contenido).close()
            except importers.ArchivoInvalido as exc:
                form.add_error("archivo", str(exc))
            else:
                _descartar(request)
                _limpiar_abandonados()
                token = secrets.token_hex(16)
                ruta = _carpeta() / f"{token}.xlsx"
                ruta.write_bytes(contenido)
                ruta.chmod(settings.FILE_UPLOAD_PERMISSIONS or 0o640)
                request.session[SESION] = {
                    "token": token,
                    "nombre": form.cleaned_data["archivo"].name[:200],
                }
                messages.info(request, "Archivo recibido. Revise la vista previa antes de aplicar.")
                return redirect("dependencias:importar_vista_previa")
    else:
        form = SubirLibroForm()
    return render(
        request,
        "dependencias/importar.html",
        {"form": form, "limite_mb": settings.AVGM_IMPORTACION_TAMANO_MAXIMO // 1048576},
    )


def vista_previa(request: HttpRequest) -> HttpResponse:
    _solo_analistas(request)
    pendiente = _pendiente(request)
    if pendiente is None:
        messages.warning(request, "No hay ningún archivo pendiente; súbalo de nuevo.")
        return redirect("dependencias:importar")
    datos, ruta = pendiente
    try:
        resultado = importers.previsualizar(ruta)
    except importers.ArchivoInvalido as exc:
        _descartar(request)
        messages.error(request, str(exc))
        return redirect("dependencias:importar")
    return render(
        request,
        "dependencias/importar_vista_previa.html",
        {
            "nombre": datos["nombre"],
            "resultado": resultado,
            "form": AplicarForm(initial={"huella": resultado.huella()}),
        },
    )


@require_POST
def aplicar(request: HttpRequest) -> HttpResponse:
    """Re-validate the pending file and apply it in one transaction, or change nothing."""
    _solo_analistas(request)
    pendiente = _pendiente(request)
    form = AplicarForm(request.POST)
    if pendiente is None or not form.is_valid():
        messages.warning(request, "No hay ningún archivo pendiente; súbalo de nuevo.")
        return redirect("dependencias:importar")
    datos, ruta = pendiente
    try:
        resultado = importers.aplicar(ruta, huella=form.cleaned_data["huella"])
    except importers.ArchivoInvalido as exc:
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
        return redirect("dependencias:importar_vista_previa")
    except importers.ImportacionRechazada as exc:
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
    messages.success(request, f"Se aplicó «{datos['nombre']}». " + "; ".join(partes) + ".")
    return redirect("dependencias:importar")


@require_POST
def descartar(request: HttpRequest) -> HttpResponse:
    _solo_analistas(request)
    _descartar(request)
    messages.info(request, "Se descartó el archivo; no se guardó nada.")
    return redirect("dependencias:importar")
