"""The open datasets of one published version: rows and their Table Schema, from the snapshot.

They live here, with what publishing freezes, because two outputs read them: the micrositio's
open data (`publico`) and the files embedded in the published PDF (`informes.salidas.adjuntos`).

Four resources per version: recomendaciones (classification and status), metas and atenciones
by dependencia and tipo de acción (atenciones through the version's frozen suppression
pattern), the corte's figures, and the response per dependencia. Versions published before the public snapshot existed lack the
first two's detail: recomendaciones are rebuilt from the report's ranking, and the metas
resource is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from avgm.numeros import entero
from informes.cifras import definiciones
from informes.divulgacion import tablas
from informes.divulgacion.publicadas import patron
from informes.divulgacion.supresion import ETIQUETA
from informes.models import InformePublicado
from informes.salidas.instantanea import ESTADOS


@dataclass
class Recurso:
    nombre: str  # «respuesta-por-dependencia», the file is «{nombre}-{corte}-v{n}.{ext}»
    titulo: str
    descripcion: str
    campos: list[dict]  # Table Schema fields: name, type, title, description
    filas: list[dict] = field(default_factory=list)

    def archivo(self, informe: InformePublicado, extension: str) -> str:
        return f"{self.nombre}-{clave_corte(informe)}-v{informe.version}.{extension}"


def clave_corte(informe: InformePublicado) -> str:
    """«2022-t2», lowercase, for file names and addresses."""
    return f"{informe.ejercicio.anio}-{informe.hasta.clave.lower()}"


def _campo(nombre: str, tipo: str, titulo: str, descripcion: str = "") -> dict:
    return {"name": nombre, "type": tipo, "title": titulo, "description": descripcion or titulo}


def publico_de(informe: InformePublicado) -> dict | None:
    """The public snapshot frozen with `informe`, or None for versions older than it."""
    return informe.figuras.get("publico")


def libro_publico(informe: InformePublicado) -> bool:
    """Whether the micrositio offers the version's frozen workbook: only one that lists
    approved fichas only (earlier versions froze every ficha, drafts included)."""
    return bool(informe.xlsx) and bool(
        (publico_de(informe) or {}).get("libro_solo_fichas_aprobadas")
    )


def _alcanzado(valor: int, clave: tablas.Clave, ocultas: frozenset, etiqueta: str) -> str:
    """A quantity as the public reads it: the label when the version hides it."""
    return etiqueta if clave in ocultas else entero(valor)


def recomendaciones(informe: InformePublicado) -> list[dict]:
    """Each recomendación in force: classification, status, dependencias and metas, each meta
    with `alcanzado_texto`, its quantity through the version's suppression pattern."""
    publico = publico_de(informe)
    if publico is not None:
        ocultas, etiqueta = patron(informe)
        protegidas = bool(tablas.metas(publico))
        return [
            {
                **r,
                "metas": [
                    {
                        **{k: v for k, v in m.items() if k != "alcanzado"},
                        "alcanzado_texto": _alcanzado(
                            m["alcanzado"], tablas.de_meta(m), ocultas, etiqueta
                        )
                        if protegidas
                        else entero(m["alcanzado"]),
                    }
                    for m in r["metas"]
                ],
            }
            for r in publico["recomendaciones"]
        ]
    f = informe.figuras
    impactadas = {r["clave"] for r in f.get("recomendaciones_mas_atendidas", [])}
    filas = [
        {
            "clave": r["clave"],
            "texto": r["texto"],
            "tipo": "",
            "modalidades": [],
            "ejes": [],
            "estado": "impactada" if r["clave"] in impactadas else "programada",
            "dependencias": r.get("dependencias", []),
            "metas": [],
            "n_metas": r.get("metas", 0),
        }
        for r in f.get("recomendaciones_menos_atendidas", [])
    ]
    filas += [
        {
            "clave": r["clave"],
            "texto": r["texto"],
            "tipo": "",
            "modalidades": [],
            "ejes": [],
            "estado": "sin_meta",
            "dependencias": [],
            "metas": [],
            "n_metas": 0,
        }  # fmt: skip
        for r in f.get("recomendaciones_sin_meta", [])
    ]
    return sorted(filas, key=lambda r: r["clave"])


