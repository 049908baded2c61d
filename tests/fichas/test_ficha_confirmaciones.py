"""What cannot be undone is confirmed first; the acuse shows what was submitted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from avgm.models import Periodo
from fichas import workflow
from fichas.models import Evidencia
from tests.factories import FichaFactory

pytestmark = pytest.mark.django_db


def test_closing_a_periodo_first_says_what_will_happen(client, analista, ficha_a):
    FichaFactory(meta__dependencia=ficha_a.meta.dependencia, periodo=ficha_a.periodo)
    periodo = ficha_a.periodo
    client.force_login(analista)
    url = reverse("fichas:periodo_cerrar", args=[periodo.pk])

    listado = client.get(reverse("fichas:periodos")).content.decode()
    assert f'href="{url}"' in listado  # «Cerrar…» leads to the confirmation, not a POST

    confirmacion = client.get(url)
    assert confirmacion.status_code == 200
    html = confirmacion.content.decode()
    assert "solo lectura para los enlaces" in html
    assert "2 fichas sin enviar" in html
    assert not Periodo.objects.get(pk=periodo.pk).cerrado

    client.post(url)
    assert Periodo.objects.get(pk=periodo.pk).cerrado


@pytest.mark.parametrize("persona", ["enlace_a", "directivo"])
def test_only_an_analista_sees_the_close_confirmation(request, client, ficha_a, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("fichas:periodo_cerrar", args=[ficha_a.periodo.pk])
    assert client.get(url).status_code == 403


def test_the_acuse_shows_what_was_submitted_by_whom(client, ficha_a, enlace_a, media_tmp):
    ficha = workflow.ficha_guardar(
        ficha=ficha_a,
        usuario=enlace_a,
        datos={"mujeres_18_29": 1200, "hombres_18_29": 34},
        version=ficha_a.version,
    )
    Evidencia.objects.create(
        ficha=ficha, url="https://a.mx/l", medio_verificacion="Lista", subida_por=enlace_a
    )
    Evidencia.objects.create(
        ficha=ficha,
        url="https://a.mx/x",
        medio_verificacion="Retirada",
        subida_por=enlace_a,
        retirada_en=timezone.now(),
        retirada_por=enlace_a,
    )
    workflow.ficha_enviar(ficha=ficha, usuario=enlace_a, version=ficha.version)
    client.force_login(enlace_a)
    html = client.get(reverse("fichas:acuse", args=[ficha.pk])).content.decode()
    assert ficha.folio in html
    assert "1,234" in html  # beneficiaries total, Mexican format
    assert f"por {enlace_a.get_full_name()}" in html
    evidencias = html[html.index('id="acuse-evidencias"') :]
    assert "Lista" in evidencias and "Retirada" not in evidencias
