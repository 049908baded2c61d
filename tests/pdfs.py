"""Read a PDF back in tests: its structure tree, XMP, fonts, attachments, links and pages
(pikepdf for the objects, poppler's pdfinfo/pdftotext/pdftoppm for what a reader sees)."""

from __future__ import annotations

import io
import pathlib
import re
import subprocess
import tempfile
from collections.abc import Iterator

import pikepdf
from PIL import Image


def abrir(contenido: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(contenido))


def pdfinfo(contenido: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-"], input=contenido, capture_output=True, check=True
    ).stdout.decode()


def elementos(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element of the logical structure tree, depth first."""
    pendientes = list(pdf.Root.StructTreeRoot.K)
    while pendientes:
        nodo = pendientes.pop()
        if not isinstance(nodo, pikepdf.Dictionary) or "/S" not in nodo:
            continue  # a marked-content id or an object reference (annotation)
        yield nodo
        hijos = nodo.get("/K")
        if isinstance(hijos, pikepdf.Array):
            pendientes.extend(hijos)
        elif isinstance(hijos, pikepdf.Dictionary):
            pendientes.append(hijos)


def tipo(elemento: pikepdf.Dictionary) -> str:
    return str(elemento.S)[1:]


def xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def fuentes(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Every font the pages use (SVG drawings and images included): name → embedded."""
    halladas: dict[str, bool] = {}

    def recorrer(recursos, vistos: set) -> None:
        if recursos is None or recursos.objgen in vistos and recursos.objgen != (0, 0):
            return
        vistos.add(recursos.objgen)
        for fuente in (recursos.get("/Font") or {}).values():
            descendientes = fuente.get("/DescendantFonts")
            base = descendientes[0] if descendientes is not None else fuente
            descriptor = base.get("/FontDescriptor")
            incrustada = descriptor is not None and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            halladas[str(fuente.get("/BaseFont"))] = incrustada
        for nombre in ("/XObject", "/Pattern"):
            for objeto in (recursos.get(nombre) or {}).values():
                recorrer(objeto.get("/Resources"), vistos)

    vistos: set = set()
    for pagina in pdf.pages:
        recorrer(pagina.obj.get("/Resources"), vistos)
    return halladas


def enlaces(pdf: pikepdf.Pdf, pagina: int | None = None) -> list[str]:
    """The URIs of the link annotations (of one page, counted from 1, or of all)."""
    paginas = pdf.pages if pagina is None else [pdf.pages[pagina - 1]]
    return [
        str(a.A.URI)
        for p in paginas
        for a in p.obj.get("/Annots", [])
        if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a.A
    ]


def textos(contenido: bytes) -> list[str]:
    """The text of each page, laid out as printed."""
    total = int(re.search(r"Pages:\s+(\d+)", pdfinfo(contenido)).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), "-", "-"],
            input=contenido, capture_output=True, check=True,
        ).stdout.decode()
        for n in range(1, total + 1)
    ]  # fmt: skip


def palabras(contenido: bytes) -> list[tuple[int, str, float, float]]:
    """Every word with its page (from 1) and its horizontal extent, in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=contenido, capture_output=True, check=True
    ).stdout.decode()
    salida, pagina = [], 0
    for linea in html.splitlines():
        if "<page " in linea:
            pagina += 1
        elif m := re.search(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*)</word>', linea
        ):
            salida.append((pagina, m[3], float(m[1]), float(m[2])))
    return salida


def imagenes(contenido: bytes, resolucion: int = 50) -> list[Image.Image]:
    """Each page drawn as pdftoppm draws it, in grey levels, in page order."""
    with tempfile.TemporaryDirectory() as carpeta:
        subprocess.run(
            ["pdftoppm", "-r", str(resolucion), "-gray", "-png", "-", f"{carpeta}/p"],
            input=contenido, check=True,
        )  # fmt: skip
        archivos = sorted(pathlib.Path(carpeta).glob("p-*.png"), key=lambda f: int(f.stem[2:]))
        return [Image.open(f).copy() for f in archivos]
