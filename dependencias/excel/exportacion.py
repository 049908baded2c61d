"""Export of the catalog and the metas in the import format, and the blank template.

Both write the sheets Recomendaciones, Dependencias and Metas with the columns of
`dependencias.excel.hojas`, which the import reads, so an exported file imports back with every row unchanged.
"""

from __future__ import annotations

import io

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Municipio, Recomendacion
from dependencias.excel.hojas import HOJAS, TRIMESTRES, titulos
from dependencias.models import Dependencia, Meta, Programacion, TipoAccion

ANCHOS = {
    "Clave": 12,
    "Recomendación": 60,
    "Tipo": 16,
    "Modalidades": 30,
    "Ejes transversales": 30,
    "Siglas": 14,
    "Nombre": 45,
    "Titular": 30,
    "Ejercicio": 10,
    "Dependencia": 14,
    "Meta": 60,
    "Línea de acción": 40,
    "Tipo de acción": 26,
    "Unidad de medida": 20,
    "Recomendaciones": 20,
}
FUENTE_ENCABEZADO = Font(bold=True, color="FFFFFF")
RELLENO_ENCABEZADO = PatternFill("solid", fgColor="5B2A86")
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _limpio(valor):
    """Text Excel can hold; a leading «=» stays text, never a formula."""
    if isinstance(valor, str):
        return ILLEGAL_CHARACTERS_RE.sub("", valor)
    return valor


def _encabezar(ws, hoja: str) -> None:
    for indice, titulo in enumerate(titulos(hoja), start=1):
        celda = ws.cell(row=1, column=indice, value=titulo)
        celda.font = FUENTE_ENCABEZADO
        celda.fill = RELLENO_ENCABEZADO
        ws.column_dimensions[get_column_letter(indice)].width = ANCHOS.get(titulo, 8)
    ws.freeze_panes = "A2"


def _fila(ws, numero: int, valores: list) -> None:
    for indice, valor in enumerate(valores, start=1):
        celda = ws.cell(row=numero, column=indice)
        celda.value = _limpio(valor)
        if isinstance(valor, str):
            celda.data_type = "s"  # text stays text, whatever it starts with


def filas_recomendaciones():
    qs = Recomendacion.objects.prefetch_related("modalidades", "ejes").order_by("orden", "clave")
    for r in qs:
        yield [
            r.clave,
            r.texto,
            r.get_tipo_display(),
            "; ".join(m.nombre for m in r.modalidades.all()),
            "; ".join(e.nombre for e in r.ejes.all()),
            r.vigente_desde,
            r.vigente_hasta,
        ]


def _de(municipio: Municipio | None) -> Municipio | None:
    """The municipio a workbook is for: the one given, or the deployment's only one."""
    return municipio or Municipio.objects.unico()


def filas_dependencias(municipio: Municipio | None):
    for d in Dependencia.objects.filter(municipio=municipio).order_by("siglas"):
        yield [d.siglas, d.nombre, d.titular]


def filas_metas(municipio: Municipio | None, ejercicio: Ejercicio | None = None):
    qs = (
        Meta.objects.filter(activa=True, ejercicio__municipio=municipio)
        .select_related("ejercicio", "dependencia", "tipo_accion")
        .prefetch_related(
            Prefetch("recomendaciones", queryset=Recomendacion.objects.only("clave")),
            Prefetch(
                "programacion",
                queryset=Programacion.objects.select_related("periodo").only(
                    "cantidad", "meta_id", "periodo__numero"
                ),
            ),
        )
        .order_by("ejercicio__anio", "dependencia__siglas", "clave")
    )
    if ejercicio is not None:
        qs = qs.filter(ejercicio=ejercicio)
    for m in qs:
        cantidades = {p.periodo.numero: p.cantidad for p in m.programacion.all()}
        yield [
            m.ejercicio.anio,
            m.dependencia.siglas,
            m.clave,
            m.descripcion,
            m.linea_accion,
            m.tipo_accion.nombre if m.tipo_accion else "",
            m.unidad_medida,
            "; ".join(sorted(r.clave for r in m.recomendaciones.all())),
            *[cantidades.get(n, 0) for n in TRIMESTRES],
        ]


