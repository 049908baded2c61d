"""No lower app links up: avgm ← dependencias ← fichas ← informes ← {planeacion, publico} ← demo.

Imports are checked by the layering script; this test checks the other way an app can depend
on a higher one, by naming its URLs (`{% url 'informes:…' %}`, `reverse("fichas:…")`). The
composition root (avgm/urls.py, avgm/views.py, avgm/settings.py) and the project-level
templates (base*.html) sit above every app and may name any URL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver

CAPAS = ["avgm", "dependencias", "fichas", "informes", "planeacion", "publico", "demo"]
# Each app's layer: planeacion and publico are siblings, so neither may name the other's URLs.
RANGO = {
    "avgm": 0,
    "dependencias": 1,
    "fichas": 2,
    "informes": 3,
    "planeacion": 4,
    "publico": 4,
    "demo": 5,
}
RAIZ = Path(settings.BASE_DIR)
COMPOSICION = {"avgm/urls.py", "avgm/views.py", "avgm/settings.py", "avgm/wsgi.py"}
# Templates a layer owns besides its own folder: the auth pages belong to the project package.
PLANTILLAS_EXTRA = {"avgm": ["registration"]}


def _espacios_por_app() -> dict[str, set[str]]:
    """Each app's URL namespaces, read from the URL conf (`include("fichas.urls")` → fichas)."""
    espacios: dict[str, set[str]] = {app: set() for app in CAPAS}
    for patron in get_resolver().url_patterns:
        if isinstance(patron, URLResolver) and patron.namespace:
            modulo = patron.urlconf_name  # a module; a list for the admin site (not ours)
            nombre = modulo if isinstance(modulo, str) else getattr(modulo, "__name__", "")
            app = nombre.split(".")[0]
            if app in espacios:
                espacios[app].add(patron.namespace)
    return espacios


def _nombres_de_url(texto: str, espacios: set[str]) -> list[str]:
    if not espacios:
        return []
    alternativas = "|".join(map(re.escape, espacios))
    patron = re.compile(r"""["'](?:""" + alternativas + r"""):[\w-]+["']""")
    return patron.findall(texto)


def _archivos(app: str) -> list[Path]:
    carpetas = [RAIZ / "templates" / app] + [
        RAIZ / "templates" / c for c in PLANTILLAS_EXTRA.get(app, [])
    ]
    plantillas = [f for c in carpetas if c.exists() for f in c.rglob("*") if f.is_file()]
    codigo = [
        f
        for f in (RAIZ / app).rglob("*.py")
        if "migrations" not in f.parts and f.relative_to(RAIZ).as_posix() not in COMPOSICION
    ]
    return plantillas + codigo


def test_the_scanner_sees_both_spellings_of_an_upward_link():
    espacios = {"informes"}
    assert _nombres_de_url("""{% url 'informes:tablero' %}""", espacios)
    assert _nombres_de_url("""redirect("informes:corte", anio=2022)""", espacios)
    assert not _nombres_de_url("""{% url 'fichas:cola' %}""", espacios)


def test_every_app_with_urls_has_its_namespace():
    espacios = _espacios_por_app()
    assert {app for app, e in espacios.items() if e} == {
        "dependencias",
        "fichas",
        "informes",
        "planeacion",
        "publico",
    }


@pytest.mark.parametrize("app", CAPAS[:-1])
def test_no_lower_app_names_a_higher_apps_url(app):
    espacios = _espacios_por_app()
    superiores = set().union(*(espacios[a] for a in CAPAS if a != app and RANGO[a] >= RANGO[app]))
    hallazgos = [
        f"{f.relative_to(RAIZ)}: {nombre}"
        for f in _archivos(app)
        for nombre in _nombres_de_url(f.read_text(encoding="utf-8", errors="ignore"), superiores)
    ]
    assert hallazgos == []
