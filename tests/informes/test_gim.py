"""The GIM's valoración: its own record, contrasted with the municipal seguimiento."""

import datetime

import pytest
from django.urls import reverse

from avgm.models import EvaluacionGIM, EventoBitacora, ValoracionGIM
from informes.cifras.figures import Corte, calcular
from tests.factories import FichaFactory, MetaFactory, RecomendacionFactory, ejercicio

pytestmark = pytest.mark.django_db
V = ValoracionGIM.Valor


@pytest.fixture
def mundo():
    """Four recomendaciones: impactada, con avance (sent, not approved), sin avance, sin meta."""
    ejercicio(2022)
    recs = {n: RecomendacionFactory(clave=n) for n in ("R-1", "R-2", "R-3", "R-4")}
    impactada = MetaFactory(recomendaciones=[recs["R-1"]], programado={1: 5})
    FichaFactory(meta=impactada, estado="aprobada", cantidad_alcanzada=3)
    en_revision = MetaFactory(recomendaciones=[recs["R-2"]], programado={1: 5})
    FichaFactory(meta=en_revision, estado="enviada", cantidad_alcanzada=3)
    MetaFactory(recomendaciones=[recs["R-3"]], programado={1: 5})
    return recs


def _valorar(fecha, referencia, valores):
    evaluacion = EvaluacionGIM.objects.create(fecha=fecha, referencia=referencia)
    for rec, valor in valores.items():
        ValoracionGIM.objects.create(evaluacion=evaluacion, recomendacion=rec, valoracion=valor)
    return evaluacion


def _gim():
    return calcular(Corte.buscar(2022, "T1"))["valoracion_gim"]


def test_each_recomendacion_gets_its_municipal_seguimiento(mundo):
    filas = {r["clave"]: r["seguimiento"] for r in _gim()["recomendaciones"]}
    assert filas == {
        "R-1": "impactada", "R-2": "con_avance", "R-3": "sin_avance", "R-4": "sin_meta"
    }  # fmt: skip


def test_disagreements_come_first_and_unvalued_last(mundo):
    _valorar(
        datetime.date(2022, 8, 1),
        "GIM-1",
        {mundo["R-1"]: V.NO_CUMPLIDA, mundo["R-2"]: V.CUMPLIDA, mundo["R-3"]: V.NO_CUMPLIDA},
    )
    filas = _gim()["recomendaciones"]
    assert [(r["clave"], r["contraste"]) for r in filas] == [
        ("R-1", "Discrepancia"),  # impactada for the municipality, no cumplida for the GIM
        ("R-2", "Diferencia parcial"),
        ("R-3", "Coinciden"),
        ("R-4", "Sin contraste"),  # never valued: sin valoración
    ]
    assert filas[-1]["valoracion"] == V.SIN_VALORACION


def test_the_latest_evaluation_counts(mundo):
    _valorar(datetime.date(2022, 11, 30), "GIM-2", {mundo["R-1"]: V.CUMPLIDA})
    _valorar(datetime.date(2022, 8, 1), "GIM-1", {mundo["R-1"]: V.NO_CUMPLIDA})
    gim = _gim()
    fila = next(r for r in gim["recomendaciones"] if r["clave"] == "R-1")
    assert (fila["valoracion"], fila["evaluacion"]) == (V.CUMPLIDA, "GIM-2")
    conteo = {c["valoracion"]: c["recomendaciones"] for c in gim["conteo"]}
    assert conteo[V.CUMPLIDA] == 1 and conteo[V.NO_CUMPLIDA] == 0
    assert conteo[V.SIN_VALORACION] == 3
    assert gim["discrepancias"] == 0


def test_the_valoracion_never_changes_a_municipal_figure(mundo):
    antes = calcular(Corte.buscar(2022, "T1"))
    _valorar(datetime.date(2022, 8, 1), "GIM-1", dict.fromkeys(mundo.values(), V.CUMPLIDA))
    despues = calcular(Corte.buscar(2022, "T1"))
    for clave in ("recomendaciones", "modalidades", "periodos", "anual", "areas_deficientes"):
        assert despues[clave] == antes[clave], clave


def test_an_analista_records_an_evaluation_with_its_valoraciones(client, analista, mundo):
    client.force_login(analista)
    datos = {"fecha": "2022-08-15", "referencia": "Primer Informe del GIM"}
    for rec in mundo.values():
        datos[f"valor_{rec.pk}"] = V.SIN_VALORACION
        datos[f"comentario_{rec.pk}"] = ""
    datos[f"valor_{mundo['R-1'].pk}"] = V.PARCIAL
    datos[f"comentario_{mundo['R-1'].pk}"] = "Faltan evidencias"
    respuesta = client.post(reverse("informes:gim_nueva"), datos)
    assert respuesta.status_code == 302
    evaluacion = EvaluacionGIM.objects.get(referencia="Primer Informe del GIM")
    assert list(evaluacion.valoraciones.values_list("recomendacion__clave", "valoracion")) == [
        ("R-1", V.PARCIAL)
    ]
    evento = EventoBitacora.objects.get(tipo=EventoBitacora.Tipo.VALORACION_GIM)
    assert evento.despues == {"R-1": {"valoracion": "parcial", "comentario": "Faltan evidencias"}}


def test_a_document_that_is_not_a_pdf_is_refused(client, analista, mundo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analista)
    datos = {"fecha": "2022-08-15", "referencia": "GIM-X"}
    for rec in mundo.values():
        datos[f"valor_{rec.pk}"] = V.SIN_VALORACION
    datos["documento"] = SimpleUploadedFile("a.pdf", b"MZ no es pdf")
    respuesta = client.post(reverse("informes:gim_nueva"), datos)
    assert respuesta.status_code == 200
    assert "El documento debe ser un PDF." in respuesta.text
    assert not EvaluacionGIM.objects.exists()


def test_an_imported_evaluation_without_its_recorder_is_listed(client, directivo, mundo):
    """The Excel import records no person: the list says «—» instead of failing."""
    _valorar(datetime.date(2022, 9, 1), "GIM-importada", {mundo["R-1"]: V.CUMPLIDA})
    client.force_login(directivo)
    respuesta = client.get(reverse("informes:gim_lista"))
    assert respuesta.status_code == 200
    assert "GIM-importada" in respuesta.text
    assert '<td data-label="Registrada por">—</td>' in respuesta.text
