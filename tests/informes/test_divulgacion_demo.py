"""The demo's published corte passes the audit; the pattern the micrositio published before fails.

The demo is published once for the module (v1 and its correction v2).
"""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from informes.divulgacion import tablas
from informes.divulgacion.auditoria import Publicacion, fallas, rangos
from informes.divulgacion.publicadas import del_corte
from informes.models import InformePublicado

pytestmark = pytest.mark.slow

IMM_VINCULACION = ("IMM", "Vinculación", "mujeres")


@pytest.fixture(scope="module")
def demo(_demo_en_transaccion, django_db_blocker):
    """The session's demo (tests/conftest.py), to which `manage.py demo` adds the two published
    versions it lacks, as on a database where it was loaded without them; rolled back after
    the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):  # the demo refuses to load in production
            call_command("demo", "--solo-juarez", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def versiones(demo, db) -> list[InformePublicado]:
    return list(InformePublicado.objects.order_by("version"))


def test_both_demo_versions_froze_their_pattern_and_pass_the_audit_together(versiones):
    assert [v.version for v in versiones] == [1, 2]
    assert all("supresion" in v.figuras["publico"] for v in versiones)
    inicio = time.perf_counter()
    publicadas = del_corte(versiones[0].ejercicio_id, versiones[0].hasta_id)
    resultado = rangos(publicadas)
    segundos = time.perf_counter() - inicio
    assert len(resultado) == 13  # IMM / Vinculación's 2 (and its row total), 11 «sexo no esp.»
    assert all(r.protegido for r in resultado), [r.mensaje() for r in resultado]
    assert min(r.maximo for r in resultado) >= 5
    assert publicadas[1].ocultas >= publicadas[0].ocultas
    assert segundos < 10, segundos


def _regla_anterior(tabla: list[list[int]]) -> set[tuple[int, int]]:
    """The rule the micrositio used before, copied to show what it gave away: 1–4 hidden as
    «<5»; while a row or column hid exactly one entry, its smallest other entry (zeros
    included) was hidden as «reservado»."""
    filas, columnas = len(tabla), len(tabla[0])
    lineas = [[(i, j) for j in range(columnas)] for i in range(filas)]
    lineas += [[(i, j) for i in range(filas)] for j in range(columnas)]
    ocultas = {(i, j) for i, fila in enumerate(tabla) for j, v in enumerate(fila) if 0 < v < 5}
    cambio = True
    while cambio:
        cambio = False
        for linea in lineas:
            if sum(c in ocultas for c in linea) == 1:
                visibles = [c for c in linea if c not in ocultas]
                ocultas.add(min(visibles, key=lambda c: (tabla[c[0]][c[1]], c == linea[-1], c)))
                cambio = True
    return ocultas


def _como_se_publico(version: InformePublicado) -> Publicacion:
    """A version as the old rule showed it: «<5» says 1 to 4; «reservado», 0 or more."""
    instantanea = version.figuras["publico"]
    valores = tablas.valores(instantanea)
    filas = [tablas.fila(g) for g in tablas.grupos(instantanea)] + [(tablas.TODAS,) * 2]
    columnas = [columna for columna, _titulo in tablas.COLUMNAS]
    matriz = [[valores[(*f, col)] for col in columnas] for f in filas]
    ocultas = frozenset((*filas[i], columnas[j]) for i, j in _regla_anterior(matriz))
    cotas = {k: (1, 4) if 0 < valores[k] < 5 else (0, None) for k in ocultas}
    return Publicacion(version.version, valores, tablas.publicadas(instantanea), ocultas, cotas)


def test_the_old_pattern_of_version_2_gives_imm_vinculacion_away(versiones):
    v1, v2 = (_como_se_publico(v) for v in versiones)
    por_celda = {r.clave: r for r in rangos([v1, v2])}
    imm = por_celda[IMM_VINCULACION]
    # TOTAL 6,111 − the shown cells = 2 for IMM and a «reservado» that can only be 0.
    assert (imm.valor, imm.minimo, imm.maximo) == (2, 1, 2)
    malas = fallas([v1, v2])
    assert len(malas) == 13  # every «<5»: each one bounded to 1–4 or less
    # Even a reader who ignores the labels pins IMM / Vinculación below 5.
    sin_etiquetas = Publicacion(
        2, v2.valores, v2.tablas, v2.ocultas, dict.fromkeys(v2.ocultas, (0, None))
    )
    [sin] = [r for r in rangos([sin_etiquetas]) if r.clave == IMM_VINCULACION]
    assert sin.maximo == 2 and not sin.protegido
