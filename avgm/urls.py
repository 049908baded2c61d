"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from avgm import views_bitacora
from fichas.views.inicio import inicio

admin.site.site_header = "Seguimiento AVGM — administración"
admin.site.site_title = "Seguimiento AVGM"
admin.site.index_title = "Catálogos y datos"

urlpatterns = [
    path("", inicio, name="inicio"),
    path("cuentas/", include("django.contrib.auth.urls")),
    path("dependencias/", include("dependencias.urls")),
    path("fichas/", include("fichas.urls")),
    path("informes/", include("informes.urls")),
    path("bitacora/", views_bitacora.bitacora, name="bitacora"),
    path("bitacora/exportar.csv", views_bitacora.bitacora_csv, name="bitacora_csv"),
    path("admin/", admin.site.urls),
]
