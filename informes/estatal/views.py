"""The state corte's internal pages: the index of cuts, the table, its Excel and PDF (the
PDF through the worker, `informes.estatal.renders`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from informes import tasks
from informes.estatal import access, renders
from informes.estatal.corte import CorteEstatal, cortes_publicados
from informes.estatal.excel import generar_excel
from informes.estatal.tabla import tabla_html
from informes.modelos_render import Render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nombre(corte: CorteEstatal, extension: str) -> str:
    return f"corte-estatal-{corte.anio}-{corte.clave}.{extension}"


def estatal_indice(request: HttpRequest) -> HttpResponse:
    access.exigir_lectura(request.user)
    return render(request, "informes/estatal/indice.html", {"cortes": cortes_publicados()})


def estatal_corte(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    return render(
        request, "informes/estatal/corte.html", {"corte": corte, "tabla": tabla_html(corte)}
    )


def estatal_xlsx(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    respuesta = HttpResponse(generar_excel(corte), content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{_nombre(corte, "xlsx")}"'
    return respuesta


def estatal_pdf(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    """The PDF of the state as it is now, rendered by the worker: its file when ready (the
    same file for everyone while nothing changes), else the progress page that waits for it."""
    access.exigir_lectura(request.user)
    corte = access.corte_de(anio, hasta)
    try:
        r = renders.solicitar(corte, Render.Formato.PDF, usuario=request.user)
    except tasks.DemasiadosEnCola as exc:
        messages.error(request, str(exc))
        return redirect("informes:estatal_corte", corte.anio, corte.clave)
    if not r.disponible:
        return redirect("informes:render", r.pk)
    try:
        archivo = r.ruta.open("rb")
    except FileNotFoundError:  # a newer render replaced it just now: ask again
        return redirect(request.path)
    return FileResponse(archivo, content_type="application/pdf", filename=_nombre(corte, "pdf"))
