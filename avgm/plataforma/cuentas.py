"""Accounts: the client's address, the login form, and password reset that cannot be abused.

Failed logins are locked by django-axes per (username, address) pair, so an attacker who
guesses from elsewhere locks only themselves. The address comes from `direccion_cliente`,
which trusts `X-Forwarded-For` only as far as `AVGM_PROXIES_CONFIABLES` says.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.shortcuts import render
from django.utils import timezone
from ipware.ip import get_client_ip

from avgm.models import SolicitudRestablecimiento, institucion_actual
from avgm.plataforma import middleware, municipios

USUARIO_LONGITUD_MAXIMA = 150  # auth.User.username
VENTANA_RESTABLECIMIENTO = timedelta(hours=1)


def direccion_cliente(request) -> str | None:
    """The address of the person at the other end, as far as the trusted proxies vouch for it.

    With N trusted proxies, the nearest one is REMOTE_ADDR and the other N-1 each appended
    one entry to X-Forwarded-For, so the client is the N-th entry from the right; whatever a
    client wrote further left is ignored. With N = 0 the header is not read at all.
    """
    remota = request.META.get("REMOTE_ADDR")
    proxies = settings.AVGM_PROXIES_CONFIABLES
    if proxies <= 0:
        return remota
    direccion, _ = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return direccion or remota


class FormularioIngreso(AuthenticationForm):
    """The login form; an over-long username is a form error before anything is recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["username"]
        campo.max_length = USUARIO_LONGITUD_MAXIMA
        campo.widget.attrs["maxlength"] = str(USUARIO_LONGITUD_MAXIMA)
        campo.validators.append(
            MaxLengthValidator(
                USUARIO_LONGITUD_MAXIMA,
                message=(
                    f"El nombre de usuario tiene como máximo {USUARIO_LONGITUD_MAXIMA} caracteres."
                ),
            )
        )


class Ingreso(auth_views.LoginView):
    form_class = FormularioIngreso

    def form_valid(self, form):
        respuesta = super().form_valid(form)
        # The session's idle and absolute limits count from this login (avgm.plataforma.middleware).
        ahora = time.time()
        self.request.session[middleware.INICIO] = ahora
        self.request.session[middleware.ACTIVIDAD] = ahora
        return respuesta


def _huella_correo(correo: str) -> str:
    return hashlib.sha256(correo.strip().lower().encode()).hexdigest()


def restablecimiento_permitido(direccion: str | None, correo: str) -> bool:
    """Whether one more reset e-mail may go out for this address and this e-mail (and count it).

    At most `AVGM_RESTABLECIMIENTOS_POR_HORA` per address and per e-mail in the last hour,
    counted in the database so every worker process sees the same count.
    """
    limite = settings.AVGM_RESTABLECIMIENTOS_POR_HORA
    ahora = timezone.now()
    huella = _huella_correo(correo)
    direccion = direccion or ""
    recientes = SolicitudRestablecimiento.objects.filter(
        creada_en__gte=ahora - VENTANA_RESTABLECIMIENTO
    )
    if (
        recientes.filter(direccion=direccion).count() >= limite
        or recientes.filter(correo_sha256=huella).count() >= limite
    ):
        return False
    # Counters older than a day say nothing about the current window.
    SolicitudRestablecimiento.objects.filter(creada_en__lt=ahora - timedelta(days=1)).delete()
    SolicitudRestablecimiento.objects.create(direccion=direccion, correo_sha256=huella)
    return True


class FormularioRestablecer(PasswordResetForm):
    """Each reset e-mail is signed by the institution of the municipio its account works in.

    The e-mail is rendered without the request, so no context processor signs it.
    """

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        municipio = municipios.municipio_de(context["user"])
        context = {**context, "institucion": institucion_actual(municipio)}
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class RestablecerSolicitud(auth_views.PasswordResetView):
    """Request a reset link; past the limit, a 429 page that says what to do instead.

    The page says nothing about whether the account exists: requests are counted for any
    e-mail typed, registered or not.
    """

    form_class = FormularioRestablecer

    def form_valid(self, form):
        if restablecimiento_permitido(direccion_cliente(self.request), form.cleaned_data["email"]):
            return super().form_valid(form)
        return render(
            self.request,
            "429.html",
            {"restablecimiento": True, "limite": settings.AVGM_RESTABLECIMIENTOS_POR_HORA},
            status=429,
        )


class RestablecerConfirmacion(auth_views.PasswordResetConfirmView):
    """Choose the new password; whoever proved they own the e-mail is unlocked everywhere."""

    def form_valid(self, form):
        respuesta = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return respuesta
