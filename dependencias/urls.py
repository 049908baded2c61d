from django.urls import path

from dependencias import views_excel

app_name = "dependencias"

urlpatterns: list = [
    path("importar/", views_excel.importar, name="importar"),
    path("importar/plantilla/", views_excel.plantilla, name="plantilla"),
    path("importar/vista-previa/", views_excel.vista_previa, name="importar_vista_previa"),
    path("importar/aplicar/", views_excel.aplicar, name="importar_aplicar"),
    path("importar/descartar/", views_excel.descartar, name="importar_descartar"),
    path("exportar/", views_excel.exportar, name="exportar"),
]