def metas_con_supresion(informe: InformePublicado) -> list[dict] | None:
    """Metas by dependencia and tipo de acción plus a total row, atenciones through the
    version's frozen suppression pattern (hidden cells read its one label)."""
    publico = publico_de(informe)
    if publico is None:
        return None
    ocultas, etiqueta = patron(informe)
    valores = tablas.valores(publico)
    grupos = tablas.grupos(publico)
    protegidas = bool(tablas.metas(publico))  # versions frozen before show theirs as they are
    filas = []
    for g in [*grupos, None]:
        base = g or {
            "dependencia": "TOTAL", "dependencia_nombre": "Todas las dependencias",
            "tipo_accion": "Todos",
            **{k: sum(x[k] for x in grupos) for k in (
                "metas", "cumplidas", "con_avance", "sin_avance", "programado", "alcanzado")},
        }  # fmt: skip
        dependencia, tipo = tablas.fila(g)
        celdas = {
            columna: etiqueta if clave in ocultas else valores[clave]
            for columna, _titulo in tablas.COLUMNAS
            for clave in [(dependencia, tipo, columna)]
        }
        alcanzado = tablas.de_grupo(dependencia, tipo)
        if protegidas and alcanzado in ocultas:
            celdas[tablas.ALCANZADO] = etiqueta
        else:
            celdas[tablas.ALCANZADO] = base["alcanzado"]
        filas.append(
            {
                "dependencia": base["dependencia"],
                "dependencia_nombre": base["dependencia_nombre"],
                "tipo_accion": base["tipo_accion"],
                "metas": base["metas"],
                "cumplidas": base["cumplidas"],
                "con_avance": base["con_avance"],
                "sin_avance": base["sin_avance"],
                "cantidad_programada": base["programado"],
                "cantidad_alcanzada": celdas[tablas.ALCANZADO],
                "atenciones_mujeres": celdas["mujeres"],
                "atenciones_hombres": celdas["hombres"],
                "atenciones_sexo_no_especificado": celdas["noesp"],
                "atenciones_total": celdas[tablas.TOTAL],
            }
        )
    return filas


def para_mostrar(fila: dict) -> dict:
    """A row with its counts written the Mexican way (22,533); the label of hidden cells stays."""
    return {k: entero(v) if isinstance(v, int) else v for k, v in fila.items()}


def cifras(informe: InformePublicado) -> list[dict]:
    f = informe.figuras
    r = f["recomendaciones"]
    filas = [
        ("recomendaciones_declaratoria", "corte", r["declaratoria"], "recomendaciones", "declaratoria"),
        ("recomendaciones_programadas", "corte", r["programadas"], "recomendaciones", "programadas"),
        ("recomendaciones_impactadas", "corte", r["impactadas"], "recomendaciones", "impactadas"),
        ("avance", "corte", _pct(r["avance"]), "porcentaje", "avance"),
        ("dependencias_con_metas", "anual", f["anual"]["dependencias"], "dependencias", "dependencias_anual"),
        ("metas_programadas", "anual", f["anual"]["metas_programadas"], "metas", "metas_anual"),
        ("metas_con_fichas_reportadas", "anual", f["anual"]["fichas_reportadas"], "metas", "fichas_anual"),
        ("oportunidad", "corte", _pct(f["oportunidad"]["fraccion"]), "porcentaje", "oportunidad"),
    ]  # fmt: skip
    for p in f["periodos"]:
        filas += [
            ("dependencias_con_metas", p["periodo"], p["dependencias"], "dependencias", "dependencias_periodo"),
            ("metas_programadas", p["periodo"], p["metas_programadas"], "metas", "metas_programadas"),
            ("fichas_reportadas", p["periodo"], p["fichas_reportadas"], "fichas", "fichas_reportadas"),
        ]  # fmt: skip
    for categoria, clave in (("modalidades", "modalidad"), ("ejes", "eje")):
        for c in f[categoria]:
            filas.append(
                (f"impactadas_{clave}: {c['nombre']}", "corte", c["impactadas"],
                 "recomendaciones", "impactadas_por_categoria")
            )  # fmt: skip
    return [
        {
            "indicador": indicador,
            "periodo": periodo,
            "valor": valor,
            "unidad": unidad,
            "definicion": definiciones.texto(definicion),
        }
        for indicador, periodo, valor, unidad, definicion in filas
    ]


