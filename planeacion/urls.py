from django.urls import path

from planeacion import views, views_modificacion

app_name = "planeacion"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("abrir/", views.ronda_abrir, name="ronda_abrir"),
    path("<int:anio>/", views.ronda, name="ronda"),
    path("<int:anio>/dependencias/<int:pk>/", views.dependencia, name="dependencia"),
    path("<int:anio>/dependencias/<int:pk>/nueva/", views.propuesta_nueva, name="propuesta_nueva"),
    path(
        "<int:anio>/dependencias/<int:pk>/arrastrar/<int:meta_pk>/",
        views.propuesta_arrastrar,
        name="propuesta_arrastrar",
    ),
    path("propuestas/<int:pk>/", views.propuesta, name="propuesta"),
    path("propuestas/<int:pk>/enviar/", views.propuesta_enviar, name="propuesta_enviar"),
    path("propuestas/<int:pk>/retirar/", views.propuesta_retirar, name="propuesta_retirar"),
    path("propuestas/<int:pk>/devolver/", views.propuesta_devolver, name="propuesta_devolver"),
    path("propuestas/<int:pk>/acordar/", views.propuesta_acordar, name="propuesta_acordar"),
    path("metas/<int:pk>/", views_modificacion.meta, name="meta"),
    path(
        "metas/<int:pk>/modificar/",
        views_modificacion.modificacion_solicitar,
        name="modificacion_solicitar",
    ),
    path("modificaciones/<int:pk>/", views_modificacion.modificacion, name="modificacion"),
    path(
        "modificaciones/<int:pk>/aprobar/",
        views_modificacion.modificacion_aprobar,
        name="modificacion_aprobar",
    ),
    path(
        "modificaciones/<int:pk>/rechazar/",
        views_modificacion.modificacion_rechazar,
        name="modificacion_rechazar",
    ),
]
