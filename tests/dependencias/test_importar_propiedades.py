"""Property: random cells either apply exactly or reject with row-level messages, changing nothing."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dependencias.excel import importacion
from dependencias.models import Meta, Programacion
from tests.factories import DependenciaFactory, MetaFactory, RecomendacionFactory, TipoAccionFactory
from tests.libros import ENCABEZADOS, libro

# No formula starts, and nothing XML forbids (U+FFFE, U+FFFF): Excel cannot store those, and
# a file that holds them is refused whole as damaged (tests/dependencias/test_importar_seguridad.py).
TEXTO = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="=\ufffe\uffff"),
    max_size=25,
)

# Each column: (valid values, invalid values); the oracle knows which cells must be flagged.
COLUMNAS = {
    "Ejercicio": ([2022, "2022", 2022.0, " 2022 "], [None, "dos mil", -5, 2022.5]),
    "Dependencia": (["DIF", " dif ", "Dif"], [None, "XYZ"]),
    "Meta": (["Capacitar", "  Atender a mujeres  ", "Campaña «Juárez»"], [None, "   "]),
    "Tipo de acción": ([None, "capacitacion", " CAPACITACIÓN "], ["Bailoterapia"]),
    "Recomendaciones": ([None, "R1", "r1; R2", "R2,R1"], ["R9", "R1; R404"]),
    **{
        f"T{n}": ([None, 0, 5, "7", " 12 ", 3.0, "1,000"], [-1, "-2", "abc", 1.5])
        for n in range(1, 5)
    },
}
ENTEROS = {None: 0, 0: 0, 5: 5, "7": 7, " 12 ": 12, 3.0: 3, "1,000": 1000}


@st.composite
def filas_metas(draw):
    filas = []
    for i in range(draw(st.integers(1, 4))):
        celdas, invalidas = {}, set()
        for columna, (validos, invalidos) in COLUMNAS.items():
            if draw(st.integers(0, 9)) == 0:
                celdas[columna] = draw(st.sampled_from(invalidos))
                invalidas.add(columna)
            else:
                celdas[columna] = draw(st.sampled_from(validos))
        celdas["Clave"] = draw(st.sampled_from([f"M-{i}", f" m-{i} ", f"M-{i}  "]))
        celdas["Línea de acción"] = draw(TEXTO)
        celdas["Unidad de medida"] = draw(TEXTO)
        filas.append((celdas, invalidas))
    return filas


def _estado():
    return (
        sorted(Meta.objects.values_list("clave", "descripcion", "dependencia_id")),
        sorted(Programacion.objects.values_list("meta__clave", "periodo__numero", "cantidad")),
    )


@pytest.mark.slow  # 40 generated workbooks, each imported
class PropiedadesImportacion(TestCase):
    def setUp(self):
        self.dif = DependenciaFactory(siglas="DIF")
        self.capacitacion = TipoAccionFactory(nombre="Capacitación")
        RecomendacionFactory(clave="R1")
        RecomendacionFactory(clave="R2")
        MetaFactory(dependencia=self.dif, clave="M-PREVIA", programado={1: 4})

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filas_metas())
    def test_random_cells_apply_exactly_or_reject_precisely(self, filas):
        encabezados = ENCABEZADOS["Metas"]
        contenido = libro(Metas=[encabezados, *[[c[h] for h in encabezados] for c, _ in filas]])
        esperadas = {(fila, col) for fila, (_, inv) in enumerate(filas, start=2) for col in inv}
        antes = _estado()
        vista = importacion.previsualizar(contenido)
        obtenidas = {(e.fila, re.match(r"«(.+?)»", e.columna).group(1)) for e in vista.errores}
        assert obtenidas == esperadas, [str(e) for e in vista.errores]
        for error in vista.errores:
            assert str(error).startswith(f"Hoja «Metas», fila {error.fila}, columna «")
        if esperadas:
            with self.assertRaises(importacion.ImportacionRechazada):
                importacion.aplicar(contenido)
            assert _estado() == antes
            return
        importacion.aplicar(contenido)
        for i, (celdas, _) in enumerate(filas):
            meta = Meta.objects.get(
                clave=f"M-{i}" if celdas["Clave"].strip() == f"M-{i}" else f"m-{i}"
            )
            assert meta.dependencia == self.dif
            assert meta.descripcion == celdas["Meta"].strip()
            assert meta.linea_accion == celdas["Línea de acción"].strip()
            assert meta.tipo_accion == (self.capacitacion if celdas["Tipo de acción"] else None)
            esperado_recs = {
                "R1": ["R1"], "r1; R2": ["R1", "R2"], "R2,R1": ["R1", "R2"], None: [],
            }[celdas["Recomendaciones"]]  # fmt: skip
            assert sorted(meta.recomendaciones.values_list("clave", flat=True)) == esperado_recs
            programado = {
                p.periodo.numero: p.cantidad for p in meta.programacion.select_related("periodo")
            }
            for n in range(1, 5):
                assert programado.get(n, 0) == ENTEROS[celdas[f"T{n}"]]
        assert Meta.objects.count() == len(filas) + 1
        assert not importacion.previsualizar(contenido).hay_cambios


CUALQUIER_VALOR = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 1, 1)),
    TEXTO,
    st.sampled_from(["DIF", "2022", "R1; R2", "capacitación", "Permanente", "Feminicida"]),
)


@pytest.mark.slow  # 40 generated workbooks, each imported
class CeldasArbitrarias(TestCase):
    def setUp(self):
        DependenciaFactory(siglas="DIF")
        RecomendacionFactory(clave="R1")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.sampled_from(["Recomendaciones", "Dependencias", "Metas"]),
        st.lists(st.lists(CUALQUIER_VALOR, min_size=12, max_size=12), min_size=1, max_size=4),
    )
    def test_any_cells_never_crash_and_reject_by_row(self, hoja, filas):
        contenido = libro(**{hoja: [ENCABEZADOS[hoja], *filas]})
        antes = (_estado(), list(Meta.objects.values_list("pk", flat=True)))
        vista = importacion.previsualizar(contenido)
        for error in vista.errores:
            assert error.hoja == hoja
            assert 2 <= error.fila <= len(filas) + 1
        if vista.valido:
            importacion.aplicar(contenido)
            assert not importacion.previsualizar(contenido).hay_cambios
        else:
            with self.assertRaises(importacion.ImportacionRechazada):
                importacion.aplicar(contenido)
            assert (_estado(), list(Meta.objects.values_list("pk", flat=True))) == antes
