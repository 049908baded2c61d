from django.urls import path  # noqa: F401

app_name = "fichas"

urlpatterns: list = []

from fichas import views_exportar  # noqa: E402

urlpatterns += [path("exportar/", views_exportar.exportar_fichas, name="exportar")]
