"""Project-level views: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def inicio(request: HttpRequest) -> HttpResponse:
    return render(request, "avgm/inicio.html")
