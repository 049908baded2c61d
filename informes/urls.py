from django.urls import path

from informes import views
from informes.estatal import views as views_estatal
from informes.gim import views as views_gim

app_name = "informes"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("tablero/", views.tablero, name="tablero"),
    path("corte/<int:anio>/<str:hasta>/", views.corte, name="corte"),
    path("corte/<int:anio>/<str:hasta>/pdf/", views.corte_pdf, name="corte_pdf"),
    path("corte/<int:anio>/<str:hasta>/xlsx/", views.corte_xlsx, name="corte_xlsx"),
    path("corte/<int:anio>/<str:hasta>/narrativa/", views.narrativa, name="narrativa"),
    path("corte/<int:anio>/<str:hasta>/publicar/", views.publicar_corte, name="publicar"),
    path("corte/<int:anio>/<str:hasta>/detalle/<slug:figura>/", views.detalle, name="detalle"),
    path("renders/<int:pk>/", views.render_estado, name="render"),
    path("renders/<int:pk>/estado.json", views.render_json, name="render_json"),
    path("renders/<int:pk>/reintentar/", views.render_reintentar, name="render_reintentar"),
    path("renders/<int:pk>/archivo/", views.render_archivo, name="render_archivo"),
    path("publicados/<int:pk>/", views.publicado, name="publicado"),
    path("publicados/<int:pk>/pdf/", views.publicado_pdf, name="publicado_pdf"),
    path("publicados/<int:pk>/xlsx/", views.publicado_xlsx, name="publicado_xlsx"),
    path("estatal/", views_estatal.estatal_indice, name="estatal"),
    path("estatal/<int:anio>/<str:hasta>/", views_estatal.estatal_corte, name="estatal_corte"),
    path("estatal/<int:anio>/<str:hasta>/xlsx/", views_estatal.estatal_xlsx, name="estatal_xlsx"),
    path("estatal/<int:anio>/<str:hasta>/pdf/", views_estatal.estatal_pdf, name="estatal_pdf"),
    path("gim/", views_gim.gim_lista, name="gim_lista"),
    path("gim/nueva/", views_gim.gim_evaluacion, name="gim_nueva"),
    path("gim/<int:pk>/", views_gim.gim_evaluacion, name="gim_evaluacion"),
    path("gim/<int:pk>/documento/", views_gim.gim_documento, name="gim_documento"),
]
