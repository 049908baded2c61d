"""An agreed meta keeps its agreement whatever the door: the model refuses to change whose it
is and who proposed and agreed it, its programación changes only by an approved request, and
the admin shows all of that read-only and says why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from avgm.models import EventoBitacora
from dependencias.excel import importacion
from dependencias.models import Programacion
from tests.factories import DependenciaFactory, MetaFactory, RecomendacionFactory, periodo
from tests.formulario_admin import datos
from tests.libros import ENCABEZADOS, libro

pytestmark = pytest.mark.django_db


@pytest.fixture
def acordada(dependencia_a, enlace_a, analista):
    """DIF-01, agreed: T1 10, T2 5, answering R-1; proposed by enlace_a, agreed by analista."""
    return MetaFactory(
        clave="DIF-01",
        dependencia=dependencia_a,
        programado={1: 10, 2: 5},
        recomendaciones=[RecomendacionFactory(clave="R-1")],
        propuesta_por=enlace_a,
        acordada_por=analista,
        acordada_en=timezone.now(),
    )


@pytest.mark.parametrize(
    "cambio",
    [
        lambda m, otro: setattr(m, "acordada_por", otro),
        lambda m, otro: setattr(m, "propuesta_por", otro),
        lambda m, otro: setattr(m, "acordada_en", None),
        lambda m, otro: setattr(m, "dependencia", DependenciaFactory(siglas="SSPM")),
        lambda m, otro: setattr(m, "clave", "DIF-99"),
    ],
    ids=["acordada_por", "propuesta_por", "acordada_en", "dependencia", "clave"],
)
def test_the_model_refuses_to_rewrite_the_agreement(acordada, directivo, cambio):
    cambio(acordada, directivo)
    with pytest.raises(ValidationError, match="está acordada con el IMM"):
        acordada.full_clean()
    with pytest.raises(ValidationError, match="solicitud de modificación"):
        acordada.save()


def test_the_wording_of_an_agreed_meta_is_still_corrected(acordada):
    acordada.descripcion = "Capacitar a 40 agentes en perspectiva de género"
    acordada.full_clean()
    acordada.save()
    acordada.refresh_from_db()
    assert acordada.descripcion.startswith("Capacitar a 40")


def test_the_programacion_of_an_agreed_meta_refuses_any_form(acordada):
    t1 = Programacion.objects.get(meta=acordada, periodo__numero=1)
    t1.full_clean()  # unchanged is fine
    t1.cantidad = 12
    with pytest.raises(ValidationError, match="su programación solo cambia"):
        t1.full_clean()
    nueva = Programacion(meta=acordada, periodo=periodo(2022, 3), cantidad=4)
    with pytest.raises(ValidationError, match="su programación solo cambia"):
        nueva.full_clean()


def test_the_admin_shows_the_agreement_read_only_and_says_why(client, analista, acordada):
    client.force_login(analista)
    pagina = client.get(reverse("admin:dependencias_meta_change", args=[acordada.pk]))
    campos = pagina.context["adminform"].form.fields
    for campo in ["propuesta_por", "acordada_por", "acordada_en", "dependencia", "recomendaciones"]:
        assert campo not in campos
    assert "descripcion" in campos
    assert "solo cambian por una solicitud de modificación aprobada (Planeación)" in pagina.text
    programacion = pagina.context["inline_admin_formsets"][0]
    assert not programacion.has_change_permission and not programacion.has_add_permission


def test_an_admin_post_that_rewrites_an_agreed_meta_changes_only_its_wording(
    client, analista, acordada, directivo
):
    client.force_login(analista)
    url = reverse("admin:dependencias_meta_change", args=[acordada.pk])
    envio = datos(client.get(url).text, "meta_form")
    envio.update(
        descripcion=["Capacitar a 40 agentes"],
        propuesta_por=[str(directivo.pk)],
        acordada_por=[str(directivo.pk)],
        recomendaciones=[str(RecomendacionFactory(clave="R-2").pk)],
        **{
            "programacion-TOTAL_FORMS": ["1"], "programacion-INITIAL_FORMS": ["0"],
            "programacion-0-periodo": [str(periodo(2022, 3).pk)], "programacion-0-cantidad": ["9"],
        },
    )  # fmt: skip
    assert client.post(url, envio).status_code == 302
    acordada.refresh_from_db()
    assert (acordada.propuesta_por.username, acordada.acordada_por) == ("enlace_a", analista)
    assert list(acordada.recomendaciones.values_list("clave", flat=True)) == ["R-1"]
    assert acordada.estado_programacion()["programacion"] == {"1": 10, "2": 5, "3": 0, "4": 0}
    evento = EventoBitacora.objects.get(tipo=EventoBitacora.Tipo.CATALOGO)
    assert list(evento.despues) == ["Meta"]  # the description, and nothing else


def test_an_import_cannot_move_an_agreed_meta_to_another_dependencia(
    acordada, dependencia_b, analista, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fila = [
        2022, "SSPM", "DIF-01", acordada.descripcion, acordada.linea_accion,
        acordada.tipo_accion.nombre, acordada.unidad_medida, "R-1", 10, 5, 0, 0,
    ]  # fmt: skip
    resultado = importacion.previsualizar(libro(Metas=[ENCABEZADOS["Metas"], fila]))
    assert not resultado.valido
    assert "acordada con el IMM: no cambia de dependencia" in str(resultado.errores[0])
    acordada.refresh_from_db()
    assert acordada.dependencia.siglas == "DIF"