def _pct(fraccion: float | None) -> float | None:
    return None if fraccion is None else round(fraccion * 100, 1)


def respuesta(informe: InformePublicado) -> list[dict]:
    filas = []
    for d in informe.figuras["respuesta_por_dependencia"]:
        for clave, celda in d["detalle"].items():
            filas.append(
                {
                    "dependencia": d["dependencia"],
                    "dependencia_nombre": d["nombre"],
                    "periodo": clave,
                    "metas_esperadas": celda["esperadas"],
                    "fichas_reportadas": celda["reportadas"],
                    "respuesta_pct": _pct(d["periodos"].get(clave)),
                    "fichas_a_tiempo": None,
                    "oportunidad_pct": None,
                }
            )
        filas.append(
            {
                "dependencia": d["dependencia"],
                "dependencia_nombre": d["nombre"],
                "periodo": "corte",
                "metas_esperadas": d["esperadas"],
                "fichas_reportadas": d["reportadas"],
                "respuesta_pct": _pct(d["corte"]),
                "fichas_a_tiempo": d.get("a_tiempo"),
                "oportunidad_pct": _pct(d.get("oportunidad")),
            }
        )
    return filas


DEP = _campo("dependencia", "string", "Dependencia (siglas)")
DEP_NOMBRE = _campo("dependencia_nombre", "string", "Nombre de la dependencia")
NOTA_SUPRESION = (
    f" Para proteger a las personas, una celda de atenciones se publica como «{ETIQUETA}» "
    "cuando es un conteo de 1 a 4 o cuando, visible, permitiría deducir uno; las dos se "
    "escriben igual a propósito. Los ceros se publican siempre."
)
CANTIDAD_ALCANZADA = (
    "Suma de la cantidad alcanzada en fichas aprobadas de las metas, cada una en su unidad de "
    f"medida. «{ETIQUETA}»: celda oculta porque suma cantidades de una unidad que cuenta "
    "personas (atenciones, asesorías, quejas, …) de 1 a 4, o porque, visible, permitiría "
    "deducir una."
)
ATENCIONES = (
    f"Atenciones (no personas únicas). «{ETIQUETA}»: celda oculta, de valor 1 o más, para que "
    "ningún conteo de 1 a 4 pueda deducirse de esta tabla, de otras ni de otras versiones."
)