def libro_catalogo(
    ejercicio: Ejercicio | None = None, municipio: Municipio | None = None
) -> Workbook:
    """The catalog (the shared recomendaciones, `municipio`'s dependencias) and its metas (of
    `ejercicio`, or all) in the import format. No municipio: the deployment's only one."""
    municipio = _de(municipio)
    libro = Workbook()
    libro.remove(libro.active)
    for hoja, filas in (
        ("Recomendaciones", filas_recomendaciones()),
        ("Dependencias", filas_dependencias(municipio)),
        ("Metas", filas_metas(municipio, ejercicio)),
    ):
        ws = libro.create_sheet(hoja)
        _encabezar(ws, hoja)
        for numero, valores in enumerate(filas, start=2):
            _fila(ws, numero, valores)
        ws.auto_filter.ref = ws.dimensions
    return libro


INSTRUCCIONES = [
    ("Cómo llenar este libro", None),
    (
        "Cada hoja se importa por separado y puede venir sola: Recomendaciones, Dependencias "
        "y Metas. Las filas se actualizan por su clave (las dependencias por sus siglas y las "
        "metas por ejercicio y clave); una clave nueva crea una fila nueva. Nada se borra.",
        None,
    ),
    ("Columnas obligatorias (marcadas en negritas)", None),
    ("• Recomendaciones: Clave, Recomendación y Tipo.", None),
    ("• Dependencias: Siglas y Nombre.", None),
    ("• Metas: Ejercicio, Dependencia (siglas), Clave y Meta.", None),
    (
        "• Valoración GIM: Fecha de la evaluación, Referencia, Recomendación (clave) y "
        "Valoración (Cumplida, En proceso de cumplimiento, Parcialmente cumplida, No cumplida "
        "o Sin valoración). Una referencia nueva registra la evaluación del GIM.",
        None,
    ),
    ("Las demás celdas pueden quedar en blanco; una cantidad en blanco cuenta como 0.", None),
    ("Valores", None),
    ("• Tipo: Permanente, Puntual o De coordinación.", None),
    (
        "• Modalidades, Ejes transversales y Recomendaciones de una meta: varios valores "
        "separados por «;» o «,» (la palabra «Violencia» es opcional).",
        None,
    ),
    ("• Vigente desde / hasta: años de ejercicio; en blanco significa sin límite.", None),
    ("• T1 a T4: cantidades programadas por trimestre, números enteros de 0 en adelante.", None),
    (
        "• Una meta puede referirse a dependencias y recomendaciones que se crean en otra "
        "hoja del mismo archivo.",
        None,
    ),
    ("Al subir el archivo", None),
    (
        "El portal muestra primero una vista previa: filas nuevas, filas que cambian (y qué "
        "cambia), filas sin cambio y cada error con su hoja, fila, columna y valor. No se "
        "guarda nada hasta confirmar, y si hay un solo error no se guarda nada.",
        None,
    ),
]


def libro_plantilla(municipio: Municipio | None = None) -> Workbook:
    """A blank workbook with instructions and drop-down lists of the allowed values (the
    dependencias are `municipio`'s; no municipio: the deployment's only one)."""
    municipio = _de(municipio)
    libro = Workbook()
    ws = libro.active
    ws.title = "Instrucciones"
    ws.column_dimensions["A"].width = 110
    for numero, (texto, _) in enumerate(INSTRUCCIONES, start=1):
        celda = ws.cell(row=numero, column=1, value=texto)
        celda.alignment = Alignment(wrap_text=True, vertical="top")
        if not texto.startswith("•") and len(texto) < 60:
            celda.font = Font(bold=True, size=12)

    listas = libro.create_sheet("Listas")
    columnas_listas = {
        "Tipo": [label for _, label in Recomendacion.Tipo.choices],
        "Dependencias": list(
            Dependencia.objects.filter(municipio=municipio)
            .order_by("siglas")
            .values_list("siglas", flat=True)
        ),
        "Tipos de acción": list(TipoAccion.objects.values_list("nombre", flat=True)),
        "Modalidades": list(Modalidad.objects.values_list("nombre", flat=True)),
        "Ejes transversales": list(EjeTransversal.objects.values_list("nombre", flat=True)),
        "Recomendaciones": list(
            Recomendacion.objects.order_by("orden", "clave").values_list("clave", flat=True)
        ),
    }
    rangos = {}
    for col, (titulo, valores) in enumerate(columnas_listas.items(), start=1):
        letra = get_column_letter(col)
        listas.cell(row=1, column=col, value=titulo).font = Font(bold=True)
        listas.column_dimensions[letra].width = 30
        for fila, valor in enumerate(valores, start=2):
            _fila_unica(listas, fila, col, valor)
        fin = max(len(valores) + 1, 2)
        rangos[titulo] = f"{quote_sheetname('Listas')}!${letra}$2:${letra}${fin}"

    for hoja in HOJAS:
        hoja_ws = libro.create_sheet(hoja)
        _encabezar(hoja_ws, hoja)
        for indice, columna in enumerate(HOJAS[hoja], start=1):
            if not columna.obligatoria:
                hoja_ws.cell(row=1, column=indice).font = Font(bold=False, color="FFFFFF")
    _validaciones(libro, rangos)
    libro.move_sheet("Listas", offset=len(libro.sheetnames))
    listas.sheet_state = "hidden"
    return libro


