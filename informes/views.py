"""Views of the Informe de corte: overview, report page, downloads, narrative, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_POST

from avgm.models import institucion_actual
from avgm.plataforma import roles
from avgm.plataforma.middleware import marcas_de
from informes import access, tasks
from informes.cifras.corte import Corte
from informes.cifras.detalle import detalle as detalle_de
from informes.cifras.figures import calcular
from informes.cifras.sugerencias import sugerir
from informes.estatal import access as acceso_estatal
from informes.estatal.corte import corte_estatal
from informes.forms import CorteForm, NarrativaForm, PublicarForm
from informes.models import InformePublicado, Render
from informes.publicacion import (
    guardar_narrativa,
    narrativa_de,
    proxima_version,
    ultima_publicada,
)
from informes.salidas.borrador import borrador_html, tablero_html
from informes.salidas.reporte import contexto

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nombre(corte: Corte, extension: str, sufijo: str = "borrador") -> str:
    return f"informe-corte-{corte.ejercicio.anio}-{corte.hasta.clave}-{sufijo}.{extension}"


@roles.requiere(roles.LEER_TODO)
def tablero(request: HttpRequest) -> HttpResponse:
    """Read-only overview of the current corte for directivos and analistas."""
    contenido = tablero_html(access.municipio(request.user), marcas_de(request))
    return render(request, "informes/tablero.html", contenido)


@roles.requiere(roles.LEER_TODO)
def lista(request: HttpRequest) -> HttpResponse:
    """Published versions, newest first, and a form to open any corte's draft."""
    form = CorteForm(request.GET or None, periodos=access.periodos_visibles(request.user))
    if form.is_valid():
        periodo = form.cleaned_data["periodo"]
        return redirect("informes:corte", periodo.ejercicio.anio, periodo.clave)
    publicados = access.publicados_visibles(request.user).select_related(
        "ejercicio", "hasta", "publicado_por"
    )
    return render(request, "informes/lista.html", {"form": form, "publicados": publicados})


def _pagina_corte(request: HttpRequest, c: Corte, publicar_form=None, status: int = 200):
    """The draft: its data-only parts come rendered (`informes.salidas.borrador`); the page adds what
    depends on the person (the narrative and publishing controls)."""
    ultima = ultima_publicada(c)
    return render(
        request,
        "informes/corte.html",
        {
            **borrador_html(
                c,
                marcas_de(request),
                con_narrativa=access.ve_narrativa_sin_publicar(request.user),
            ),
            # The corte's municipio's institution heads its report, whoever reads it.
            "institucion": institucion_actual(c.ejercicio.municipio_id),
            "etiqueta": c.etiqueta,
            "anio": str(c.ejercicio.anio),
            "hasta": c.hasta.clave,
            "ultima": ultima,
            "publicar_form": publicar_form or PublicarForm(correccion=ultima is not None),
            "proxima_version": ultima.version + 1 if ultima else 1,
        },
        status=status,
    )


