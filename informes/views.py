"""Views of the Informe de corte: overview, report page, downloads, narrative, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from avgm import roles
from avgm.models import Periodo
from informes.comparacion import comparar
from informes.corte import Corte, corte_en_curso
from informes.detalle import detalle as detalle_de
from informes.excel import generar_excel
from informes.figures import calcular
from informes.forms import CorteForm, NarrativaForm, PublicarForm
from informes.models import InformePublicado
from informes.pdf import RenderOcupado, pdf_de_borrador, turno_de_render
from informes.publicacion import (
    PublicacionSimultanea,
    guardar_narrativa,
    narrativa_de,
    publicar,
    textos_de,
    ultima_publicada,
)
from informes.reporte import con_comparacion, contexto, version_de_datos
from informes.sugerencias import sugerir

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _corte(anio: int, hasta: str) -> Corte:
    try:
        return Corte.buscar(anio, hasta)
    except (Periodo.DoesNotExist, ValueError) as exc:
        raise Http404("No existe ese corte.") from exc


def _nombre(corte: Corte, extension: str, sufijo: str = "borrador") -> str:
    return f"informe-corte-{corte.ejercicio.anio}-{corte.hasta.clave}-{sufijo}.{extension}"


def _ocupado() -> HttpResponse:
    return HttpResponse(
        "El servidor está generando otros informes; intente de nuevo en un momento.",
        status=503,
        headers={"Retry-After": "10"},
        content_type="text/plain; charset=utf-8",
    )


@roles.requiere(roles.LEER_TODO)
def tablero(request: HttpRequest) -> HttpResponse:
    """Read-only overview of the current corte for directivos and analistas."""
    corte = corte_en_curso()
    figuras = calcular(corte) if corte else None
    return render(
        request,
        "informes/tablero.html",
        {
            "corte": corte,
            "f": figuras,
            "anio": str(corte.ejercicio.anio) if corte else "",
            "hasta": corte.hasta.clave if corte else "",
            "enlaces": True,
            "publicados": InformePublicado.objects.select_related("ejercicio", "hasta")[:5],
        },
    )


@roles.requiere(roles.LEER_TODO)
def lista(request: HttpRequest) -> HttpResponse:
    """Published versions, newest first, and a form to open any corte's draft."""
    form = CorteForm(request.GET or None)
    if form.is_valid():
        periodo = form.cleaned_data["periodo"]
        return redirect("informes:corte", periodo.ejercicio.anio, periodo.clave)
    publicados = InformePublicado.objects.select_related("ejercicio", "hasta", "publicado_por")
    return render(request, "informes/lista.html", {"form": form, "publicados": publicados})


