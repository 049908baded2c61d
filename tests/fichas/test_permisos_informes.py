"""The permission matrix of the reports and the public micrositio: every URL of `informes`
and `publico` × every persona. The rest of the portal, the rule that every URL has a row, and
the row's format are in `test_flujo_permisos`; what both share is in `permisos`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from django.core.files.base import ContentFile

from tests.factories import municipio_principal
from tests.fichas import permisos
from tests.fichas.permisos import LOGIN, PERSONAS, Fila, comprobar

pytestmark = pytest.mark.django_db

# The matrix's world and its PDF stand-in, as fixtures of this module.
_personas_y_mundo = permisos._personas_y_mundo
mundo = permisos.mundo
_pdf_sin_render = permisos._pdf_sin_render


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
FILAS: dict[str, Fila] = {
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
        *[200] * 6,
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
        *[200] * 6,
    ),  # fmt: skip
}


def _en_municipio(kwargs: Callable[[dict], dict] | None) -> Callable[[dict], dict]:
    """The same page's arguments under its municipio's prefix (the only municipio's clave)."""
    return lambda w: {"municipio": municipio_principal().clave, **(kwargs(w) if kwargs else {})}


# Each municipio's micrositio under /publico/m/<clave>/: the same answers as unprefixed. The
# state's pages belong to no municipio and have no prefixed twin.
FILAS.update(
    {
        nombre.replace("publico:", "publico:m:", 1): replace(
            fila, kwargs=_en_municipio(fila.kwargs)
        )
        for nombre, fila in list(FILAS.items())
        if nombre.startswith("publico:") and not nombre.startswith("publico:estado")
    }
)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("nombre", sorted(FILAS))
def test_permission_matrix(client, _personas_y_mundo, mundo, nombre, persona):
    comprobar(client, _personas_y_mundo, mundo, nombre, FILAS[nombre], persona)
