"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, reverse_lazy

from avgm import views as portal
from avgm.plataforma import cuentas, views_bitacora, views_municipio, views_sesion
from avgm.plataforma.salud import salud
from avgm.views import inicio

admin.site.site_header = "Seguimiento AVGM — administración"
admin.site.site_title = "Seguimiento AVGM"
admin.site.index_title = "Catálogos y datos"

urlpatterns = [
    path("", inicio, name="inicio"),
    # The login page links the public micrositio; only the composition root names its URL.
    path(
        "cuentas/login/",
        cuentas.Ingreso.as_view(extra_context={"micrositio": reverse_lazy("publico:inicio")}),
        name="login",
    ),
    path("cuentas/password_reset/", cuentas.RestablecerSolicitud.as_view(), name="password_reset"),
    path(
        "cuentas/reset/<uidb64>/<token>/",
        cuentas.RestablecerConfirmacion.as_view(),
        name="password_reset_confirm",
    ),
    path("cuentas/", include("django.contrib.auth.urls")),
    path("sesion/seguir/", views_sesion.sesion_seguir, name="sesion_seguir"),
    path("municipio/", views_municipio.municipio_elegir, name="municipio_elegir"),
    path("dependencias/", include("dependencias.urls")),
    path("fichas/", include("fichas.urls")),
    path("informes/", include("informes.urls")),
    path("planeacion/", include("planeacion.urls")),
    path("bitacora/", views_bitacora.bitacora, name="bitacora"),
    path("bitacora/exportar.csv", views_bitacora.bitacora_csv, name="bitacora_csv"),
    path("publico/", include("publico.urls")),
    path("admin/", admin.site.urls),
    path("salud/", salud, name="salud"),
    path("favicon.ico", portal.favicon, name="favicon"),
]

# Spanish error pages in the portal's layout (templates/400.html ... 500.html).
handler400 = portal.error_400
handler403 = portal.error_403
handler404 = portal.error_404
handler500 = portal.error_500

if settings.AVGM_CARGA:  # load tests only: the bare view that pages are compared with
    from demo.vacia import vacia

    urlpatterns.append(path("_bench/vacio/", vacia, name="bench_vacio"))