@roles.requiere(roles.LEER_TODO)
def corte(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    """The draft report of a corte with live data, and how it differs from the last published."""
    c = _corte(anio, hasta)
    figuras = con_comparacion(c, calcular(c))
    ultima = ultima_publicada(c)
    ctx = contexto(c, figuras, textos_de(narrativa_de(c)), borrador=True)
    ctx.update(
        {
            "ultima": ultima,
            "diferencias": comparar(figuras, ultima.figuras, solo_cambios=True) if ultima else None,
            "publicar_form": PublicarForm(correccion=ultima is not None),
        }
    )
    return render(request, "informes/corte.html", ctx)


@roles.requiere(roles.LEER_TODO)
def corte_pdf(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    c = _corte(anio, hasta)
    try:
        contenido = pdf_de_borrador(
            c,
            version_de_datos(c),
            lambda: (con_comparacion(c, calcular(c)), textos_de(narrativa_de(c))),
        )
    except RenderOcupado:
        return _ocupado()
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'inline; filename="{_nombre(c, "pdf")}"'
    return respuesta


@roles.requiere(roles.LEER_TODO)
def corte_xlsx(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    c = _corte(anio, hasta)
    try:
        with turno_de_render():  # a state-scale workbook costs seconds of CPU, like a PDF
            contenido = generar_excel(c, calcular(c), textos_de(narrativa_de(c)))
    except RenderOcupado:
        return _ocupado()
    respuesta = HttpResponse(contenido, content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{_nombre(c, "xlsx")}"'
    return respuesta


@roles.requiere(roles.PUBLICAR)
def narrativa(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    """Analistas write the corte's narrative; an empty section starts from the data's suggestion."""
    c = _corte(anio, hasta)
    actual = narrativa_de(c)
    if request.method == "POST":
        form = NarrativaForm(request.POST, instance=actual)
        if form.is_valid():
            guardar_narrativa(c, usuario=request.user, textos=form.cleaned_data)
            messages.success(request, f"Narrativa del corte {c.etiqueta} guardada.")
            return redirect("informes:corte", anio, c.hasta.clave)
    else:
        sugerencias = sugerir(calcular(c))
        inicial = {k: v for k, v in sugerencias.items() if not (actual and getattr(actual, k))}
        form = NarrativaForm(instance=actual, initial=inicial)
    return render(
        request,
        "informes/narrativa.html",
        {"form": form, "corte": c, "anio": anio, "hasta": c.hasta.clave, "nueva": actual is None},
    )


@require_POST
@roles.requiere(roles.PUBLICAR)
def publicar_corte(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    c = _corte(anio, hasta)
    form = PublicarForm(request.POST, correccion=ultima_publicada(c) is not None)
    if not form.is_valid():
        for error in form.errors.get("errata", []):
            messages.error(request, error)
        return redirect("informes:corte", anio, c.hasta.clave)
    try:
        informe = publicar(c, usuario=request.user, errata=form.cleaned_data["errata"])
    except RenderOcupado:
        messages.error(
            request, "El servidor está generando otros PDF; publique de nuevo en un momento."
        )
        return redirect("informes:corte", anio, c.hasta.clave)
    except PublicacionSimultanea:
        messages.error(
            request,
            "Otra persona publicó esta versión del corte al mismo tiempo; revise las versiones "
            "antes de publicar de nuevo.",
        )
        return redirect("informes:corte", anio, c.hasta.clave)
    messages.success(
        request,
        f"Informe {c.etiqueta} publicado como versión {informe.version} "
        f"({informe.paginas} páginas, SHA-256 {informe.sha256[:12]}…).",
    )
    return redirect("informes:publicado", informe.pk)


def _publicado(request: HttpRequest, pk: int) -> InformePublicado:
    roles.exigir(request.user, roles.LEER_TODO)
    return get_object_or_404(
        InformePublicado.objects.select_related("ejercicio", "hasta", "publicado_por"), pk=pk
    )


def publicado(request: HttpRequest, pk: int) -> HttpResponse:
    """A published version, read from its frozen figures and narrative."""
    informe = _publicado(request, pk)
    c = Corte.de(informe.ejercicio, informe.hasta)
    ctx = contexto(c, informe.figuras, informe.narrativa, borrador=False, publicado=informe)
    ctx["enlaces"] = False  # the frozen figures are not live: no drill-down into today's data
    ctx["versiones"] = InformePublicado.objects.del_corte(informe.ejercicio_id, informe.hasta_id)
    return render(request, "informes/publicado.html", ctx)


def publicado_pdf(request: HttpRequest, pk: int) -> FileResponse:
    informe = _publicado(request, pk)
    nombre = f"informe-corte-{informe.ejercicio.anio}-{informe.hasta.clave}-v{informe.version}.pdf"
    return FileResponse(informe.pdf.open("rb"), content_type="application/pdf", filename=nombre)


def publicado_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    informe = _publicado(request, pk)
    if not informe.xlsx:
        raise Http404("Esta versión no tiene Excel.")
    nombre = f"informe-corte-{informe.ejercicio.anio}-{informe.hasta.clave}-v{informe.version}.xlsx"
    return FileResponse(
        informe.xlsx.open("rb"), content_type=XLSX, as_attachment=True, filename=nombre
    )


@roles.requiere(roles.LEER_TODO)
def detalle(request: HttpRequest, anio: int, hasta: str, figura: str) -> HttpResponse:
    """The recomendaciones, metas and fichas behind one figure of the corte."""
    c = _corte(anio, hasta)
    d = detalle_de(c, figura, request.GET.get("clave", ""))
    metas = Paginator(
        d.metas.select_related("dependencia", "tipo_accion").order_by(
            "dependencia__siglas", "clave"
        ),
        100,
    ).get_page(request.GET.get("pm"))
    fichas = Paginator(
        d.fichas.select_related("meta__dependencia", "periodo__ejercicio").order_by(
            "periodo__numero", "meta__clave"
        ),
        100,
    ).get_page(request.GET.get("pf"))
    return render(
        request,
        "informes/detalle.html",
        {
            "d": d,
            "corte": c,
            "recomendaciones": d.recomendaciones.order_by("orden", "clave")[:300]
            if d.recomendaciones is not None
            else None,
            "metas": metas,
            "fichas": fichas,
            "volver": reverse("informes:corte", args=[anio, c.hasta.clave]),
            "clave": request.GET.get("clave", ""),
        },
    )
