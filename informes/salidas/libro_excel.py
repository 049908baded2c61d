"""The report workbook's writer: XlsxWriter in constant_memory mode with a fast row path.

`Libro` holds the report's formats and writes what every sheet shares: the title row with the
report's state (draft and its local time, or the published version), the print setup (carta,
fit to width, footer) and rows of plain values, cleaned and always text for a text.
"""

from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from collections.abc import Iterable
from xml.sax.saxutils import escape

import xlsxwriter
from django.conf import settings
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from avgm.models import AVISO_DEMOSTRACION
from avgm.texto import limpiar_texto

PORCENTAJE = "0.0%"
FECHA = "dd/mm/yyyy hh:mm"
MONEDA = '"$ "#,##0.00'
# Differences carry their sign; a fraction's difference is in percentage points.
CON_SIGNO = "+#,##0;-#,##0;0"
DECIMAL = "0.0"
DECIMAL_CON_SIGNO = "+0.0;-0.0;0.0"
PUNTOS = '+0.0" pts";-0.0" pts";0.0" pts"'
ANCHO_TEXTO = 60  # a longer text wraps inside its column
ANCHO_ENCABEZADO = 24  # a longer header wraps
FILA_ENCABEZADO = 2  # 0-based: title row, note row, header row
CARTA = 1  # XlsxWriter's paper code for Letter
NEGRITA = "negrita"
AJUSTE = "ajuste"


def fecha_local(momento: datetime.datetime | str | None) -> datetime.datetime | None:
    """A moment as the local wall-clock time (America/Ciudad_Juarez), naive, for a cell."""
    if not momento:
        return None
    if isinstance(momento, str):
        momento = datetime.datetime.fromisoformat(momento)
    return momento.astimezone(_zona()).replace(tzinfo=None)


@functools.cache
def _zona() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def estado_del_informe(figuras: dict, publicado=None) -> str:
    """What the title row says, as the PDF does: a draft and its time, or the version."""
    if publicado is not None:
        cuando = fecha_local(publicado.publicado_en)
        return f"Versión {publicado.version} publicada el {cuando:%d/%m/%Y %H:%M}"
    cuando = fecha_local(figuras["corte"]["calculado_en"])
    return f"BORRADOR con datos en vivo, calculado el {cuando:%d/%m/%Y %H:%M}"


EPOCA_EXCEL = datetime.datetime(1899, 12, 30)
_ESCAPE_EXCEL = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # a literal «_x0041_» is not an escape
MAX_TEXTO = 32767  # Excel's limit for a cell


class Hoja(Worksheet):
    """XlsxWriter's worksheet plus one fast path: a whole data row written as ready XML.

    XlsxWriter spends ~10 µs per cell in its generic cell path; a state-scale report has
    300,000 cells. `escribir_fila` writes the same `<row>`/`<c>` XML XlsxWriter writes in
    constant_memory mode (inline strings, numbers), for a row after every row written so far.
    """

    def escribir_fila(self, fila: int, ultima_columna: int, celdas: str) -> None:
        if self._check_dimensions(fila, 0) or self._check_dimensions(fila, ultima_columna):
            raise ValueError(f"Fila {fila} fuera de orden o de los límites de la hoja.")
        if fila > self.previous_row:
            self._write_single_row(fila)  # flush what the public API left in the last row
        self.fh.write(f'<row r="{fila + 1}">{celdas}</row>')


