"""Which municipio a person works in: the one rule every access decision narrows by.

Analistas, directivos and enlaces work in the municipio of their adscripción; a deployment
with one municipio needs none (everyone works in it). The Coordinación estatal reads every
municipio, one at a time: the one it chose (`elegir`, kept in the session) or the first.
Someone with neither sees no municipio, so every scoped query answers nothing (404).

`dependencias.access` and the other apps' access modules narrow their querysets with
`municipio_de(user)`; nothing else decides it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from avgm.models import Adscripcion, Municipio
from avgm.plataforma import roles

# Session key of the municipio the Coordinación estatal is reading.
ELEGIDO = "_avgm_municipio"


def municipio_de(user) -> Municipio | None:
    """The municipio `user` works in now (cached on the user object; one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_avgm_municipio"):
        user._avgm_municipio = _calcular(user)
    return user._avgm_municipio


def _calcular(user) -> Municipio | None:
    municipios = Municipio.objects.select_related("institucion")
    if roles.puede(user, roles.LEER_ESTADO):
        elegido = getattr(user, "_avgm_municipio_elegido", None)
        return (elegido and municipios.filter(pk=elegido).first()) or municipios.first()
    primeros = list(
        municipios.annotate(
            adscrito=Exists(Adscripcion.objects.filter(usuario=user, municipio=OuterRef("pk")))
        ).order_by("-adscrito", "orden", "pk")[:2]
    )
    # Two rows read: the deployment has several municipios (no second query for `varios`).
    user._avgm_varios = len(primeros) > 1
    if primeros and primeros[0].adscrito:
        return primeros[0]
    return primeros[0] if len(primeros) == 1 else None


def lee_varios(user) -> bool:
    """Whether `user` may change the municipio it reads (the Coordinación estatal)."""
    return roles.puede(user, roles.LEER_ESTADO)


def varios(user=None) -> bool:
    """Whether the deployment has more than one municipio (a selector, names in headers).
    Given the user whose `municipio_de` was just read, usually no query."""
    sabido = getattr(user, "_avgm_varios", None)
    if sabido is not None:
        return sabido
    return Municipio.objects.unico() is None and Municipio.objects.exists()


# Why a person of one municipio may not change the declaratoria's shared catalog.
DECLARATORIA_COMUN = (
    "El catálogo de la declaratoria es común a todos los municipios: lo cambia la "
    "administración del portal."
)


def cambia_la_declaratoria(user) -> bool:
    """Whether `user` may change the declaratoria (recomendaciones, modalidades, ejes, tipos
    de acción, unidades, códigos): anyone who may edit it in a deployment with one municipio;
    with several, only a superuser, since a change reaches every municipio."""
    return bool(getattr(user, "is_superuser", False)) or not varios(user)


def usuarios_del_municipio(municipio):
    """The accounts a person of `municipio` may choose (as an enlace, say): those adscribed
    to it; every account in a deployment with one municipio, where nobody needs one."""
    from django.contrib.auth import get_user_model

    usuarios = get_user_model().objects.all()
    if not varios():
        return usuarios
    return usuarios.filter(adscripcion__municipio=municipio) if municipio else usuarios.none()


def sin_adscripcion():
    """Active accounts that work in no municipio of a deployment with several: neither a
    superuser, nor the Coordinación estatal (which reads every municipio), nor adscribed."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, adscripcion__isnull=True)
        .exclude(groups__name=roles.COORDINACION)
    )


def recordar_eleccion(request) -> None:
    """Pass the Coordinación estatal's choice from its session to `municipio_de` (no query)."""
    user = getattr(request, "user", None)
    sesion = getattr(request, "session", None)
    if user is not None and sesion is not None and user.is_authenticated:
        user._avgm_municipio_elegido = sesion.get(ELEGIDO)


def elegir(request, municipio: Municipio) -> None:
    """The Coordinación estatal reads `municipio` from now on."""
    request.session[ELEGIDO] = municipio.pk
    request.user._avgm_municipio_elegido = municipio.pk
    request.user.__dict__.pop("_avgm_municipio", None)
