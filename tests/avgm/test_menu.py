"""The portal's menu offers each persona what it may use, and nothing else.

Who may open each URL is the permission matrix's job (tests/fichas/test_flujo_permisos.py); this
module checks the links a persona is shown.
"""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_the_excel_menu_offers_each_persona_what_it_may_use(
    rf, analista, directivo, administrador, enlace_a
):
    def menu(usuario):
        request = rf.get("/")
        request.user = usuario
        return render_to_string("base_portal.html", request=request)

    assert "Importar catálogo y metas" in menu(analista)
    assert "Exportar catálogo y metas" in menu(analista)
    assert "Importar catálogo y metas" not in menu(directivo)
    assert "Exportar catálogo y metas" in menu(directivo)
    for sin_excel in (administrador, enlace_a):
        assert "Exportar catálogo y metas" not in menu(sin_excel)
        assert "Importar catálogo y metas" not in menu(sin_excel)
