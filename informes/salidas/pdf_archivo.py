"""Writing a laid-out report as an archival, tagged PDF (PDF/A-3a) with its data inside.

WeasyPrint's «pdf/a-3a» variant writes the logical structure (headings, lists, tables, figures
with their alternative text), the language, the XMP metadata with `pdfaid`, the sRGB output
intent and embeds every font; PDF/A-3 is the part that allows embedded files, each with its
AFRelationship. Two things it leaves out are completed here, before the file is written:

- a table header cell gets its `/Scope` (Column or Row, from the HTML `scope`), so a screen
  reader knows what each TH heads even without following the cells' `/Headers`;
- the catalog's `/AF` lists each embedded file once (WeasyPrint 70 adds each twice).

The file is written once and never rewritten, so a signature can later be appended to it as
an incremental update without touching these bytes.
"""

from __future__ import annotations

import datetime
import io

from informes.salidas.adjuntos import Adjunto

VARIANTE = "pdf/a-3a"


def _alcance_de_encabezados(documento) -> None:
    """Give every TH structure element its /Scope, as its HTML cell says."""
    for pagina in documento.pages:
        for caja in pagina._page_box.descendants():
            marca = getattr(caja, "mark", None)
            if marca is None or caja.element_tag != "th":
                continue
            alcance = (caja.element.get("scope") or "col").lower()
            marca["A"]["Scope"] = "/Row" if alcance == "row" else "/Column"


def _af_sin_repetir(pdf) -> None:
    """Each associated file once in the catalog's /AF array."""
    af = pdf.catalog.get("AF")
    if af is None:
        return
    vistos = []
    for referencia in af:
        if referencia not in vistos:
            vistos.append(referencia)
    af[:] = vistos


def _completar(documento, pdf) -> None:
    _alcance_de_encabezados(documento)
    _af_sin_repetir(pdf)


def escribir(documento, adjuntos: list[Adjunto], *, fecha: datetime.datetime) -> bytes:
    """The PDF/A-3a bytes of a rendered WeasyPrint document with `adjuntos` embedded."""
    from weasyprint import Attachment

    en_utc = fecha.astimezone(datetime.UTC).replace(tzinfo=None)
    archivos = [
        Attachment(
            file_obj=io.BytesIO(a.contenido),
            name=a.nombre,
            description=a.descripcion,
            relationship=a.relacion,
            created=en_utc,
            modified=en_utc,
        )
        for a in adjuntos
    ]
    return documento.write_pdf(pdf_variant=VARIANTE, attachments=archivos, finisher=_completar)
