"""Free text as it may be stored and exported: no control characters, Unix line ends.

Text pasted from Word or a PDF carries C0 control characters (\\x0b is Word's manual line
break) that XML forbids: openpyxl refuses them and the Excel would answer 500. Every free
text saved or written to a workbook goes through `limpiar_texto`.
"""

from __future__ import annotations

import re

# C0 controls except \t (09), \n (0A) and \r (0D); DEL (7F) too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Word's manual line break (\x0b) and a page break (\x0c) read as a new line.
_SALTO = re.compile(r"[\x0b\x0c]")


def limpiar_texto(texto: str | None) -> str:
    """`texto` without control characters (tab and line breaks stay; a vertical tab or form
    feed becomes a line break), every line ending in \\n."""
    if not texto:
        return ""
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SALTO.sub("\n", texto))
