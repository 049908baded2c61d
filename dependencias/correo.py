"""E-mail: the one helper that sends every message, and who receives each kind.

Every message is three templates in one folder: asunto.txt, cuerpo.txt and cuerpo.html. Each
app's `notificaciones` lists its own messages and who receives each (an `Avisos`); loading the
object, its return's observaciones and who counts as an analista or as an enlace is decided
here, once, so that the fichas' e-mail and the planning's never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.template.loader import render_to_string

from avgm.models import Municipio, institucion_actual
from avgm.plataforma import cola_correo, municipios, roles
from dependencias.models import Enlace


def enviar(
    plantillas: str,
    contexto: dict,
    para: Iterable[str],
    copia: Iterable[str] = (),
    *,
    municipio: Municipio | int | None,
) -> int:
    """Render the three templates in the folder `plantillas` (e.g. "fichas/correo/enviada")
    and queue one message to `para`, blank and repeated addresses dropped; return how many
    were queued (0, and nothing rendered, when nobody is left). The message is signed by the
    institution of `municipio`, the one the message is about.

    The task worker sends it (avgm.plataforma.cola_correo), retrying while the mail server is
    down: the step that caused it never waits for the server nor fails with it.
    """
    para = sorted({d for d in para if d})
    if not para:
        return 0
    contexto = {
        "instituto": institucion_actual(municipio).nombre,
        "portal": settings.AVGM_URL_PORTAL,
        **contexto,
    }
    asunto = " ".join(render_to_string(f"{plantillas}/asunto.txt", contexto).split())
    texto = render_to_string(f"{plantillas}/cuerpo.txt", contexto)
    html = render_to_string(f"{plantillas}/cuerpo.html", contexto)
    cola_correo.encolar(
        asunto=asunto, texto=texto, html=html, para=para, copia=sorted({c for c in copia if c})
    )
    return 1


def correos_analistas(municipio: Municipio | int) -> list[str]:
    """Who reviews `municipio`'s work: every active member of a role that has the REVISAR
    capability adscribed to it (every one of them in a deployment with one municipio, where
    nobody needs an adscripción)."""
    revisoras = [
        rol for rol, capacidades in roles.CAPACIDADES.items() if roles.REVISAR in capacidades
    ]
    usuarios = get_user_model().objects.filter(is_active=True, groups__name__in=revisoras)
    if municipios.varios():
        usuarios = usuarios.filter(adscripcion__municipio=municipio)
    return list(
        usuarios.distinct().exclude(email="").order_by("email").values_list("email", flat=True)
    )


def enlaces_con_correo() -> QuerySet[Enlace]:
    """The enlaces e-mail reaches: active, of an active user, of an active dependencia.

    A dependencia taken out of the programme hears nothing more (no returns, approvals,
    reminders or planning rounds), even while its enlaces' rows stay active.
    """
    return Enlace.objects.activos().filter(dependencia__activa=True).exclude(usuario__email="")


def correos_enlaces(dependencia_id: int | None = None) -> list[str]:
    """The addresses of the enlaces of one dependencia, or of every dependencia."""
    enlaces = enlaces_con_correo()
    if dependencia_id is not None:
        enlaces = enlaces.filter(dependencia_id=dependencia_id)
    # A person may be enlace of several dependencias: one address each.
    return list(
        enlaces.order_by("usuario__email").values_list("usuario__email", flat=True).distinct()
    )


# Who receives a message of an `Avisos`.
ANALISTAS = "analistas"
ENLACES = "enlaces"  # of the dependencia the object belongs to


@dataclass(frozen=True)
class Avisos:
    """The e-mail of one kind of object a workflow moves (a ficha, a proposal, a request).

    `mensajes` names each message (its templates are the folder `<carpeta>/<mensaje>/`) and who
    receives it: ANALISTAS of the object's municipio, or ENLACES of the object's dependencia
    (itself of that municipio); the object's municipio signs it. Its templates get the
    object as `<nombre>`, read fresh from `objetos` after the step committed, and, for a
    message about one history event (a return, a reopen), that event as `evento` with its
    observaciones as `observaciones`.
    """

    carpeta: str
    nombre: str
    objetos: QuerySet  # with what the templates print joined
    dependencia: Callable[[Any], int]
    municipio: Callable[[Any], int]  # the object's municipio (its id)
    mensajes: Mapping[str, str]

    def avisar(self, mensaje: str, pk: int, evento: Any = None) -> int:
        """Queue `mensaje` about the object `pk` (and the history row `evento`, if any) to
        its recipients; how many messages were queued (0 or 1)."""
        objeto = self.objetos.get(pk=pk)
        contexto = {self.nombre: objeto}
        if evento is not None:
            observaciones = evento.observaciones.select_related("codigo")
            contexto.update(evento=evento, observaciones=list(observaciones))
        municipio = self.municipio(objeto)
        if self.mensajes[mensaje] == ANALISTAS:
            para = correos_analistas(municipio)
        else:
            para = correos_enlaces(self.dependencia(objeto))
        return enviar(f"{self.carpeta}/{mensaje}", contexto, para, municipio=municipio)