def recursos(informe: InformePublicado) -> list[Recurso]:
    """The datasets of a published version, with their rows."""
    etiqueta = informe.etiqueta
    lista = [
        Recurso(
            "recomendaciones",
            f"Recomendaciones de la AVGM y su estado, {etiqueta}",
            "Cada recomendación vigente en el ejercicio con su clasificación (tipo, modalidades, "
            "ejes) y su estado en el corte: impactada, programada sin impacto o sin meta.",
            [
                _campo("clave", "string", "Clave", "Clave de la recomendación en la declaratoria."),
                _campo("texto", "string", "Recomendación"),
                _campo("tipo", "string", "Tipo", "Permanente, puntual o de coordinación."),
                _campo("modalidades", "string", "Modalidades de violencia", "Separadas por «; »."),
                _campo("ejes", "string", "Ejes transversales", "Separados por «; »."),
                _campo("estado", "string", "Estado en el corte", "; ".join(ESTADOS.values())),
                _campo(
                    "dependencias",
                    "string",
                    "Dependencias que la atienden",
                    "Siglas separadas por «; ».",
                ),
                _campo("metas", "integer", "Metas que la atienden"),
            ],
            [
                {
                    "clave": r["clave"],
                    "texto": r["texto"],
                    "tipo": r["tipo"],
                    "modalidades": "; ".join(r["modalidades"]),
                    "ejes": "; ".join(r["ejes"]),
                    "estado": ESTADOS[r["estado"]],
                    "dependencias": "; ".join(r["dependencias"]),
                    "metas": len(r["metas"]) or r.get("n_metas", 0),
                }  # fmt: skip
                for r in recomendaciones(informe)
            ],
        )
    ]
    metas = metas_con_supresion(informe)
    if metas is not None:
        lista.append(
            Recurso(
                "metas-por-dependencia-y-tipo-de-accion",
                f"Metas y atenciones por dependencia y tipo de acción, {etiqueta}",
                "Metas con cantidad programada al corte, cumplidas, con avance y sin avance, y "
                "atenciones (no personas únicas) por sexo de fichas aprobadas. La última fila "
                "es el total." + NOTA_SUPRESION,
                [
                    DEP,
                    DEP_NOMBRE,
                    _campo("tipo_accion", "string", "Tipo de acción"),
                    _campo("metas", "integer", "Metas programadas al corte"),
                    _campo(
                        "cumplidas", "integer", "Metas cumplidas", definiciones.texto("cumplidas")
                    ),
                    _campo(
                        "con_avance",
                        "integer",
                        "Metas con avance",
                        definiciones.texto("con_avance"),
                    ),
                    _campo("sin_avance", "integer", "Metas sin avance"),
                    _campo("cantidad_programada", "integer", "Cantidad programada al corte"),
                    _campo(
                        "cantidad_alcanzada",
                        "integer",
                        "Cantidad alcanzada aprobada",
                        CANTIDAD_ALCANZADA,
                    ),
                    _campo("atenciones_mujeres", "integer", "Atenciones a mujeres", ATENCIONES),
                    _campo("atenciones_hombres", "integer", "Atenciones a hombres", ATENCIONES),
                    _campo(
                        "atenciones_sexo_no_especificado",
                        "integer",
                        "Atenciones, sexo no especificado",
                        ATENCIONES,
                    ),
                    _campo("atenciones_total", "integer", "Atenciones, total", ATENCIONES),
                ],  # fmt: skip
                metas,
            )
        )
    lista += [
        Recurso(
            "cifras-del-corte",
            f"Cifras del informe de corte, {etiqueta}",
            "Las cifras del informe publicado, cada una con su definición.",
            [
                _campo("indicador", "string", "Indicador"),
                _campo("periodo", "string", "Periodo", "Trimestre (T1…T4), «corte» o «anual»."),
                _campo("valor", "number", "Valor", "Vacío cuando la división es entre cero (N/A)."),
                _campo("unidad", "string", "Unidad"),
                _campo("definicion", "string", "Definición"),
            ],
            cifras(informe),
        ),
        Recurso(
            "respuesta-por-dependencia",
            f"Respuesta y oportunidad por dependencia, {etiqueta}",
            definiciones.texto("respuesta") + " " + definiciones.texto("oportunidad"),
            [
                DEP,
                DEP_NOMBRE,
                _campo("periodo", "string", "Periodo", "Trimestre (T1…T4) o «corte»."),
                _campo("metas_esperadas", "integer", "Metas programadas en el periodo"),
                _campo("fichas_reportadas", "integer", "Fichas enviadas"),
                _campo("respuesta_pct", "number", "Respuesta (%)", definiciones.texto("respuesta")),
                _campo("fichas_a_tiempo", "integer", "Fichas a tiempo (solo en el corte)"),
                _campo(
                    "oportunidad_pct",
                    "number",
                    "Oportunidad (%)",
                    definiciones.texto("oportunidad"),
                ),
            ],  # fmt: skip
            respuesta(informe),
        ),
    ]
    return lista


def esquema(recurso: Recurso) -> dict:
    return {"fields": recurso.campos, "missingValues": ["", ETIQUETA]}


def recurso(informe: InformePublicado, nombre: str) -> Recurso | None:
    return next((r for r in recursos(informe) if r.nombre == nombre), None)
