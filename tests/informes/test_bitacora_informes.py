"""The report's narrative versions, publications and errata are written to the bitácora."""

import pytest
from django.urls import reverse

from avgm.models import EventoBitacora
from informes.models import InformePublicado, NarrativaCorte
from tests.factories import FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db
Tipo = EventoBitacora.Tipo
NARRATIVA = reverse("informes:narrativa", args=[2022, "T2"])
PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])
VACIA = {"principales": "", "areas_deficientes": "", "recomendaciones": "", "compromisos": ""}


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


def test_each_saved_narrative_records_the_changed_sections_before_and_after(client, analista):
    ejercicio(2022)
    client.force_login(analista)
    client.post(NARRATIVA, {**VACIA, "principales": "Capacitación a policías."})
    client.post(
        NARRATIVA,
        {**VACIA, "principales": "Capacitación a 120 policías.", "compromisos": "Refugio."},
    )

    primera, segunda = EventoBitacora.objects.filter(tipo=Tipo.NARRATIVA).order_by("pk")
    narrativa = NarrativaCorte.objects.get()
    assert primera.usuario == analista
    assert primera.objeto_id == str(narrativa.pk)
    assert primera.antes == {"Principales recomendaciones atendidas": ""}
    assert primera.despues == {"Principales recomendaciones atendidas": "Capacitación a policías."}
    assert segunda.antes == {
        "Principales recomendaciones atendidas": "Capacitación a policías.",
        "Compromisos": "",
    }
    assert segunda.despues == {
        "Principales recomendaciones atendidas": "Capacitación a 120 policías.",
        "Compromisos": "Refugio.",
    }
    assert "Ene–Jun 2022" in segunda.descripcion


def test_saving_an_unchanged_narrative_is_still_a_recorded_version(client, analista):
    ejercicio(2022)
    client.force_login(analista)
    client.post(NARRATIVA, {**VACIA, "compromisos": "Refugio."})
    client.post(NARRATIVA, {**VACIA, "compromisos": "Refugio."})
    ultima = EventoBitacora.objects.filter(tipo=Tipo.NARRATIVA).first()
    assert EventoBitacora.objects.filter(tipo=Tipo.NARRATIVA).count() == 2
    assert ultima.antes == {} and ultima.despues == {}
    assert "sin cambios" in ultima.descripcion


@pytest.mark.slow  # publishes twice (PDF, Excel)
def test_a_publication_and_its_errata_are_recorded_with_author_and_versions(
    client, analista, dependencia_a
):
    ejercicio(2022)
    meta = MetaFactory(dependencia=dependencia_a, programado={1: 3})
    FichaFactory(meta=meta, periodo=periodo(2022, 1), estado="aprobada", cantidad_alcanzada=3)
    client.force_login(analista)
    client.post(PUBLICAR, {"confirmar": "1", "version": "1"})
    client.post(PUBLICAR, {"errata": "Se corrigió la meta DIF.", "confirmar": "1", "version": "2"})

    v1, v2 = InformePublicado.objects.order_by("version")
    publicacion = EventoBitacora.objects.get(tipo=Tipo.PUBLICACION)
    assert publicacion.usuario == analista
    assert publicacion.objeto_tipo == "informes.informepublicado"
    assert publicacion.objeto_id == str(v1.pk)
    assert publicacion.antes is None
    assert publicacion.despues["Versión publicada"] == 1
    assert publicacion.despues["SHA-256 del PDF"] == v1.sha256

    errata = EventoBitacora.objects.get(tipo=Tipo.ERRATA)
    assert errata.usuario == analista
    assert errata.objeto_id == str(v2.pk)
    assert errata.antes == {"Versión publicada": 1}
    assert errata.despues["Versión publicada"] == 2
    assert errata.despues["Fe de erratas"] == "Se corrigió la meta DIF."
