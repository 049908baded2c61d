from django.urls import include, path

from publico import estatal, views, vistas_datos

app_name = "publico"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("corte/<int:anio>/<str:hasta>/", views.corte, name="corte"),
    path("recomendaciones/", views.recomendaciones, name="recomendaciones"),
    path("recomendaciones/<str:clave>/", views.recomendacion, name="recomendacion"),
    path("dependencias/", views.dependencias, name="dependencias"),
    path("dependencias/<str:siglas>/", views.dependencia, name="dependencia"),
    path("serie/", views.serie, name="serie"),
    path("archivo/", views.archivo, name="archivo"),
    path("archivo/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("archivo/<int:pk>/xlsx/", views.xlsx, name="xlsx"),
    path("estado/", estatal.estado, name="estado"),
    path("estado/<int:anio>/<str:hasta>/", estatal.estado_corte, name="estado_corte"),
    path("estado/<int:anio>/<str:hasta>/csv/", estatal.estado_csv, name="estado_csv"),
    path("verificar/", views.verificar, name="verificar"),
    path("logo/", views.logo, name="logo"),
    path("datos/", vistas_datos.indice, name="datos"),
    path("datos/catalogo.json", vistas_datos.catalogo, name="catalogo"),
    path("datos/catalogo.jsonld", vistas_datos.catalogo_dcat, name="catalogo_dcat"),
    path("datos/<str:corte>/v<int:version>/datapackage.json", vistas_datos.paquete, name="paquete"),
    path(
        "datos/<str:corte>/v<int:version>/<str:archivo>",
        vistas_datos.archivo_datos,
        name="archivo_datos",
    ),
]

# Every page of a municipio's micrositio (those of `views` and `vistas_datos`) again under
# «m/<clave>/», each municipio's; unprefixed they are the only municipio's, as the addresses
# of a deployment with one always were (`publico.sitio`).
_DEL_MUNICIPIO = {views.__name__, vistas_datos.__name__}
urlpatterns.append(
    path(
        "m/<slug:municipio>/",
        include(([p for p in urlpatterns if p.callback.__module__ in _DEL_MUNICIPIO], "m")),
    )
)
