"""`{% ruta 'corte' anio hasta %}`: a link to a micrositio page in the form of address the
current page was reached by (under its municipio's prefix, or unprefixed)."""

from django import template

from publico import sitio

register = template.Library()


@register.simple_tag(takes_context=True)
def ruta(context, nombre: str, *args, **kwargs) -> str:
    return sitio.ruta(sitio.clave_de(context.request), nombre, *args, **kwargs)


@register.simple_tag(takes_context=True)
def ruta_de(context, municipio, nombre: str, *args, **kwargs) -> str:
    """A page of `municipio`'s micrositio (from the list, or a verified version): in the
    current page's form of address when it is that municipio's, else under its prefix."""
    if municipio == context.get("municipio_publico"):
        return ruta(context, nombre, *args, **kwargs)
    return sitio.ruta(municipio.clave, nombre, *args, **kwargs)