@roles.requiere(roles.LEER_TODO)
def corte(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    """The draft report of a corte with live data, and how it differs from the last published."""
    return _pagina_corte(request, access.corte_de(request.user, anio, hasta))


def _borrador(request: HttpRequest, anio: int, hasta: str, formato: str) -> HttpResponse:
    """The draft's file when the worker has it for today's data. Else, while the worker renders
    it, the last complete draft at once (its time in its footer and in Last-Modified, and a
    message on the next page); the progress page only when there is none yet."""
    c = access.corte_de(request.user, anio, hasta)
    con_narrativa = access.ve_narrativa_sin_publicar(request.user)
    anterior = tasks.ultimo_listo(c, formato, con_narrativa=con_narrativa)
    try:
        r = tasks.solicitar(
            c,
            formato,
            usuario=request.user,
            en_curso_basta=anterior is not None,
            con_narrativa=con_narrativa,
        )
    except tasks.DemasiadosEnCola as exc:
        messages.error(request, str(exc))
        return redirect("informes:corte", c.ejercicio.anio, c.hasta.clave)
    try:
        if r.disponible:
            return _archivo(r)
        if anterior is not None and r.en_espera:
            respuesta = _archivo(anterior)
            hora = timezone.localtime(anterior.terminado_en or anterior.solicitado_en)
            messages.info(
                request,
                f"Se descargó el borrador generado a las {hora:%H:%M:%S}; se está generando "
                "otro con los datos actuales: pídalo de nuevo en unos momentos.",
            )
            return respuesta
    except FileNotFoundError:
        # A newer render replaced that file just now: ask again, it is there.
        return redirect(request.path)
    return redirect("informes:render", r.pk)


@roles.requiere(roles.LEER_TODO)
def corte_pdf(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    return _borrador(request, anio, hasta, Render.Formato.PDF)


@roles.requiere(roles.LEER_TODO)
def corte_xlsx(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    return _borrador(request, anio, hasta, Render.Formato.XLSX)


def _archivo(r: Render, *, adjunto: bool = False) -> FileResponse:
    """The render's file: a PDF opens in the browser unless `adjunto` (a download)."""
    nombre = _de_que(r)["nombre"]
    if r.formato == Render.Formato.PDF:
        respuesta = FileResponse(
            r.ruta.open("rb"), content_type="application/pdf", as_attachment=adjunto,
            filename=nombre,
        )  # fmt: skip
    else:
        respuesta = FileResponse(
            r.ruta.open("rb"), content_type=XLSX, as_attachment=True, filename=nombre
        )
    if r.terminado_en:
        respuesta["Last-Modified"] = http_date(r.terminado_en.timestamp())
    return respuesta


def _de_que(r: Render) -> dict:
    """What a render is of, as its progress page names and links it and its file is called."""
    if r.estatal:
        clave = f"T{r.trimestre}"
        return {
            "etiqueta": corte_estatal(r.anio, r.trimestre).etiqueta,
            "documento": "corte estatal",
            "inicio": {"nombre": "Corte estatal", "url": reverse("informes:estatal")},
            "volver": reverse("informes:estatal_corte", args=[r.anio, clave]),
            "de_nuevo": reverse("informes:estatal_pdf", args=[r.anio, clave]),
            "nombre": f"corte-estatal-{r.anio}-{clave}.{r.formato}",
        }
    c = Corte.de(r.ejercicio, r.hasta)
    anio, hasta = c.ejercicio.anio, c.hasta.clave
    return {
        "etiqueta": c.etiqueta,
        "documento": "borrador",
        "inicio": {"nombre": "Informes de corte", "url": reverse("informes:lista")},
        "volver": reverse("informes:corte", args=[anio, hasta]),
        "de_nuevo": reverse(
            "informes:corte_pdf" if r.formato == Render.Formato.PDF else "informes:corte_xlsx",
            args=[anio, hasta],
        ),
        "nombre": _nombre(c, r.formato),
    }


def _render(request: HttpRequest, pk: int) -> Render:
    """A render `request.user` may follow: of its municipio's reports (LEER_TODO), or of the
    state corte (whoever reads the state corte)."""
    acceso_estatal.exigir_lectura(request.user)
    r = access.render_de(request.user, pk)
    if not r.estatal:
        roles.exigir(request.user, roles.LEER_TODO)
    if r.formato == Render.Formato.PUBLICACION:
        roles.exigir(request.user, roles.PUBLICAR)
    return r


def _progreso(r: Render) -> dict:
    """What the progress page shows of a render, for its template and its status JSON."""
    return {
        **_de_que(r),
        "r": r,
        "reintentable": tasks.reintentable(r),
        "sin_worker": tasks.sin_worker(r),
        "version": r.version.rsplit("-v", 1)[-1] if r.formato == "publicacion" else "",
        "clase": {Render.Estado.LISTA: "success", Render.Estado.ERROR: "danger"}.get(
            r.estado, "info"
        ),
    }


def render_estado(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a render: its script (or, without JavaScript, a refresh) follows it while it
    waits, then it offers the file."""
    r = tasks.estado(_render(request, pk))
    if r.formato == Render.Formato.PUBLICACION and r.informe_id:
        informe = r.informe
        messages.success(
            request,
            f"Informe {informe.etiqueta} publicado como versión {informe.version} "
            f"({informe.paginas} páginas, SHA-256 {informe.sha256[:12]}…).",
        )
        return redirect("informes:publicado", informe.pk)
    ctx = _progreso(r)
    if r.estado == Render.Estado.LISTA and not r.disponible:
        # An obsolete file that a newer render replaced: ask for today's.
        return redirect(ctx["de_nuevo"])
    return render(request, "informes/render.html", ctx)


def render_json(request: HttpRequest, pk: int) -> JsonResponse:
    """How a render goes, for the progress page's script: the heading and the live region's
    text of its state, the file's address once ready, and where to go when the page itself
    must answer (a publication done: its version; an obsolete draft: today's)."""
    r = tasks.estado(_render(request, pk))
    ctx = _progreso(r)
    pagina = reverse("informes:render", args=[r.pk])
    listo = r.disponible and r.formato != Render.Formato.PUBLICACION
    archivo = reverse("informes:render_archivo", args=[r.pk]) if listo else None
    termino_fuera = r.estado == Render.Estado.LISTA and not listo
    return JsonResponse(
        {
            "estado": r.estado,
            "en_espera": r.en_espera,
            "titulo": render_to_string("informes/_render_titulo.html", ctx).strip(),
            "aviso": render_to_string(
                "informes/_render_aviso.html", {**ctx, "descarga_automatica": listo}
            ).strip(),
            "clase": ctx["clase"],
            "sin_worker": ctx["sin_worker"],
            "reintentable": ctx["reintentable"],
            "archivo": archivo,
            "descarga": f"{archivo}?descargar=1" if archivo else None,
            "destino": pagina if termino_fuera else None,
        },
        headers={"Cache-Control": "no-store"},
    )


@require_POST
def render_reintentar(request: HttpRequest, pk: int) -> HttpResponse:
    r = tasks.reintentar(_render(request, pk))
    return redirect("informes:render", r.pk)


def render_archivo(request: HttpRequest, pk: int) -> HttpResponse:
    """The very file this render produced (the one the person waited for)."""
    r = _render(request, pk)
    if r.formato == Render.Formato.PUBLICACION or not r.disponible:
        return redirect("informes:render", r.pk)
    return _archivo(r, adjunto="descargar" in request.GET)


@roles.requiere(roles.PUBLICAR)
def narrativa(request: HttpRequest, anio: int, hasta: str) -> HttpResponse:
    """Analistas write the corte's narrative; an empty section starts from the data's suggestion."""
    c = access.corte_de(request.user, anio, hasta)
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
    """Publishing, in two steps: what will be frozen, then (confirmed) the worker publishes.

    Invalid input re-renders the report with the errors and what was typed (400).
    """
    c = access.corte_de(request.user, anio, hasta)
    version = proxima_version(c)
    form = PublicarForm(request.POST, correccion=version > 1)
    if not form.is_valid():
        return _pagina_corte(request, c, form, status=400)
    errata = form.cleaned_data["errata"]
    if "confirmar" not in request.POST:
        return render(
            request,
            "informes/publicar_confirmar.html",
            {"corte": c, "anio": anio, "hasta": c.hasta.clave, "version": version,
             "errata": errata, "ultima": ultima_publicada(c)},
        )  # fmt: skip
    if request.POST.get("version") != str(version):
        form.add_error(
            None,
            f"Mientras usted confirmaba, otra persona publicó la versión {version - 1}. Revise "
            "el borrador y, si procede, publique una corrección con su fe de erratas.",
        )
        return _pagina_corte(request, c, form, status=400)
    r = tasks.solicitar(
        c,
        Render.Formato.PUBLICACION,
        version=tasks.clave_publicacion(c, version),
        usuario=request.user,
        errata=errata,
    )
    return redirect("informes:render", r.pk)


def _publicado(request: HttpRequest, pk: int) -> InformePublicado:
    roles.exigir(request.user, roles.LEER_TODO)
    return access.publicado_de(request.user, pk)


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
    c = access.corte_de(request.user, anio, hasta)
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
