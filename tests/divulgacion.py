"""Small hand-made snapshots and publications for the suppression and audit tests."""

from informes.divulgacion import tablas
from informes.divulgacion.auditoria import Publicacion
from informes.divulgacion.supresion import cotas_de_la_regla, elegir


def instantanea(filas: dict, tipo: str = "Atención") -> dict:
    """A public snapshot: {"DIF": (mujeres, hombres, sexo no especificado), ...}, or with
    («DIF», «Capacitación») as the key when the tipo de acción is not `tipo`."""
    grupos = []
    for fila, (m, h, n) in filas.items():
        dependencia, tipo_accion = fila if isinstance(fila, tuple) else (fila, tipo)
        grupos.append(
            {
                "dependencia": dependencia,
                "tipo_accion": tipo_accion,
                "mujeres": m,
                "hombres": h,
                "noesp": n,
            }
        )
    return {
        "metas_por_dependencia_y_tipo": sorted(
            grupos, key=lambda g: (g["dependencia"], g["tipo_accion"])
        )
    }


def publicacion(inst: dict, ocultas, version: int = 1, heredadas=frozenset()) -> Publicacion:
    """`inst` published with `ocultas` hidden, read with what the rule tells of them."""
    ocultas = frozenset(ocultas)
    return Publicacion(
        version,
        tablas.valores(inst),
        tablas.publicadas(inst),
        ocultas,
        cotas_de_la_regla(ocultas, frozenset(heredadas)),
    )


def elegida(inst: dict, anteriores=(), version: int | None = None) -> Publicacion:
    """`inst` as the rule publishes it after `anteriores`."""
    anteriores = list(anteriores)
    return elegir(
        version or len(anteriores) + 1, tablas.valores(inst), tablas.publicadas(inst), anteriores
    )


def c(dependencia: str, columna: str, tipo: str = "Atención") -> tablas.Clave:
    """A cell: c("DIF", "mujeres"); c("*", "total") is the grand total."""
    return (dependencia, tablas.TODAS if dependencia == tablas.TODAS else tipo, columna)
