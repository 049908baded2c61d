"""The Coordinación estatal's municipio selector: which municipio its pages read now.

Only a person who reads several municipios (`municipios.lee_varios`) in a deployment that has
several (`municipios.varios`) sees the selector or may post to it; anyone else gets 403. The
choice lives in the session (`municipios.elegir`), so every page after it reads that municipio.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from avgm.models import Municipio
from avgm.plataforma import municipios, roles


class MunicipioForm(forms.Form):
    """The municipio to read, and the page to go back to."""

    municipio = forms.ModelChoiceField(
        label="Municipio",
        queryset=Municipio.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": "Elija un municipio de la lista."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipio"].widget.attrs["class"] = "form-select-sm"


def selector(request: HttpRequest, municipio: Municipio | None) -> MunicipioForm | None:
    """The selector for the page's header, or None when the user has none to show."""
    user = request.user
    if not (municipios.lee_varios(user) and municipios.varios()):
        return None
    return MunicipioForm(
        initial={"municipio": municipio.pk if municipio else None, "next": request.get_full_path()},
        auto_id="municipio_%s",
    )


def _destino(request: HttpRequest, siguiente: str, *, cambio: bool = False) -> str:
    """The page to go back to: `siguiente` if it is on this site, else the home. After a change
    of municipio, a page about one object (a ficha, a meta, a published version: an address
    with a «pk») belongs to the municipio left behind and would answer 404: the home then."""
    if not siguiente or not url_has_allowed_host_and_scheme(
        siguiente, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "inicio"
    if cambio:
        try:
            argumentos = resolve(siguiente.split("?", 1)[0]).kwargs
        except Resolver404:
            return "inicio"
        if any(nombre == "pk" or nombre.endswith("_pk") for nombre in argumentos):
            return "inicio"
    return siguiente


@require_POST
def municipio_elegir(request: HttpRequest) -> HttpResponse:
    if not (municipios.lee_varios(request.user) and municipios.varios()):
        raise PermissionDenied(roles.NEGADO[roles.LEER_ESTADO])
    form = MunicipioForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Elija un municipio de la lista.")
        return redirect(_destino(request, request.POST.get("next", "")))
    elegido = form.cleaned_data["municipio"]
    municipios.elegir(request, elegido)
    messages.success(request, f"Ahora consulta el seguimiento de {elegido.nombre}.")
    return redirect(_destino(request, form.cleaned_data["next"], cambio=True))
