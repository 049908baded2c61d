"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from avgm import cuentas, views_bitacora
from avgm.views import inicio

admin.site.site_header = "Seguimiento AVGM — administración"
admin.site.site_title = "Seguimiento AVGM"
admin.site.index_title = "Catálogos y datos"

urlpatterns = [
    path("", inicio, name="inicio"),
    path("cuentas/login/", cuentas.Ingreso.as_view(), name="login"),
    path("cuentas/password_reset/", cuentas.RestablecerSolicitud.as_view(), name="password_reset"),
    path(
        "cuentas/reset/<uidb64>/<token>/",
        cuentas.RestablecerConfirmacion.as_view(),
        name="password_reset_confirm",
    ),
    path("cuentas/", include("django.contrib.auth.urls")),
    path("dependencias/", include("dependencias.urls")),
    path("fichas/", include("fichas.urls")),
    path("informes/", include("informes.urls")),
    path("bitacora/", views_bitacora.bitacora, name="bitacora"),
    path("bitacora/exportar.csv", views_bitacora.bitacora_csv, name="bitacora_csv"),
    path("admin/", admin.site.urls),
]

if settings.AVGM_VISTA_VACIA:  # load tests only: the bare view pages are compared with
    from demo.vacia import vacia

    urlpatterns.append(path("_bench/vacio/", vacia, name="bench_vacio"))
