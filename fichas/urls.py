from django.urls import path

from fichas.views import evidencia, exportar, ficha, periodos, revision

app_name = "fichas"

# A flat list: other apps' helpers append their rows (e.g. the fichas export).
urlpatterns = [
    path("cola/", revision.cola, name="cola"),
    path("nueva/<int:meta_pk>/<int:periodo_pk>/", ficha.ficha_nueva, name="nueva"),
    path("<int:pk>/", ficha.ficha_detalle, name="ficha"),
    path("<int:pk>/enviar/", ficha.ficha_enviar, name="enviar"),
    path("<int:pk>/acuse/", ficha.ficha_acuse, name="acuse"),
    path("<int:pk>/devolver/", revision.ficha_devolver, name="devolver"),
    path("<int:pk>/aprobar/", revision.ficha_aprobar, name="aprobar"),
    path("<int:pk>/reabrir/", revision.ficha_reabrir, name="reabrir"),
    path("<int:pk>/evidencias/", evidencia.evidencia_agregar, name="evidencia_agregar"),
    path(
        "observaciones/<int:pk>/responder/",
        ficha.observacion_responder,
        name="observacion_responder",
    ),
    path("evidencias/<int:pk>/", evidencia.evidencia_descargar, name="evidencia"),
    path("evidencias/<int:pk>/ver/", evidencia.evidencia_ver, name="evidencia_ver"),
    path("evidencias/<int:pk>/en-linea/", evidencia.evidencia_en_linea, name="evidencia_en_linea"),
    path("evidencias/<int:pk>/retirar/", evidencia.evidencia_retirar, name="evidencia_retirar"),
    path("periodos/", periodos.periodos, name="periodos"),
    path("periodos/<int:pk>/cerrar/", periodos.periodo_cerrar, name="periodo_cerrar"),
    path("periodos/<int:pk>/reabrir/", periodos.periodo_reabrir, name="periodo_reabrir"),
    path("dependencias/<int:pk>/enlaces/", periodos.dependencia_enlaces, name="enlaces"),
    path("exportar/", exportar.exportar_fichas, name="exportar"),
]
