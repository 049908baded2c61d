"""The demo's institution as the seed report's cover prints it: «Instituto Municipal de las
Mujeres · Heroica Ciudad Juárez · H. Ayuntamiento 2021–2024», with a logo drawn here.

The logo is ours and says DEMO across it: a purple disc with the institute's initials, drawn
with Pillow and the DejaVu font the report already uses. No real emblem is copied.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

from avgm.models import institucion_actual
from demo import ambito

ADMINISTRACION = "H. Ayuntamiento 2021–2024"
FUENTE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MORADO = (91, 42, 134)


def logo_demo() -> bytes:
    """A 360×360 PNG: a purple ring and disc with «IMM», crossed by a «DEMO» band."""
    from PIL import Image, ImageDraw, ImageFont

    lado = 360
    imagen = Image.new("RGB", (lado, lado), (255, 255, 255))
    dibujo = ImageDraw.Draw(imagen)
    dibujo.ellipse((8, 8, lado - 8, lado - 8), outline=MORADO, width=10)
    dibujo.ellipse((34, 34, lado - 34, lado - 34), fill=MORADO)
    dibujo.text((lado / 2, lado / 2 - 28), "IMM", font=ImageFont.truetype(FUENTE, 96),
                anchor="mm", fill=(255, 255, 255))  # fmt: skip
    dibujo.rectangle((0, lado / 2 + 40, lado, lado / 2 + 100), fill=(255, 255, 255))
    dibujo.text((lado / 2, lado / 2 + 70), "DEMO", font=ImageFont.truetype(FUENTE, 48),
                anchor="mm", fill=(160, 0, 0))  # fmt: skip
    salida = io.BytesIO()
    imagen.save(salida, "PNG", optimize=True)
    return salida.getvalue()


def cargar_institucion() -> bool:
    """Fill the cover's administration line and logo once; True when something was written.

    An institution someone already edited keeps its name, municipality and administration;
    only what is missing is filled.
    """
    inst = institucion_actual(ambito.juarez())
    if inst.pk is not None and inst.administracion and inst.logo:
        return False
    inst.administracion = inst.administracion or ADMINISTRACION
    if not inst.logo:
        inst.logo.save("logo-demo.png", ContentFile(logo_demo()), save=False)
    inst.save()
    return True
