"""The state corte's table as the pages print it: figures formatted, names labelled."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from avgm.numeros import formatear
from avgm.plataforma import revision
from informes.estatal.corte import SIN_INFORME, TITULARES, CorteEstatal, FilaMunicipio

# Figures a municipio's public pages never print: the state's public page leaves them out.
SOLO_PORTAL = {"aprobacion_primera"}


def nombre_municipio(fila: FilaMunicipio) -> str:
    """Its name, which says when its data are invented (once: not where the name says it)."""
    m = fila.municipio
    if m.demostracion and "demostración" not in m.nombre.lower():
        return f"{m.nombre} (demostración)"
    return m.nombre


def demostracion(corte: CorteEstatal) -> list[str]:
    """The names of the corte's made-up municipios (`Municipio.demostracion`)."""
    return [f.municipio.nombre for f in corte.municipios if f.municipio.demostracion]


def titulares(*, publico: bool = False) -> list[tuple[str, str, str]]:
    return [(c, t, f) for c, t, f in TITULARES if not (publico and c in SOLO_PORTAL)]


def contexto(corte: CorteEstatal, *, publico: bool = False) -> dict:
    """What the table needs, formatted (`publico`: only what the micrositio prints)."""
    columnas = titulares(publico=publico)
    return {
        "corte": corte,
        "titulares": [t for _c, t, _f in columnas],
        "filas": [
            {
                "fila": fila,
                "nombre": nombre_municipio(fila),
                "valores": [(t, formatear(fila.cifras[c], f)) for c, t, f in columnas]
                if fila.publicado
                else [],
            }
            for fila in corte.municipios
        ],
        "nombres": [nombre_municipio(f) for f in corte.municipios],
        # The made-up municipios: every rendering of the table says their data are invented.
        "demostracion": demostracion(corte),
        "sin_informe": SIN_INFORME,
        "publico": publico,
    }


def tabla_html(corte: CorteEstatal) -> SafeString:
    """The portal's tables of the corte, rendered once per kept corte (they depend on nothing
    else: a hundred recomendaciones times every municipio is most of the page's work)."""

    def producir() -> str:
        return render_to_string("informes/estatal/_tabla.html", contexto(corte))

    if not corte.huella:
        return mark_safe(producir())  # noqa: S308 - rendered by a template that escapes
    html = revision.memorizar(f"{corte.huella}:tabla", producir, ejercicios=[])
    return mark_safe(html)  # noqa: S308 - rendered by a template that escapes every value
