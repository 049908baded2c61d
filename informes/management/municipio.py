"""The `--municipio <clave>` option of the report's commands: whose cortes they act on.

With one municipio it may be left out (the deployment's only one); with several it is
required, so a command never reads whichever municipio happens to come first.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from avgm.models import Municipio


def agregar_opcion(parser) -> None:
    parser.add_argument(
        "--municipio",
        help="Clave del municipio (obligatoria cuando el sistema atiende a varios).",
    )


def elegido(clave: str | None) -> Municipio:
    """The municipio `--municipio` names, else the only one (CommandError otherwise)."""
    if clave:
        municipio = Municipio.objects.filter(clave=clave.strip()).first()
        if municipio is None:
            claves = ", ".join(
                Municipio.objects.order_by("orden", "pk").values_list("clave", flat=True)
            )
            raise CommandError(f"No existe el municipio «{clave}»; use uno de: {claves}.")
        return municipio
    municipio = Municipio.objects.unico()
    if municipio is None:
        claves = ", ".join(
            Municipio.objects.order_by("orden", "pk").values_list("clave", flat=True)
        )
        raise CommandError(f"Hay varios municipios: indique --municipio ({claves}).")
    return municipio
