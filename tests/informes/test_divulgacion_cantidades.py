"""The quantity achieved of a meta whose unit counts people is a count of people: hidden from
1 to 4 with the same label, protected against recovery from the published sums (audited by
linear programming), in the open data, the public pages and the published workbook. A
quantity of another unit (campañas, talleres) is published as it is."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from informes.cifras.figures import Corte
from informes.divulgacion import tablas
from informes.divulgacion.auditoria import Publicacion, fallas, rangos
from informes.divulgacion.publicadas import del_corte
from informes.divulgacion.supresion import ETIQUETA, cotas_de_la_regla, elegir
from informes.publicacion import publicar
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    TipoAccionFactory,
    ejercicio,
)

PERSONAS = {"Atenciones", "Quejas atendidas", "Asesorías"}


def instantanea(metas: list[tuple]) -> dict:
    """A public snapshot of metas (dependencia, tipo, clave, unidad, programado, alcanzado),
    with no atenciones by sex: only the quantities are counts to protect."""
    por_meta = [
        {
            "dependencia": d, "tipo_accion": t, "clave": c, "cuenta_personas": u in PERSONAS,
            "en_pagina": True, "programado": p, "alcanzado": a,
        }
        for d, t, c, u, p, a in metas
    ]  # fmt: skip
    grupos: dict[tuple[str, str], dict] = {}
    for m in por_meta:
        g = grupos.setdefault(
            (m["dependencia"], m["tipo_accion"]),
            {"dependencia": m["dependencia"], "tipo_accion": m["tipo_accion"], "alcanzado": 0,
             "mujeres": 0, "hombres": 0, "noesp": 0, "metas": 0, "cumplidas": 0,
             "con_avance": 0, "sin_avance": 0},
        )  # fmt: skip
        g["alcanzado"] += m["alcanzado"]
        g["metas"] += 1
        a, p = m["alcanzado"], m["programado"]
        g["cumplidas" if a >= p else "con_avance" if a > 0 else "sin_avance"] += 1
    return {
        "metas_por_dependencia_y_tipo": [grupos[k] for k in sorted(grupos)],
        "cantidades_por_meta": por_meta,
    }


def elegida(inst: dict) -> Publicacion:
    return elegir(
        1, tablas.valores(inst), tablas.publicadas(inst), [],
        personas=tablas.personas(inst), invisibles=tablas.invisibles(inst),
        publicas=tablas.cotas_por_estado(inst),
    )  # fmt: skip


def solo_las_primarias(inst: dict) -> Publicacion:
    """The small counts of people hidden and nothing else: the naive rule."""
    personas = tablas.personas(inst)
    ocultas = frozenset(k for k, v in tablas.valores(inst).items() if k in personas and 0 < v < 5)
    return Publicacion(
        1, tablas.valores(inst), tablas.publicadas(inst), ocultas,
        cotas_de_la_regla(ocultas, frozenset()), personas,
    )  # fmt: skip


def meta(clave: str) -> tablas.Clave:
    return next(k for k in tablas.valores(INST) if k[2] == tablas.META + clave)


INST = instantanea(
    [
        ("DIF", "Atención", "D1", "Quejas atendidas", 5, 3),
        ("DIF", "Atención", "D2", "Talleres", 10, 20),
        ("SSPM", "Atención", "S1", "Atenciones", 50, 40),
        ("ComSoc", "Difusión", "C1", "Campañas", 2, 3),
    ]
)


def test_a_small_count_of_people_could_be_recovered_from_its_row_sum_and_the_audit_says_so():
    """D1's 3 quejas hidden alone: DIF's published sum (23) minus D2's 20 talleres gives it."""
    malas = fallas([solo_las_primarias(INST)])
    assert [r.clave for r in malas] == [meta("D1")]
    assert (malas[0].minimo, malas[0].maximo) == (3, 3)
    assert "meta D1" in malas[0].mensaje()


def test_the_rule_hides_it_with_what_protects_it_and_the_audit_passes():
    pub = elegida(INST)
    assert meta("D1") in pub.ocultas
    assert fallas([pub]) == []
    (rango,) = rangos([pub])
    assert rango.clave == meta("D1") and rango.maximo >= 5


def test_a_quantity_of_a_unit_that_counts_no_people_is_never_hidden_for_being_small():
    pub = elegida(INST)
    assert meta("C1") not in pub.ocultas  # 3 campañas
    assert tablas.de_grupo("ComSoc", "Difusión") not in pub.ocultas
    assert meta("S1") not in pub.ocultas  # 40 atenciones: not small


def test_a_row_that_sums_only_counts_of_people_is_itself_a_count_of_people():
    inst = instantanea(
        [
            ("IMM", "Atención", "I1", "Asesorías", 2, 2),
            ("IMM", "Atención", "I2", "Atenciones", 1, 1),
            ("SSPM", "Atención", "S1", "Atenciones", 50, 40),
            ("DIF", "Atención", "D1", "Atenciones", 50, 35),
        ]
    )
    pub = elegida(inst)
    assert tablas.de_grupo("IMM", "Atención") in pub.primarias()
    assert fallas([pub]) == []


