"""Which units of measure count people, so the quantities reported in them are protected
like the atenciones by sex when a report is published.

A meta's unit of measure is free text («Atenciones», «Quejas atendidas», «Talleres»). The
catalog `UnidadMedida` holds one row per unit name in use, with `cuenta_personas`, which an
administrator may change in the Django admin (recorded in the bitácora). A name with no row
yet (a meta written in bulk by an import or the demo) is decided by the same rule that seeds
the catalog, `cuenta_personas_por_nombre`:

    the unit counts people when its FIRST word (accents and case aside) starts like one of
    `RAICES_PERSONAS`: the unit names of services given to a person (atención, asesoría,
    canalización, acompañamiento, seguimiento of a protection order, apoyo delivered), the
    complaints, reports and cases that each stand for a person (queja, denuncia,
    investigación, activación of a search) and the people themselves (persona, mujer,
    víctima, usuaria, beneficiaria, niña, niño, adolescente).

Events, products and things (talleres, pláticas, campañas, capacitaciones, publicaciones,
luminarias, «Reportes de seguimiento») do not count people. «Personas capacitadas» does: its
first word is «personas».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

RAICES_PERSONAS = (
    "atencion", "asesoria", "canalizacion", "acompanamiento", "seguimiento", "apoyo",
    "queja", "denuncia", "investigacion", "activacion", "orden",
    "persona", "mujer", "victima", "usuari", "beneficiari", "nina", "nino", "adolescente",
    "hombre", "paciente",
)  # fmt: skip


def normalizar(nombre: str | None) -> str:
    """«  Quejas   atendidas » and «quejas atendidas» are one unit: no accents, case-folded,
    spaces collapsed."""
    texto = unicodedata.normalize("NFKD", str(nombre or "").replace("\xa0", " "))
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", texto).strip().casefold()


def cuenta_personas_por_nombre(nombre: str | None) -> bool:
    """The rule (see the module's docstring): the unit's first word names people."""
    palabras = normalizar(nombre).split(" ")
    return bool(palabras[0]) and palabras[0].startswith(RAICES_PERSONAS)


def cuentan_personas(nombres: Iterable[str]) -> dict[str, bool]:
    """{name: counts people} for each unit name, from the catalog, else by the rule (1 query)."""
    from dependencias.models import UnidadMedida

    nombres = set(nombres)
    catalogo = {
        normalizar(nombre): flag
        for nombre, flag in UnidadMedida.objects.values_list("nombre", "cuenta_personas")
    }
    return {
        nombre: catalogo.get(normalizar(nombre), cuenta_personas_por_nombre(nombre))
        for nombre in nombres
    }


def unidades_registrar(nombres: Iterable[str]) -> None:
    """Add to the catalog the unit names it does not hold yet, flagged by the rule, so an
    administrator sees and may correct every unit in use (2 queries)."""
    from avgm.plataforma import revision
    from dependencias.models import UnidadMedida

    conocidas = {normalizar(n) for n in UnidadMedida.objects.values_list("nombre", flat=True)}
    nuevas: dict[str, str] = {}
    for nombre in nombres:
        limpio = re.sub(r"\s+", " ", str(nombre or "")).strip()
        if limpio and normalizar(limpio) not in conocidas:
            nuevas.setdefault(normalizar(limpio), limpio)
    UnidadMedida.objects.bulk_create(
        [UnidadMedida(nombre=n, cuenta_personas=cuenta_personas_por_nombre(n))
         for n in nuevas.values()],
        ignore_conflicts=True,
    )  # fmt: skip
    if nuevas:
        revision.marcar_cambio()
