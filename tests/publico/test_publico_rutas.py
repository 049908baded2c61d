"""The micrositio's addresses the printed report cites (AVGM_RUTAS_PUBLICAS) are its real ones:
the report (informes) may not name the micrositio's URLs, so the setting must not drift."""

from django.conf import settings
from django.urls import resolve, reverse


def test_the_report_cites_the_micrositios_real_addresses():
    rutas = settings.AVGM_RUTAS_PUBLICAS
    assert rutas["verificar"] == reverse("publico:verificar")
    assert rutas["archivo"] == reverse("publico:archivo")
    assert resolve(rutas["verificar"]).view_name == "publico:verificar"
