"""The permission matrix: every URL of the portal × every persona, generated from the URL conf.

A URL without a row fails `test_every_url_has_a_row`. Adding a row is one line in MATRIZ:
    "app:name": Fila("get"|"post", kwargs(world) or None, anon, enlace_a, enlace_b, analista,
                     directivo, administrador[, datos(world)]),
where each answer is an HTTP status, or LOGIN for "redirected to the login page".
The Django admin (namespace "admin") is left out: it has its own staff checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fichas.models import CodigoObservacion, Evidencia, FichaTecnica, HistorialFicha, Observacion
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    municipio_principal,
    periodo,
)
from tests.por_modulo import personas, una_vez

pytestmark = pytest.mark.django_db
LOGIN = "login"
PERSONAS = ["anon", "enlace_a", "enlace_b", "analista", "directivo", "administrador"]
E = FichaTecnica.Estado


@dataclass
class Fila:
    metodo: str
    kwargs: Callable[[dict], dict] | None
    anon: int | str
    enlace_a: int | str
    enlace_b: int | str
    analista: int | str
    directivo: int | str
    administrador: int | str
    datos: Callable[[dict], dict] = field(default=lambda w: {})


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


def _corte(**extra):
    return {"anio": 2022, "hasta": "T2", **extra}


def _informe(w, libro_revisado: bool = False) -> dict:
    """A published version of the 2022 T2 corte (files stand in for a real render); with
    `libro_revisado`, its frozen workbook is one the micrositio offers (approved fichas only)."""
    from informes.cifras.figures import Corte, calcular
    from informes.models import InformePublicado

    ejercicio = w["meta"].ejercicio
    informe = InformePublicado(
        ejercicio=ejercicio, hasta=ejercicio.periodos.get(numero=2), version=1,
        figuras={
            **calcular(Corte.de(ejercicio, ejercicio.periodos.get(numero=2))),
            **({"publico": {"libro_solo_fichas_aprobadas": True}} if libro_revisado else {}),
        },
        sha256="0" * 64,
        publicado_por=w["borrador"].meta.dependencia.enlaces.first().usuario,
        publicado_en=w["borrador"].creada_en,
    )  # fmt: skip
    informe.pdf.save("informe.pdf", ContentFile(b"%PDF-1.7 prueba"), save=False)
    informe.xlsx.save("informe.xlsx", ContentFile(b"PK prueba"), save=False)
    informe.save()
    return {"pk": informe.pk}


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


def _render(w) -> dict:
    """A failed render of the 2022 T2 draft Excel (the worker's bookkeeping)."""
    from informes.models import Render

    ejercicio = w["meta"].ejercicio
    render = Render.objects.create(
        ejercicio=ejercicio, hasta=ejercicio.periodos.get(numero=2), formato="xlsx",
        version="prueba", estado=Render.Estado.ERROR, error="Falló.",
    )  # fmt: skip
    return {"pk": render.pk}


def _gim(w) -> dict:
    import datetime

    from avgm.models import EvaluacionGIM

    evaluacion = EvaluacionGIM.objects.create(
        municipio=w["dependencia"].municipio, fecha=datetime.date(2022, 9, 1), referencia="GIM-1"
    )
    evaluacion.documento.save("e.pdf", ContentFile(b"%PDF-1.7 prueba"))
    return {"pk": evaluacion.pk}


# The Administrador keeps accounts and reads no seguimiento data: 403 on pages that need a
# capability, 404 on fichas and evidence (their existence is not revealed).
MATRIZ: dict[str, Fila] = {
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
    # Informe de corte: analistas and directivos read; only analistas write.
    "informes:tablero": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    "informes:lista": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    "informes:corte": Fila("get", lambda w: _corte(), LOGIN, 403, 403, 200, 200, 403),
    "informes:corte_pdf": Fila("get", lambda w: _corte(), LOGIN, 403, 403, 200, 200, 403),
    "informes:corte_xlsx": Fila("get", lambda w: _corte(), LOGIN, 403, 403, 200, 200, 403),
    "informes:narrativa": Fila("get", lambda w: _corte(), LOGIN, 403, 403, 200, 403, 403),
    # Publishing asks for confirmation first: the answer is the confirmation page.
    "informes:publicar": Fila("post", lambda w: _corte(), LOGIN, 403, 403, 200, 403, 403),
    "informes:render": Fila("get", _render, LOGIN, 403, 403, 200, 200, 403),
    "informes:render_json": Fila("get", _render, LOGIN, 403, 403, 200, 200, 403),
    "informes:render_reintentar": Fila("post", _render, LOGIN, 403, 403, 302, 302, 403),
    "informes:render_archivo": Fila("get", _render, LOGIN, 403, 403, 302, 302, 403),
    "informes:detalle": Fila(
        "get", lambda w: _corte(figura="impactadas"), LOGIN, 403, 403, 200, 200, 403
    ),
    "informes:publicado": Fila("get", _informe, LOGIN, 403, 403, 200, 200, 403),
    "informes:publicado_pdf": Fila("get", _informe, LOGIN, 403, 403, 200, 200, 403),
    "informes:publicado_xlsx": Fila("get", _informe, LOGIN, 403, 403, 200, 200, 403),
    # The state corte: whoever reads reports (published figures only), never an enlace.
    "informes:estatal": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    **{
        f"informes:{n}": Fila("get", lambda w: _corte(), LOGIN, 403, 403, 200, 200, 403)
        for n in ["estatal_corte", "estatal_xlsx", "estatal_pdf"]
    },
    "informes:gim_lista": Fila("get", None, LOGIN, 403, 403, 200, 200, 403),
    "informes:gim_nueva": Fila("get", None, LOGIN, 403, 403, 200, 403, 403),
    "informes:gim_evaluacion": Fila("get", _gim, LOGIN, 403, 403, 200, 403, 403),
    "informes:gim_documento": Fila("get", _gim, LOGIN, 403, 403, 200, 200, 403),
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
    # The public micrositio: everyone, logged in or not, reads it.
    **{
        f"publico:{n}": Fila("get", None, 200, 200, 200, 200, 200, 200)
        for n in [
            "inicio",
            "recomendaciones",
            "dependencias",
            "serie",
            "archivo",
            "verificar",
            "datos",
            "catalogo",
            "catalogo_dcat",
            "estado",
        ]
    },  # fmt: skip
    "publico:corte": Fila("get", lambda w: _informe(w) and _corte(), 200, 200, 200, 200, 200, 200),
    **{
        f"publico:{n}": Fila("get", lambda w: _informe(w) and _corte(), *[200] * 6)
        for n in ["estado_corte", "estado_csv"]
    },
    "publico:recomendacion": Fila("get", lambda w: {"clave": "R-X"}, 404, 404, 404, 404, 404, 404),
    "publico:dependencia": Fila(
        "get",
        lambda w: _informe(w) and {"siglas": w["dependencia"].siglas},
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    "publico:pdf": Fila("get", lambda w: _informe(w), 200, 200, 200, 200, 200, 200),
    "publico:xlsx": Fila(
        "get", lambda w: _informe(w, libro_revisado=True), 200, 200, 200, 200, 200, 200
    ),
    "publico:logo": Fila("get", None, 404, 404, 404, 404, 404, 404),
    "publico:paquete": Fila(
        "get",
        lambda w: _informe(w) and {"corte": "2022-t2", "version": 1},
        *[200] * 6,
    ),
    "publico:archivo_datos": Fila(
        "get",
        lambda w: _informe(w)
        and {"corte": "2022-t2", "version": 1, "archivo": "cifras-del-corte-2022-t2-v1.csv"},
        200,
        200,
        200,
        200,
        200,
        200,
    ),  # fmt: skip
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


def _en_municipio(kwargs: Callable[[dict], dict] | None) -> Callable[[dict], dict]:
    """The same page's arguments under its municipio's prefix (the only municipio's clave)."""
    return lambda w: {"municipio": municipio_principal().clave, **(kwargs(w) if kwargs else {})}


# Each municipio's micrositio under /publico/m/<clave>/: the same answers as unprefixed. The
# state's pages belong to no municipio and have no prefixed twin.
MATRIZ.update(
    {
        nombre.replace("publico:", "publico:m:", 1): replace(
            fila, kwargs=_en_municipio(fila.kwargs)
        )
        for nombre, fila in list(MATRIZ.items())
        if nombre.startswith("publico:") and not nombre.startswith("publico:estado")
    }
)


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


def _crear_mundo(dependencia_a, enlace_a) -> dict:
    meta = MetaFactory(dependencia=dependencia_a, programado={1: 3, 2: 3, 3: 3, 4: 3})
    borrador = FichaFactory(meta=meta, actividades="Taller", cantidad_alcanzada=3)
    evidencia = Evidencia(ficha=borrador, subida_por=enlace_a, nombre_original="lista.pdf")
    evidencia.archivo.save("lista.pdf", ContentFile(b"%PDF-1.4 lista"), save=True)
    observada = FichaFactory(meta=MetaFactory(dependencia=dependencia_a), estado=E.OBSERVADA)
    return {
        "meta": meta,
        "dependencia": dependencia_a,
        "borrador": borrador,
        "enviada": FichaFactory(meta=meta, periodo=periodo(2022, 2), estado=E.ENVIADA),
        "aprobada": FichaFactory(meta=meta, periodo=periodo(2022, 3), estado=E.APROBADA),
        "evidencia": evidencia,
        "periodo": periodo(2022, 4),
        "observada": observada,
        "observacion": Observacion.objects.create(
            ficha=observada,
            # An observación of the return in force: only those are answered.
            devolucion=HistorialFicha.objects.create(ficha=observada, accion="devolver"),
            codigo=CodigoObservacion.objects.first(),
            texto="Falta la lista",
            creada_por=enlace_a,
        ),
    }


def _personas_y_mundo_nuevos() -> tuple[dict, dict]:
    gente = personas()
    return gente, _crear_mundo(DependenciaFactory(siglas="DIF"), gente["enlace_a"])


@pytest.fixture(scope="module")
def _personas_y_mundo(django_db_setup, django_db_blocker):
    """The personas and the world, written once for the module's few hundred requests; each
    test's own writes are rolled back after it (tests/por_modulo.py)."""
    yield from una_vez(django_db_blocker, _personas_y_mundo_nuevos)


@pytest.fixture
def mundo(_personas_y_mundo, db) -> dict:
    """The module's world, read afresh: what a test leaves on its objects stays with it."""
    return {k: type(v).objects.get(pk=v.pk) for k, v in _personas_y_mundo[1].items()}


@pytest.fixture(autouse=True)
def _pdf_sin_render(monkeypatch, settings, tmp_path):
    """Only the status code matters here: the PDF render is a stub, its cache a temp folder.

    The real render is tested in test_informe_formatos and test_informe_publicacion.
    """
    import informes.salidas.pdf

    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    monkeypatch.setattr(
        informes.salidas.pdf, "generar_pdf", lambda *a, **k: (b"%PDF-1.7 prueba", 1)
    )
    monkeypatch.setattr("informes.estatal.pdf.generar_pdf", lambda *a, **k: b"%PDF-1.7 prueba")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("nombre", sorted(MATRIZ))
def test_permission_matrix(client, _personas_y_mundo, mundo, nombre, persona):
    fila = MATRIZ[nombre]
    if persona != "anon":
        client.force_login(_personas_y_mundo[0][persona])
    url = reverse(nombre, kwargs=fila.kwargs(mundo) if fila.kwargs else None)
    respuesta = getattr(client, fila.metodo)(url, fila.datos(mundo))
    if respuesta.streaming:  # a download read to the end closes its file; close() would also
        b"".join(respuesta.streaming_content)  # end the module's transaction on PostgreSQL
    esperado = getattr(fila, persona)
    if esperado == LOGIN:
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("login"))
    else:
        assert respuesta.status_code == esperado, f"{nombre} como {persona}"
