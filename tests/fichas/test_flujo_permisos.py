"""The permission matrix: every URL of the portal × every persona, generated from the URL conf.

A URL without a row fails `test_every_url_has_a_row`. This module has the rows of the portal's
own pages, fichas, dependencias and planeación; `test_permisos_informes` those of the reports
and the public micrositio; `permisos` the row's format, the personas and the world. Adding a
row is one line in FILAS of either module.
The Django admin (namespace "admin") is left out: it has its own staff checks.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fichas.models import CodigoObservacion
from tests.factories import MetaFactory, RecomendacionFactory, periodo
from tests.fichas import permisos
from tests.fichas import test_permisos_informes as informes
from tests.fichas.permisos import LOGIN, PERSONAS, Fila, comprobar

pytestmark = pytest.mark.django_db

# The matrix's world and its PDF stand-in, as fixtures of this module.
_personas_y_mundo = permisos._personas_y_mundo
mundo = permisos.mundo
_pdf_sin_render = permisos._pdf_sin_render


def _pk(clave):
    return lambda w: {"pk": w[clave].pk}


def _v(clave, **extra):
    return lambda w: {"version": w[clave].version, **extra}


def _codigo(uso: str) -> int:
    """An active observación code of the fichas' or of planning's catalog."""
    return CodigoObservacion.objects.para(uso).first().pk


def _devolucion(ficha) -> dict:
    """One complete observación (an incomplete return re-renders the page with 400)."""
    return {
        "version": ficha.version,
        "obs-TOTAL_FORMS": 1,
        "obs-INITIAL_FORMS": 0,
        "obs-0-codigo": _codigo("ficha"),
        "obs-0-texto": "Falta la lista de asistencia.",
    }


def _enlace(w):
    return w["dependencia"].enlaces.first().usuario


def _ronda(w) -> dict:
    """The planning of 2023 (opened once per test)."""
    import datetime

    from planeacion.models import RondaPlaneacion
    from tests.factories import ejercicio

    RondaPlaneacion.objects.get_or_create(
        ejercicio=ejercicio(2023),
        defaults={"fecha_limite": datetime.date(2099, 1, 31), "abierta_por": _enlace(w)},
    )
    return {"anio": 2023}


def _propuesta(estado):
    def crear(w) -> dict:
        from planeacion.models import PropuestaMeta, RondaPlaneacion

        _ronda(w)
        p = PropuestaMeta.objects.create(
            ronda=RondaPlaneacion.objects.get(), dependencia=w["dependencia"], estado=estado,
            descripcion="Taller", t1=2, propuesta_por=_enlace(w),
        )  # fmt: skip
        p.recomendaciones.set([RecomendacionFactory()])
        w["propuesta"] = p
        return {"pk": p.pk}

    return crear


def _acordada(w) -> dict:
    from django.utils import timezone

    MetaFactory._meta.model.objects.filter(pk=w["meta"].pk).update(acordada_en=timezone.now())
    return {"pk": w["meta"].pk}


def _solicitud(w) -> dict:
    from dependencias.models import SolicitudModificacion

    _acordada(w)
    w["meta"].refresh_from_db()
    s = SolicitudModificacion.objects.registrar(
        meta=w["meta"], usuario=_enlace(w), justificacion="Ajuste", origen="portal",
        propuesta={"programacion": {"1": 5, "2": 3, "3": 3, "4": 3}, "recomendaciones": []},
    )  # fmt: skip
    return {"pk": s.pk}


def _vp(w, **extra):
    return {"version": w["propuesta"].version, **extra}


OBS = {"obs-TOTAL_FORMS": "1", "obs-INITIAL_FORMS": "0", "obs-0-texto": "Ajuste el T1"}
MODIFICACION = {"t1": 5, "t2": 3, "t3": 3, "t4": 3, "justificacion": "Más planteles"}


# The Administrador keeps accounts and reads no seguimiento data: 403 on pages that need a
FILAS: dict[str, Fila] = {
    "inicio": Fila("get", None, LOGIN, 200, 200, 200, 302, 200),
    "login": Fila("get", None, 200, 200, 200, 200, 200, 200),
    "bitacora": Fila("get", None, LOGIN, 403, 403, 200, 403, 403),
    "bitacora_csv": Fila("get", None, LOGIN, 403, 403, 200, 403, 403),
    "logout": Fila("post", None, 302, 302, 302, 302, 302, 302),
    "password_change": Fila("get", None, LOGIN, 200, 200, 200, 200, 200),
    "password_change_done": Fila("get", None, LOGIN, 200, 200, 200, 200, 200),
    "password_reset": Fila("get", None, 200, 200, 200, 200, 200, 200),
    "password_reset_done": Fila("get", None, 200, 200, 200, 200, 200, 200),
    "salud": Fila("get", None, 200, 200, 200, 200, 200, 200),
    # The page's keep-alive: any signed-in person; refused (not redirected) when signed out.
    "sesion_seguir": Fila("post", None, 401, 200, 200, 200, 200, 200),
    "favicon": Fila("get", None, 302, 302, 302, 302, 302, 302),
    # The Coordinación estatal's municipio selector: nobody here reads several municipios.
    "municipio_elegir": Fila("post", None, LOGIN, 403, 403, 403, 403, 403),
    "password_reset_confirm": Fila(
        "get", lambda w: {"uidb64": "MQ", "token": "x-y"}, 200, 200, 200, 200, 200, 200
    ),
    "password_reset_complete": Fila("get", None, 200, 200, 200, 200, 200, 200),
    "fichas:cola": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    "fichas:nueva": Fila(
        "post",
        lambda w: {"meta_pk": w["meta"].pk, "periodo_pk": periodo(2022, 4).pk},
        LOGIN,
        302,
        404,
        403,
        403,
        404,
    ),  # fmt: skip
    "fichas:ficha": Fila("get", _pk("borrador"), LOGIN, 200, 404, 200, 200, 404),
    "fichas:enviar": Fila("post", _pk("borrador"), LOGIN, 302, 404, 403, 403, 404, _v("borrador")),
    "fichas:acuse": Fila("get", _pk("enviada"), LOGIN, 200, 404, 200, 200, 404),
    "fichas:devolver": Fila(
        "post", _pk("enviada"), LOGIN, 403, 404, 302, 403, 404, lambda w: _devolucion(w["enviada"])
    ),
    "fichas:aprobar": Fila("post", _pk("enviada"), LOGIN, 403, 404, 302, 403, 404, _v("enviada")),
    "fichas:reabrir": Fila(
        "post", _pk("aprobada"), LOGIN, 403, 404, 302, 403, 404, _v("aprobada", motivo="Error")
    ),
    "fichas:evidencia_agregar": Fila(
        "post",
        _pk("borrador"),
        LOGIN,
        302,
        404,
        403,
        403,
        404,
        _v("borrador", url="https://a.mx/e"),
    ),  # fmt: skip
    "fichas:observacion_responder": Fila(
        "post",
        _pk("observacion"),
        LOGIN,
        302,
        404,
        403,
        403,
        404,
        _v("observada", respuesta="Listo"),
    ),  # fmt: skip
    # The evidence has personal data (the default): a directivo sees it exists, not its content.
    "fichas:evidencia": Fila("get", _pk("evidencia"), LOGIN, 200, 404, 200, 403, 404),
    "fichas:evidencia_ver": Fila("get", _pk("evidencia"), LOGIN, 200, 404, 200, 403, 404),
    "fichas:evidencia_en_linea": Fila("get", _pk("evidencia"), LOGIN, 200, 404, 200, 403, 404),
    "fichas:evidencia_retirar": Fila(
        "post", _pk("evidencia"), LOGIN, 302, 404, 403, 403, 404, _v("borrador")
    ),
    "fichas:periodos": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    "fichas:periodo_cerrar": Fila("post", _pk("periodo"), LOGIN, 403, 403, 302, 403, 403),
    "fichas:periodo_reabrir": Fila("post", _pk("periodo"), LOGIN, 403, 403, 302, 403, 403),
    "fichas:enlaces": Fila("get", _pk("dependencia"), LOGIN, 200, 404, 200, 200, 404),
    # The download itself, not only the filter page.
    "fichas:exportar": Fila(
        "get", None, LOGIN, 403, 403, 200, 200, 403, lambda w: {"descargar": "1"}
    ),
    "dependencias:importar": Fila("get", None, LOGIN, 403, 403, 200, 403, 403),
    "dependencias:plantilla": Fila("get", None, LOGIN, 403, 403, 200, 403, 403),
    "dependencias:importar_vista_previa": Fila("get", None, LOGIN, 403, 403, 302, 403, 403),
    "dependencias:importar_aplicar": Fila(
        "post", None, LOGIN, 403, 403, 302, 403, 403, lambda w: {"huella": "x"}
    ),
    "dependencias:importar_descartar": Fila("post", None, LOGIN, 403, 403, 302, 403, 403),
    "dependencias:exportar": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    # Planeación anual: enlaces propose for their dependencias only, analistas
    # open rounds, agree and decide modifications, directivos read.
    "planeacion:inicio": Fila("get", None, LOGIN, 200, 200, 200, 200, 403),
    "planeacion:ronda_abrir": Fila(
        "post",
        None,
        LOGIN,
        403,
        403,
        302,
        403,
        403,
        lambda w: {"anio": 2024, "fecha_limite": "2099-01-31"},
    ),  # fmt: skip
    "planeacion:ronda": Fila("get", _ronda, LOGIN, 200, 200, 200, 200, 403),
    "planeacion:dependencia": Fila(
        "get", lambda w: {**_ronda(w), "pk": w["dependencia"].pk}, LOGIN, 200, 404, 200, 200, 404
    ),
    "planeacion:propuesta_nueva": Fila(
        "get", lambda w: {**_ronda(w), "pk": w["dependencia"].pk}, LOGIN, 200, 404, 403, 403, 404
    ),
    "planeacion:propuesta_arrastrar": Fila(
        "post",
        lambda w: {**_ronda(w), "pk": w["dependencia"].pk, "meta_pk": w["meta"].pk},
        LOGIN,
        302,
        404,
        403,
        403,
        404,
    ),  # fmt: skip
    "planeacion:propuesta": Fila("get", _propuesta("enviada"), LOGIN, 200, 404, 200, 200, 404),
    "planeacion:propuesta_enviar": Fila(
        "post", _propuesta("borrador"), LOGIN, 302, 404, 403, 403, 404, _vp
    ),
    "planeacion:propuesta_retirar": Fila(
        "post", _propuesta("borrador"), LOGIN, 302, 404, 403, 403, 404, _vp
    ),
    "planeacion:propuesta_devolver": Fila(
        "post",
        _propuesta("enviada"),
        LOGIN,
        403,
        404,
        302,
        403,
        404,
        lambda w: _vp(
            w,
            **OBS,
            **{"obs-0-codigo": CodigoObservacion.objects.filter(uso="propuesta").first().pk},
        ),
    ),  # fmt: skip
    "planeacion:propuesta_acordar": Fila(
        "post", _propuesta("enviada"), LOGIN, 403, 404, 302, 403, 404, _vp
    ),
    "planeacion:meta": Fila("get", _acordada, LOGIN, 200, 404, 200, 200, 404),
    "planeacion:modificacion_solicitar": Fila(
        "post", _acordada, LOGIN, 302, 404, 302, 403, 404, lambda w: MODIFICACION
    ),
    "planeacion:modificacion": Fila("get", _solicitud, LOGIN, 200, 404, 200, 200, 404),
    "planeacion:modificacion_aprobar": Fila("post", _solicitud, LOGIN, 403, 404, 302, 403, 404),
    "planeacion:modificacion_rechazar": Fila(
        "post", _solicitud, LOGIN, 403, 404, 302, 403, 404, lambda w: {"motivo": "No"}
    ),
}
# The whole matrix, which tests/avgm/test_matriz_municipios.py runs with a second municipio.
MATRIZ: dict[str, Fila] = {**FILAS, **informes.FILAS}


def _nombres(patrones, prefijo=""):
    for p in patrones:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _nombres(
                p.url_patterns, f"{prefijo}{p.namespace}:" if p.namespace else prefijo
            )
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefijo}{p.name}"


def test_every_url_has_a_row():
    nombres = set(_nombres(get_resolver().url_patterns))
    assert nombres - set(MATRIZ) == set(), "URLs sin fila en la matriz de permisos"
    assert set(MATRIZ) - nombres == set(), "Filas de URLs que ya no existen"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("nombre", sorted(FILAS))
def test_permission_matrix(client, _personas_y_mundo, mundo, nombre, persona):
    comprobar(client, _personas_y_mundo, mundo, nombre, FILAS[nombre], persona)
