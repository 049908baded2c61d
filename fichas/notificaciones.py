"""E-mail of the workflow. Every message is three templates: asunto.txt, cuerpo.txt, cuerpo.html.

Templates live in templates/fichas/correo/<nombre>/. Called after commit by fichas.workflow.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from avgm.plataforma import roles
from fichas.models import FichaTecnica, HistorialFicha


def enviar(
    nombre: str,
    contexto: dict,
    para: list[str],
    copia: list[str] | None = None,
    carpeta: str = "fichas/correo",
) -> int:
    """Render the three templates of `carpeta`/`nombre` and send one message; return how many
    sent. Higher apps pass their own `carpeta` (e.g. planeacion/correo)."""
    para = sorted({d for d in para if d})
    if not para:
        return 0
    contexto = {
        "instituto": settings.AVGM_INSTITUTO,
        "portal": settings.AVGM_URL_PORTAL,
        **contexto,
    }
    base = f"{carpeta}/{nombre}"
    asunto = " ".join(render_to_string(f"{base}/asunto.txt", contexto).split())
    texto = render_to_string(f"{base}/cuerpo.txt", contexto)
    html = render_to_string(f"{base}/cuerpo.html", contexto)
    mensaje = EmailMultiAlternatives(asunto, texto, to=para, cc=sorted(set(copia or [])))
    mensaje.attach_alternative(html, "text/html")
    return mensaje.send()


def correos_analistas() -> list[str]:
    """Who reviews: every active member of a role that has the REVISAR capability."""
    revisoras = [
        rol for rol, capacidades in roles.CAPACIDADES.items() if roles.REVISAR in capacidades
    ]
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=revisoras)
        .distinct()
        .exclude(email="")
        .values_list("email", flat=True)
    )


def correos_enlaces(dependencia_id: int) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            enlaces__dependencia_id=dependencia_id,
            enlaces__activo=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _ficha(pk: int) -> FichaTecnica:
    return FichaTecnica.objects.select_related(
        "meta__dependencia", "periodo__ejercicio", "meta__tipo_accion"
    ).get(pk=pk)


def ficha_enviada(pk: int) -> int:
    ficha = _ficha(pk)
    return enviar("enviada", {"ficha": ficha}, correos_analistas())


def ficha_devuelta(pk: int, evento_pk: int) -> int:
    ficha = _ficha(pk)
    evento = HistorialFicha.objects.get(pk=evento_pk)
    observaciones = list(evento.observaciones.select_related("codigo"))
    return enviar(
        "devuelta",
        {"ficha": ficha, "evento": evento, "observaciones": observaciones},
        correos_enlaces(ficha.meta.dependencia_id),
    )


def ficha_aprobada(pk: int) -> int:
    ficha = _ficha(pk)
    return enviar("aprobada", {"ficha": ficha}, correos_enlaces(ficha.meta.dependencia_id))
