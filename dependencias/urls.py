from django.urls import path

from dependencias.excel import views

app_name = "dependencias"

urlpatterns: list = [
    path("importar/", views.importar, name="importar"),
    path("importar/plantilla/", views.plantilla, name="plantilla"),
    path("importar/vista-previa/", views.vista_previa, name="importar_vista_previa"),
    path("importar/aplicar/", views.aplicar, name="importar_aplicar"),
    path("importar/descartar/", views.descartar, name="importar_descartar"),
    path("exportar/", views.exportar, name="exportar"),
]