def _fila_unica(ws, fila: int, col: int, valor) -> None:
    celda = ws.cell(row=fila, column=col)
    celda.value = _limpio(valor)
    celda.data_type = "s"


def _lista(formula: str, *, estricta: bool = True, ayuda: str = "") -> DataValidation:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    dv.errorStyle = "stop" if estricta else "warning"
    dv.error = "Elija un valor de la lista."
    dv.errorTitle = "Valor no válido"
    if ayuda:
        dv.prompt = ayuda
        dv.showInputMessage = True
    return dv


def _entero(minimo: int, maximo: int, mensaje: str) -> DataValidation:
    dv = DataValidation(
        type="whole",
        operator="between",
        formula1=str(minimo),
        formula2=str(maximo),
        showErrorMessage=True,
    )
    dv.allow_blank = True
    dv.error = mensaje
    dv.errorTitle = "Valor no válido"
    return dv


def _validaciones(libro: Workbook, rangos: dict[str, str]) -> None:
    filas = "2:2000"
    inicio, fin = filas.split(":")

    def rango(ws, titulo: str) -> str:
        col = get_column_letter(titulos(ws.title).index(titulo) + 1)
        return f"{col}{inicio}:{col}{fin}"

    rec = libro["Recomendaciones"]
    for dv, col in (
        (_lista(f"{rangos['Tipo']}"), "Tipo"),
        (_entero(1900, 2200, "Escriba un año, p. ej. 2022."), "Vigente desde"),
        (_entero(1900, 2200, "Escriba un año, p. ej. 2022."), "Vigente hasta"),
    ):
        rec.add_data_validation(dv)
        dv.add(rango(rec, col))
    for col, lista in (
        ("Modalidades", "Modalidades"),
        ("Ejes transversales", "Ejes transversales"),
    ):
        dv = _lista(
            f"{rangos[lista]}",
            estricta=False,
            ayuda="Varios valores separados por «;». La lista muestra los válidos.",
        )
        rec.add_data_validation(dv)
        dv.add(rango(rec, col))

    metas = libro["Metas"]
    dep = _lista(
        f"{rangos['Dependencias']}",
        estricta=False,
        ayuda="Siglas de la dependencia (también las de la hoja Dependencias de este libro).",
    )
    metas.add_data_validation(dep)
    dep.add(rango(metas, "Dependencia"))
    tipo = _lista(f"{rangos['Tipos de acción']}")
    metas.add_data_validation(tipo)
    tipo.add(rango(metas, "Tipo de acción"))
    recs = _lista(
        f"{rangos['Recomendaciones']}",
        estricta=False,
        ayuda="Claves de las recomendaciones que atiende, separadas por «;».",
    )
    metas.add_data_validation(recs)
    recs.add(rango(metas, "Recomendaciones"))
    anio = _entero(1900, 2200, "Escriba el año del ejercicio, p. ej. 2022.")
    metas.add_data_validation(anio)
    anio.add(rango(metas, "Ejercicio"))
    cantidades = _entero(0, 10_000_000, "Escriba una cantidad entera de 0 en adelante.")
    metas.add_data_validation(cantidades)
    for n in TRIMESTRES:
        cantidades.add(rango(metas, f"T{n}"))


def como_bytes(libro: Workbook) -> bytes:
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
