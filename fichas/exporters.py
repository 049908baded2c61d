"""Export of fichas técnicas to Excel: every field, state, dates, dependencia, meta, periodo."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dependencias.models import Programacion
from fichas.models import CAMPOS_BENEFICIARIOS, FichaTecnica

FORMATO_FECHA_HORA = "dd/mm/yyyy hh:mm"


def _fecha(valor: datetime.datetime | None):
    """Excel has no time zones: write the local wall-clock time."""
    if valor is None:
        return None
    return timezone.localtime(valor).replace(tzinfo=None)


def _usuario(u) -> str:
    if u is None:
        return ""
    return u.get_full_name() or u.get_username()


def _columnas() -> list[tuple[str, object, str | None]]:
    """(title, getter, number format) for every exported column."""
    campo = FichaTecnica._meta.get_field
    cols: list[tuple[str, object, str | None]] = [
        ("Folio", lambda f: f.folio, None),
        ("Ejercicio", lambda f: f.periodo.ejercicio.anio, "0"),
        ("Periodo", lambda f: f.periodo.clave, None),
        ("Meses", lambda f: f.periodo.etiqueta, None),
        ("Dependencia", lambda f: f.meta.dependencia.siglas, None),
        ("Nombre de la dependencia", lambda f: f.meta.dependencia.nombre, None),
        ("Clave de la meta", lambda f: f.meta.clave, None),
        ("Meta", lambda f: f.meta.descripcion, None),
        ("Tipo de acción", lambda f: f.meta.tipo_accion.nombre if f.meta.tipo_accion else "", None),
        ("Unidad de medida", lambda f: f.meta.unidad_medida, None),
        ("Programado en el periodo", lambda f: f.programado or 0, "#,##0"),
        ("Estado", lambda f: f.get_estado_display(), None),
        ("No aplica", lambda f: "Sí" if f.no_aplica else "No", None),
        ("Justificación de «no aplica»", lambda f: f.justificacion_no_aplica, None),
        ("Cantidad alcanzada en el periodo", lambda f: f.cantidad_alcanzada, "#,##0"),
        ("Actividades realizadas", lambda f: f.actividades, None),
        ("Fechas de realización", lambda f: f.fechas_realizacion, None),
        ("Lugar (colonia o sector)", lambda f: f.lugar, None),
        ("Justificación de la variación", lambda f: f.justificacion_variacion, None),
    ]
    for nombre in CAMPOS_BENEFICIARIOS:
        titulo = str(campo(nombre).verbose_name)
        titulo = titulo[0].upper() + titulo[1:]
        cols.append((titulo, lambda f, n=nombre: getattr(f, n), "#,##0"))
    cols += [
        ("Total de atenciones", lambda f: f.total_beneficiarios, "#,##0"),
        ("Presupuesto ejercido", lambda f: f.presupuesto_ejercido, '"$ "#,##0.00'),
        ("Fuente del presupuesto", lambda f: f.fuente_presupuesto, None),
        ("Obstáculos", lambda f: f.obstaculos, None),
        ("Coordinación con otras instituciones", lambda f: f.coordinacion, None),
        ("Evidencias vigentes", lambda f: f.num_evidencias, "0"),
        ("Creada por", lambda f: _usuario(f.creada_por), None),
        ("Creada", lambda f: _fecha(f.creada_en), FORMATO_FECHA_HORA),
        ("Actualizada", lambda f: _fecha(f.actualizada_en), FORMATO_FECHA_HORA),
        ("Primer envío", lambda f: _fecha(f.primer_envio_en), FORMATO_FECHA_HORA),
        ("Último envío", lambda f: _fecha(f.enviada_en), FORMATO_FECHA_HORA),
        ("Fecha límite", lambda f: f.periodo.fecha_limite, "dd/mm/yyyy"),
        ("Entrega", lambda f: _entrega(f), None),
        ("Última revisión", lambda f: _fecha(f.revisada_en), FORMATO_FECHA_HORA),
        ("Revisada por", lambda f: _usuario(f.revisada_por), None),
        ("Aprobada", lambda f: _fecha(f.aprobada_en), FORMATO_FECHA_HORA),
    ]
    return cols


def _entrega(f: FichaTecnica) -> str:
    if f.primer_envio_en is None:
        return "Sin enviar"
    return "Tardía" if f.tardia else "A tiempo"


def fichas_para_exportar(qs: QuerySet[FichaTecnica]) -> QuerySet[FichaTecnica]:
    """`qs` with everything the export reads joined or annotated (a fixed number of queries)."""
    programado = Programacion.objects.filter(
        meta=OuterRef("meta"), periodo=OuterRef("periodo")
    ).values("cantidad")[:1]
    return (
        qs.select_related(
            "meta__dependencia",
            "meta__tipo_accion",
            "periodo__ejercicio",
            "creada_por",
            "revisada_por",
        )
        .annotate(
            programado=Subquery(programado),
            num_evidencias=Count("evidencias", filter=Q(evidencias__retirada_en__isnull=True)),
        )
        .order_by(
            "periodo__ejercicio__anio",
            "periodo__numero",
            "meta__dependencia__siglas",
            "meta__clave",
        )
    )


def libro_fichas(qs: QuerySet[FichaTecnica], filtros: list[str] | None = None) -> Workbook:
    """One sheet «Fichas» with a row per ficha, and a sheet «Filtros» saying what was chosen."""
    libro = Workbook()
    ws = libro.active
    ws.title = "Fichas"
    columnas = _columnas()
    for indice, (titulo, _, _) in enumerate(columnas, start=1):
        celda = ws.cell(row=1, column=indice, value=titulo)
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor="5B2A86")
        ws.column_dimensions[get_column_letter(indice)].width = 18
    ws.freeze_panes = "C2"
    for fila, ficha in enumerate(fichas_para_exportar(qs), start=2):
        for indice, (_, getter, formato) in enumerate(columnas, start=1):
            valor = getter(ficha)
            celda = ws.cell(row=fila, column=indice)
            if isinstance(valor, str):
                celda.value = ILLEGAL_CHARACTERS_RE.sub("", valor)
                celda.data_type = "s"  # never a formula, even when the text starts with «=»
            else:
                celda.value = valor
            if formato:
                celda.number_format = formato
    ws.auto_filter.ref = ws.dimensions
    info = libro.create_sheet("Filtros")
    info.column_dimensions["A"].width = 60
    info.append(["Fichas técnicas exportadas del Seguimiento AVGM"])
    info.append([f"Generado: {timezone.localtime():%d/%m/%Y %H:%M}"])
    info.append(["Filtros: " + ("; ".join(filtros) if filtros else "ninguno (todas las fichas)")])
    return libro