class Libro:
    """An XlsxWriter workbook with the report's formats, title row and print setup."""

    def __init__(self, ruta: str, figuras: dict, publicado=None, *, demostracion=False) -> None:
        self.demostracion = demostracion  # a made-up municipio's: every sheet's footer says so
        self.wb = xlsxwriter.Workbook(
            ruta,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.wb.set_properties(
            {"title": f"Informe de corte {figuras['corte']['etiqueta']}", "company": "IMM"}
        )
        self.etiqueta = figuras["corte"]["etiqueta"]
        self.estado = estado_del_informe(figuras, publicado)
        self.titulo = f"Informe de corte: Respuesta a la AVGM {self.etiqueta} · {self.estado}"
        f = self.wb.add_format
        self.f_titulo = f({"bold": True, "font_size": 12, "font_color": "#5B2A86"})
        self.f_nota = f({"italic": True})
        self.f_aviso = f({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        self.encabezado = f(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": "#5B2A86", "text_wrap": True,
             "valign": "top"}
        )  # fmt: skip
        self.formatos = {
            PORCENTAJE: f({"num_format": PORCENTAJE}),
            FECHA: f({"num_format": FECHA}),
            MONEDA: f({"num_format": MONEDA}),
            CON_SIGNO: f({"num_format": CON_SIGNO}),
            DECIMAL: f({"num_format": DECIMAL}),
            DECIMAL_CON_SIGNO: f({"num_format": DECIMAL_CON_SIGNO}),
            PUNTOS: f({"num_format": PUNTOS}),
            NEGRITA: f({"bold": True}),
            AJUSTE: f({"text_wrap": True, "valign": "top"}),
        }
        self._textos: dict[str, tuple[str, int, bool]] = {}

    def nueva_hoja(self, titulo: str, *, columnas: int) -> Hoja:
        hoja = self.wb.add_worksheet(titulo[:31], worksheet_class=Hoja)
        hoja.write_string(0, 0, self.titulo, self.f_titulo)
        hoja.set_paper(CARTA)
        hoja.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
        if columnas > 6:
            hoja.set_landscape()
        pie = f"Informe de corte {self.etiqueta} · {self.estado}"
        if self.demostracion:
            pie = f"{AVISO_DEMOSTRACION} · {pie}"
        pie = pie.replace("&", "&&")
        hoja.set_footer(f"&L&8{pie}&R&8Página &P de &N")
        return hoja

    def _texto(self, texto: str) -> tuple[str, int, bool]:
        """A text as its cell XML, its width and whether it wraps; remembered, since the same
        siglas or state repeat thousands of times. Cleaned with `limpiar_texto`, always an
        inline string: never a formula."""
        hecho = self._textos.get(texto)
        if hecho is None:
            limpio = limpiar_texto(texto)[:MAX_TEXTO]
            lineas = limpio.split("\n")
            ancho = max(map(len, lineas))
            ajusta = ancho > ANCHO_TEXTO or len(lineas) > 1
            xml = escape(limpio)
            if "_x" in xml:
                xml = _ESCAPE_EXCEL.sub(r"_x005F\1", xml)
            espacios = (
                ' xml:space="preserve"'
                if limpio and (limpio[0].isspace() or limpio[-1].isspace())
                else ""
            )
            hecho = self._textos[texto] = (
                f' t="inlineStr"><is><t{espacios}>{xml}</t></is></c>',
                min(ancho, ANCHO_TEXTO),
                ajusta,
            )
        return hecho

    def filas(self, hoja: Hoja, primera: int, filas: Iterable, formatos: dict, anchos: list):
        """Write `filas` from row `primera`; widen `anchos` to what each column holds.

        The innermost loop of a state-scale workbook (300,000 cells): keep it plain.
        """
        columnas = range(len(anchos))
        letras = [xl_col_to_name(c) for c in columnas]
        estilos = [
            f' s="{self.formatos[formatos[c]]._get_xf_index()}"' if c in formatos else ""
            for c in columnas
        ]
        anchos_fijos = [
            6 if formatos.get(c) == PORCENTAJE else 16 if formatos.get(c) == FECHA else 0
            for c in columnas
        ]
        fecha = f' s="{self.formatos[FECHA]._get_xf_index()}"'
        ajuste = f' s="{self.formatos[AJUSTE]._get_xf_index()}"'
        textos, texto = self._textos, self._texto
        ultima = len(anchos) - 1
        for r, fila in enumerate(filas, start=primera):
            numero = str(r + 1)
            celdas = []
            for c, valor in enumerate(fila):
                if valor is None:
                    continue
                tipo = type(valor)
                if tipo is str:
                    if not valor:
                        continue
                    xml, largo, ajusta = textos.get(valor) or texto(valor)
                    estilo = estilos[c] or (ajuste if ajusta else "")
                    celdas.append(f'<c r="{letras[c]}{numero}"{estilo}{xml}')
                else:
                    estilo = estilos[c]
                    if tipo is datetime.datetime:
                        valor = (valor - EPOCA_EXCEL).total_seconds() / 86400
                        estilo, largo = estilo or fecha, 16
                    elif tipo is float and valor != valor:
                        continue  # NaN: no value
                    else:
                        largo = anchos_fijos[c] or (
                            len(f"$ {valor:,.2f}") if estilo else min(len(str(valor)), 11)
                        )
                    celdas.append(f'<c r="{letras[c]}{numero}"{estilo}><v>{valor:.16G}</v></c>')
                if largo > anchos[c]:
                    anchos[c] = largo
            hoja.escribir_fila(r, ultima, "".join(celdas))

    @staticmethod
    def anchos(hoja, anchos: list) -> None:
        for c, ancho in enumerate(anchos):
            hoja.set_column(c, c, min(ANCHO_TEXTO, ancho) + 2)

    def cerrar(self) -> None:
        self.wb.close()
