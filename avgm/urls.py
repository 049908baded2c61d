"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from avgm.salud import salud
from avgm.views import inicio

admin.site.site_header = "Seguimiento AVGM — administración"
admin.site.site_title = "Seguimiento AVGM"
admin.site.index_title = "Catálogos y datos"

urlpatterns = [
    path("", inicio, name="inicio"),
    path("cuentas/", include("django.contrib.auth.urls")),
    path("dependencias/", include("dependencias.urls")),
    path("fichas/", include("fichas.urls")),
    path("informes/", include("informes.urls")),
    path("admin/", admin.site.urls),
    path("salud/", salud, name="salud"),
]
