from django.urls import path

from informes import views

app_name = "informes"

urlpatterns = [
    path("tablero/", views.tablero, name="tablero"),
]