def test_what_the_public_reads_of_a_metas_status_bounds_it_and_the_audit_knows_it():
    """DH's only meta is «con avance» (the row's status counts say so) and its programado, 4,
    is public: its 2 quejas lie between 1 and 3 whatever else is hidden. Refused."""
    inst = instantanea(
        [
            ("DH", "Atención", "Q1", "Quejas atendidas", 4, 2),
            ("SSPM", "Atención", "S1", "Atenciones", 50, 40),
            ("DIF", "Atención", "D1", "Atenciones", 50, 35),
        ]
    )
    malas = fallas([elegida(inst)])
    # The meta and its row, which sums only it: both pinned between 1 and 3.
    assert {(r.clave[2], r.minimo, r.maximo) for r in malas} == {
        ("meta:Q1", 1, 3),
        ("alcanzado", 1, 3),
    }


# --- Through publication: the micrositio, the open data and the published workbook ---


@pytest.fixture
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    cache.clear()


def _meta(siglas: str, tipo, unidad: str, rec, alcanzado: int, clave: str):
    m = MetaFactory(
        clave=clave, dependencia=DependenciaFactory(siglas=siglas), tipo_accion=tipo,
        unidad_medida=unidad, recomendaciones=[rec], programado={1: 10},
    )  # fmt: skip
    FichaFactory(meta=m, estado="aprobada", cantidad_alcanzada=alcanzado)
    return m


@pytest.mark.slow
@pytest.mark.django_db
def test_a_published_small_count_of_people_is_hidden_everywhere_and_audited(
    client, analista, archivos
):
    ejercicio(2022)
    atencion, campana = TipoAccionFactory(nombre="Atención"), TipoAccionFactory(nombre="Campaña")
    quejas, campanas = RecomendacionFactory(clave="N18"), RecomendacionFactory(clave="I13")
    _meta("DH", atencion, "Quejas atendidas", quejas, 3, "DH-01")
    asesorias = MetaFactory(
        clave="DH-02", dependencia=DependenciaFactory(siglas="DH2"), tipo_accion=atencion,
        unidad_medida="Asesorías", recomendaciones=[quejas], programado={1: 40},
    )  # fmt: skip
    FichaFactory(meta=asesorias, estado="aprobada", cantidad_alcanzada=30)
    _meta("CS", campana, "Campañas", campanas, 3, "CS-01")
    informe = publicar(Corte.buscar(2022, "T2"), usuario=analista)

    ocultas = {tuple(k) for k in informe.figuras["publico"]["supresion"]["ocultas"]}
    assert ("DH", "Atención", "meta:DH-01") in ocultas
    assert ("CS", "Campaña", "meta:CS-01") not in ocultas
    # The audit of the corte covers the hidden quantity: its range reaches 5.
    resultado = rangos(del_corte(informe.ejercicio_id, informe.hasta_id))
    celda = next(r for r in resultado if r.clave == ("DH", "Atención", "meta:DH-01"))
    assert celda.protegido and celda.maximo >= 5

    # The recomendación's «avance medio» would give the quejas back from the programado
    # (public): empty in the published version; the campañas' stays.
    avance = {
        f["clave"]: f["avance_medio"] for f in informe.figuras["recomendaciones_menos_atendidas"]
    }
    assert avance["N18"] is None
    assert avance["I13"] == 0.3

    # The recomendación's public page: the label for the quejas, the campañas as they are.
    pagina = client.get(reverse("publico:recomendacion", args=["N18"])).text
    fila = pagina[pagina.index("DH-01") :].split("</tr>")[0]
    assert ETIQUETA in fila and ">3<" not in fila
    fila = client.get(reverse("publico:recomendacion", args=["I13"])).text
    fila = fila[fila.index("CS-01") :].split("</tr>")[0]
    assert fila.endswith(">3</td>")

    # The open data: the row of DH's quejas and the total hide the quantity; CS shows 3.
    csv = client.get(
        reverse("publico:archivo_datos", kwargs={
            "corte": "2022-t2", "version": 1,
            "archivo": "metas-por-dependencia-y-tipo-de-accion-2022-t2-v1.csv",
        })
    ).text  # fmt: skip
    encabezado, *filas = (linea.split(",") for linea in csv.splitlines())
    alcanzada = {f[0]: f[encabezado.index("cantidad_alcanzada")] for f in filas}
    assert alcanzada["DH"] == ETIQUETA
    assert alcanzada["CS"] == "3"
    assert "3" not in {alcanzada["DH"], alcanzada["DH2"], alcanzada["TOTAL"]}

    # The published workbook: one ficha's quejas are a count of people; the campañas are not.
    with informe.xlsx.open("rb") as archivo:
        libro = load_workbook(io.BytesIO(archivo.read()))
    metas = {f[1]: f for f in libro["Metas y fichas"].iter_rows(min_row=4, values_only=True)}
    assert metas["DH-01"][9] == ETIQUETA
    assert metas["DH-02"][9] == ETIQUETA  # asesorías: people, whatever their size
    assert metas["CS-01"][9] == 3
