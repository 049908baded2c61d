"""The portal's home, which sends each person to the page of their role, and the error pages.

Part of the composition root (with urls.py and settings.py): it dispatches to pages of several
apps, so it lives above them and may import and link to any of them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse

from avgm.models import Periodo
from avgm.plataforma import municipios, roles
from fichas.views.inicio import inicio_analista, inicio_enlace
from informes.models import InformePublicado


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the Django admin): the
    portal's SVG icon answers, so no page logs a 404."""
    respuesta = redirect(static("favicon.svg"))
    respuesta["Cache-Control"] = "public, max-age=86400"
    return respuesta


def inicio(request: HttpRequest) -> HttpResponse:
    """Analistas get their review queue, enlaces their metas, directivos the latest report.

    Anyone else (an Administrador, who reads no seguimiento data, or an account without a
    role yet) gets a short welcome page that offers what they may do.
    """
    user = request.user
    if roles.puede(user, roles.REVISAR):
        return inicio_analista(request)
    if roles.es_enlace(user):
        return inicio_enlace(request)
    if roles.puede(user, roles.LEER_TODO):
        return redirect(_informe_de_directivo(municipios.municipio_de(user)))
    return render(request, "avgm/inicio.html")


def _informe_de_directivo(municipio) -> str:
    """The last published corte of `municipio`; else the draft of its last closed periodo's
    corte; else the overview of the corte in progress (a new year with nothing closed yet, or
    a person with no municipio, whom the overview shows nothing)."""
    publicado = (
        InformePublicado.objects.filter(ejercicio__municipio=municipio)
        .order_by("-ejercicio__anio", "-hasta__numero", "-version")
        .first()
    )
    if publicado:
        return reverse("informes:publicado", args=[publicado.pk])
    cerrado = Periodo.objects.filter(ejercicio__municipio=municipio).ultimo_cerrado()
    if cerrado:
        return reverse("informes:corte", args=[cerrado.ejercicio.anio, cerrado.clave])
    return reverse("informes:tablero")


# --- Error pages (handler400/403/404/500 in avgm/urls.py) ---


def _ficha_de(request: HttpRequest) -> int | None:
    """The ficha a failed request was about (its page or one of its actions), if any."""
    try:
        coincidencia = resolve(request.path_info)
    except Resolver404:
        return None
    if coincidencia.namespace == "fichas" and coincidencia.url_name in {
        "ficha",
        "enviar",
        "acuse",
        "devolver",
        "aprobar",
        "reabrir",
        "evidencia_agregar",
    }:
        return coincidencia.kwargs.get("pk")
    return None


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    """The reason PermissionDenied carries (a Spanish sentence from avgm.plataforma.roles.NEGADO or a
    workflow rule) is shown as it is; a bare PermissionDenied gets the general sentence."""
    motivo = str(exception) if exception is not None else ""
    return render(
        request, "403.html", {"motivo": motivo, "ficha_pk": _ficha_de(request)}, status=403
    )


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", {"ruta": request.path}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Rendered with no context processors and no database: the template stands alone."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
