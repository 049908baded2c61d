"""The report's output formats; each renders the same figures of a corte.

`FORMATOS` maps a format name to a function (corte, figuras) -> bytes. HTML, PDF and Excel
register here when they exist, so the `informe` command and the views share one dispatch.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from informes.figures import Corte

Renderizador = Callable[[Corte, dict], bytes]


def como_json(corte: Corte, figuras: dict) -> bytes:
    return (json.dumps(figuras, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


FORMATOS: dict[str, Renderizador] = {"json": como_json}
