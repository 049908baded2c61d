"""System checks for configuration the portal cannot work without."""

import os

from django.conf import settings
from django.core.checks import Error, register


@register()
def media_escribible(app_configs, **kwargs):
    root = settings.MEDIA_ROOT
    try:
        os.makedirs(root, exist_ok=True)
    except OSError as exc:
        return [Error(f"No se puede crear MEDIA_ROOT ({root}): {exc}", id="avgm.E001")]
    if not os.access(root, os.W_OK):
        return [Error(f"MEDIA_ROOT ({root}) no es escribible.", id="avgm.E001")]
    return []


@register()
def weasyprint_importable(app_configs, **kwargs):
    try:
        import weasyprint  # noqa: F401
    except Exception as exc:  # OSError when Pango is missing
        return [Error(f"WeasyPrint no se puede importar: {exc}", id="avgm.E002")]
    return []
