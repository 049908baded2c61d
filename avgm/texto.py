"""Free text as it may be stored and exported: no control characters, Unix line ends.

Text pasted from Word or a PDF carries C0 control characters (\\x0b is Word's manual line
break) that XML forbids: openpyxl refuses them and the Excel would answer 500. Every free
text saved or written to a workbook goes through `limpiar_texto`.

Text that is data stays data. A spreadsheet runs a CSV cell that starts with «=», «+», «-» or
«@» as a formula (`=HYPERLINK(…)` sends whoever clicks it anywhere). The open data's CSV keeps
every value exact for programs, so the names that reach it refuse those starts at input
(`sin_formula`, a validator on the model fields: the admin, the Excel import and every
ModelForm run it); the internal CSVs prefix such a cell with «'» (`neutralizar`); workbooks
write every text as a string cell, never a formula.
"""

from __future__ import annotations

import re

from django import forms
from django.apps import apps
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q

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


# What makes a spreadsheet read a cell as a formula, after any leading spaces; a tab or a
# carriage return first can too.
_FORMULA = re.compile(r"\s*[=+\-@]|[\t\r]")


def parece_formula(texto: str) -> bool:
    """Whether a spreadsheet opening `texto` in a CSV cell could run it as a formula."""
    return bool(_FORMULA.match(texto))


def sin_formula(valor: str) -> None:
    """Validator of the names and catalog texts that reach the open data's CSV."""
    if isinstance(valor, str) and parece_formula(valor):
        raise ValidationError(
            "No puede empezar con «=», «+», «-» ni «@»: una hoja de cálculo lo ejecutaría como "
            "fórmula al abrir los datos abiertos. Escríbalo sin ese signo al inicio.",
            code="formula",
        )


def filas_con_formula(base: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Stored values of fields validated by `sin_formula` that start like a formula: rows
    written before the rule, restored from an old backup, or saved by code that skipped
    validation. Said by the system check `avgm.W202`; publishing refuses while there is one."""
    halladas = []
    for modelo in apps.get_models():
        campos = [c for c in modelo._meta.concrete_fields if sin_formula in c.validators]
        for campo in campos:
            sospecha = Q(**{f"{campo.name}__regex": r"^\s"})
            for signo in "=+-@":
                sospecha |= Q(**{f"{campo.name}__startswith": signo})
            filas = modelo._default_manager.using(base).filter(sospecha)
            for pk, valor in filas.values_list("pk", campo.name):
                if parece_formula(valor):
                    muestra = valor[:40] + ("…" if len(valor) > 40 else "")
                    halladas.append(
                        f"{modelo._meta.verbose_name} {pk}, {campo.verbose_name}: «{muestra}»"
                    )
    return halladas


def neutralizar(celda) -> str:
    """A cell of an internal CSV as text a spreadsheet shows and never runs (OWASP's rule)."""
    celda = str(celda)
    return "'" + celda if parece_formula(celda) else celda


# Longest free text a person may type in one field (a narrative section, activities, ...).
LARGO_MAXIMO = 10_000


class LargoMaximo(validators.MaxLengthValidator):
    """At most `limit_value` characters, a line break counting one (as the page's counter
    counts it); the refusal says both lengths as people read them: «el texto tiene 20,000
    caracteres; el máximo es 10,000»."""

    def __call__(self, valor) -> None:
        largo = len(str(valor).replace("\r\n", "\n"))
        if largo > self.limit_value:
            raise ValidationError(
                f"El texto tiene {largo:,} caracteres; el máximo es {self.limit_value:,}.",
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": largo, "value": valor},
            )


def _sin_recorte(campo: forms.CharField, limite: int) -> None:
    """The limit checked by `LargoMaximo`, and said to the page as `data-maxlength`: a browser
    cuts a paste at `maxlength` without a word, the page's counter says how much is over."""
    campo.validators = [
        v for v in campo.validators if not isinstance(v, validators.MaxLengthValidator)
    ] + [LargoMaximo(limite)]
    attrs = campo.widget.attrs
    if attrs.pop("maxlength", None) is not None:
        attrs["data-maxlength"] = str(limite)


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
            _sin_recorte(campo, self.max_length)
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
        _sin_recorte(self, max_length)

    def to_python(self, value):
        return limpiar_texto(super().to_python(value))
