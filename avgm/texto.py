"""Free text as it may be stored and exported: no control characters, Unix line ends.

Text pasted from Word or a PDF carries C0 control characters (\\x0b is Word's manual line
break) that XML forbids: openpyxl refuses them and the Excel would answer 500. Every free
text saved or written to a workbook goes through `limpiar_texto`.
"""

from __future__ import annotations

import re

from django import forms
from django.core import validators
from django.db import models

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


# Longest free text a person may type in one field (a narrative section, activities, ...).
LARGO_MAXIMO = 10_000


def _mensaje_largo(limite: int) -> str:
    return f"Escriba como máximo {limite:,} caracteres (el texto tiene %(show_value)d)."


class _Limpio:
    """A text field that stores `limpiar_texto` of its value on every save (forms, imports,
    the admin, bulk_create), and whose form field says its limit in Spanish."""

    def pre_save(self, model_instance, add):
        valor = getattr(model_instance, self.attname)
        if isinstance(valor, str):
            valor = limpiar_texto(valor)
            setattr(model_instance, self.attname, valor)
        return valor

    def formfield(self, **kwargs):
        campo = super().formfield(**kwargs)
        if campo is not None and self.max_length:
            campo.validators = [
                v for v in campo.validators if not isinstance(v, validators.MaxLengthValidator)
            ] + [
                validators.MaxLengthValidator(
                    self.max_length, message=_mensaje_largo(self.max_length)
                )
            ]
        return campo


class TextoLargo(_Limpio, models.TextField):
    """Free text of up to `LARGO_MAXIMO` characters unless told otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", LARGO_MAXIMO)
        super().__init__(*args, **kwargs)


class TextoCorto(_Limpio, models.CharField):
    """A one-line free text (a name, a place, a source)."""


class CampoTexto(forms.CharField):
    """A form's free-text field: cleaned like the model fields, `LARGO_MAXIMO` characters at
    most unless told otherwise, its limit said in Spanish (forms that are not ModelForms)."""

    def __init__(self, *args, max_length: int = LARGO_MAXIMO, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)
        ] + [validators.MaxLengthValidator(max_length, message=_mensaje_largo(max_length))]

    def to_python(self, value):
        return limpiar_texto(super().to_python(value))
