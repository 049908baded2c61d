"""Uploads over a page's limit are refused before they are read, not after.

A view that takes files says its largest file with `@limite_de_carga(bytes)` (or a callable
that reads a setting). For such a view, `RechazoDeCargaExcesiva` answers 413 with a Spanish
page as soon as it knows the upload is too big: at once when the request's length is far over
the limit (nothing of the body is read), else while the body streams in, when `LimiteDeCarga`
(the first upload handler) sees the first file pass the limit and stops reading there. The
form's own size check stays: this only spares the server a body it would refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from avgm.numeros import megas

# Room for the form's other fields beside its file (a ficha's texts are at most a few
# hundred KB): a request longer than the limit plus this holds a file over the limit.
MARGEN_OTROS_CAMPOS = 1024 * 1024
ATRIBUTO = "limite_de_carga"


def limite_de_carga(maximo: int | Callable[[], int]):
    """Mark a view with the largest file (bytes) it accepts; outer decorators that use
    functools.wraps keep the mark."""

    def marcar(vista):
        setattr(vista, ATRIBUTO, maximo)
        return vista

    return marcar


def limite_de(vista) -> int | None:
    maximo = getattr(vista, ATRIBUTO, None)
    return maximo() if callable(maximo) else maximo


class LimiteDeCarga(FileUploadHandler):
    """Stop reading the request at the first file that passes its view's limit, and say so
    on the request (`carga_excesiva`) for `RechazoDeCargaExcesiva` to answer."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        coincidencia = getattr(self.request, "resolver_match", None)
        self.limite = limite_de(coincidencia.func) if coincidencia else None
        self.leidos = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.leidos = 0

    def receive_data_chunk(self, raw_data, start):
        self.leidos = start + len(raw_data)
        if self.limite is not None and self.leidos > self.limite:
            self.request.carga_excesiva = {"nombre": self.file_name, "leidos": self.leidos}
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _rechazo(request: HttpRequest, limite: int, nombre: str = "") -> HttpResponse:
    anterior = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        anterior, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        anterior = ""
    return render(
        request,
        "413.html",
        {"nombre": nombre, "maximo": megas(limite), "anterior": anterior},
        status=413,
    )


class RechazoDeCargaExcesiva:
    """For a POST to a view with a `limite_de_carga`: 413 before the body is read when its
    length already says too much, or as soon as the upload handler stops at a file over the
    limit. Placed before the CSRF check, which would otherwise read the whole body first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vista, args, kwargs):
        limite = limite_de(vista)
        if request.method != "POST" or limite is None or not request.user.is_authenticated:
            return None
        try:
            largo = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            largo = 0
        if largo > limite + MARGEN_OTROS_CAMPOS:
            return _rechazo(request, limite)
        request.POST  # noqa: B018 - parse now: LimiteDeCarga stops at a file over the limit
        excesiva = getattr(request, "carga_excesiva", None)
        if excesiva:
            return _rechazo(request, limite, excesiva["nombre"])
        return None
