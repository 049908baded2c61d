"""What the printed report needs beyond the figures: paper, the institution on the cover and
running header, and which long lists are cut in the body and printed whole in the annex."""

from __future__ import annotations

import base64
import datetime
import functools
import io
from pathlib import Path

from django.conf import settings

from avgm.models import Institucion
from avgm.plataforma import municipios
from informes.cifras.cambios import cambios_desde_publicacion
from informes.cifras.resumen import resumen
from informes.models import InformePublicado
from informes.salidas.datos_abiertos import clave_corte

FUENTE_MARCA = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@functools.cache
def marca_borrador() -> str:
    """The draft watermark as a PNG data URI: a picture of the word, not text, so copying the
    PDF's text or running pdftotext never picks it up (an SVG <text> would be extracted)."""
    from PIL import Image, ImageDraw, ImageFont

    fuente = ImageFont.truetype(FUENTE_MARCA, 150)
    palabra = Image.new("RGBA", (1000, 200), (0, 0, 0, 0))
    ImageDraw.Draw(palabra).text((500, 100), "BORRADOR", font=fuente, anchor="mm",
                                 fill=(160, 0, 0, 22))  # fmt: skip
    imagen = palabra.rotate(35, expand=True, resample=Image.Resampling.BICUBIC)
    salida = io.BytesIO()
    imagen.save(salida, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(salida.getvalue()).decode()


PAPELES = {"carta": "letter", "a4": "A4"}
# Rows of a long list printed in the body; the rest go to the annex.
FILAS_EN_CUERPO = 12


def papel(valor: str | None = None) -> str:
    """«carta» (Mexican offices print on letter, the default) or «a4»."""
    valor = (valor or getattr(settings, "AVGM_PAPEL_INFORME", "carta") or "carta").lower()
    return valor if valor in PAPELES else "carta"


def institucion(municipio: int) -> dict:
    """Name, municipality, administration and logo (a file URI WeasyPrint reads) of the
    institution that signs `municipio`'s report (one query), and whether the municipio is a
    made-up one (`demostracion`: every page of its report then says so)."""
    inst = Institucion.objects.select_related("municipio_de_seguimiento").get(
        municipio_de_seguimiento=municipio
    )
    ruta = Path(inst.logo.path) if inst.logo else None
    return {
        "nombre": inst.nombre,
        "municipio": inst.municipio,
        "administracion": inst.administracion,
        "logo": ruta.as_uri() if ruta is not None and ruta.is_file() else "",
        "demostracion": inst.municipio_de_seguimiento.demostracion,
    }


def rutas_publicas(municipio) -> dict[str, str]:
    """The micrositio's «verificar» and «archivo» pages a version of `municipio` prints.

    A deployment with one municipio prints the bare addresses, as it always did; with several,
    the municipio's own prefixed ones. The bare ones stay valid for good: with several they
    lead to the first municipio, whose earlier PDFs printed them."""
    rutas = settings.AVGM_RUTAS_PUBLICAS
    if not municipios.varios():
        return {"verificar": rutas["verificar"], "archivo": rutas["archivo"]}
    return {
        "verificar": rutas["verificar_municipio"].format(clave=municipio.clave),
        "archivo": rutas["archivo_municipio"].format(clave=municipio.clave),
    }


def recorte(filas: list, limite: int = FILAS_EN_CUERPO) -> dict:
    """The first `limite` rows for the body, and whether the annex holds the rest."""
    return {"filas": filas[:limite], "mostradas": min(limite, len(filas)), "total": len(filas),
            "cortada": len(filas) > limite}  # fmt: skip


def verificacion(publicado: InformePublicado | None) -> dict | None:
    """Where anyone checks a published version: the micrositio's «verificar» page, and the
    archive's row of this version, which lists its SHA-256. The PDF cannot print its own
    fingerprint (printing it would change it), so it points to where the fingerprint is."""
    if publicado is None:
        return None
    portal, rutas = settings.AVGM_URL_PORTAL, rutas_publicas(publicado.ejercicio.municipio)
    ancla = f"informe-{clave_corte(publicado)}-v{publicado.version}"
    return {
        "verificar": portal + rutas["verificar"],
        "archivo": f"{portal}{rutas['archivo']}#{ancla}",
        "con_huella": f"{portal}{rutas['verificar']}?sha256={publicado.sha256}"
        if publicado.sha256
        else "",
    }


def evaluaciones_gim(gim: dict | None, figuras: dict) -> list[dict]:
    """The GIM evaluations the report uses, each with its date and whether it is dated after
    the corte closed (it then values actions that may have gone on after the corte)."""
    if not gim:
        return []
    periodos = figuras["corte"].get("periodos") or [{}]
    fin = periodos[-1].get("fin")
    cierre = datetime.date.fromisoformat(fin) if fin else None
    evaluaciones = []
    for e in gim["evaluaciones"]:
        fecha = datetime.date.fromisoformat(e["fecha"])
        posterior = cierre is not None and fecha > cierre
        evaluaciones.append({**e, "fecha": fecha, "posterior": posterior, "cierre": cierre})
    return evaluaciones


def contexto(figuras: dict, *, ejercicio, borrador: bool = True) -> dict:
    """The summary box, the print settings and the cut lists, for every rendering of a corte
    of `ejercicio` (its municipio's institution signs it)."""
    gim = figuras.get("valoracion_gim")
    valoradas = [r for r in gim["recomendaciones"] if r["distancia"] is not None] if gim else []
    evaluaciones = evaluaciones_gim(gim, figuras)
    return {
        "resumen": resumen(figuras),
        # A draft says what changed since the last published version; a published one is it.
        "cambios_publicada": cambios_desde_publicacion(figuras, ejercicio.pk) if borrador else None,
        "institucion": institucion(ejercicio.municipio_id),
        "papel": PAPELES[papel()],
        "marca_borrador": marca_borrador() if borrador else "",
        "mas_atendidas_cuerpo": recorte(figuras["recomendaciones_mas_atendidas"]),
        "menos_atendidas_cuerpo": recorte(figuras["recomendaciones_menos_atendidas"]),
        "gim": gim,
        "gim_cuerpo": recorte(valoradas, 15),
        "gim_evaluaciones": evaluaciones,
        "gim_posterior": any(e["posterior"] for e in evaluaciones),
        "gim_sin_valoracion": [r for r in gim["recomendaciones"] if r["distancia"] is None]
        if gim
        else [],
    }
