"""Read queries of the workflow pages, named in the domain's words, returning joined rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from avgm.models import Periodo
from avgm.numeros import fraccion
from avgm.plataforma import revision
from dependencias.access import metas_visibles, periodos_visibles
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica, limite_de_entrega

Estado = FichaTecnica.Estado
# What needs the enlace's action first.
PRIORIDAD = {
    Estado.OBSERVADA: 0,
    Estado.BORRADOR: 1,
    None: 2,
    Estado.ENVIADA: 3,
    Estado.APROBADA: 4,
}


def periodos_con_metas(user) -> list[Periodo]:
    """Periodos the user sees (its municipio's) in which its metas have something programmed,
    oldest first; the enlace's home picks its current one among them. Each comes with
    `sin_ficha`: how many of those programmed metas have no ficha there yet (counted over
    the same join, so `conteos_por_periodo` needs no query of its own for them)."""
    return list(
        periodos_visibles(user)
        .filter(
            programacion__meta__in=metas_visibles(user).filter(activa=True),
            programacion__cantidad__gt=0,
        )
        .annotate(
            sin_ficha=Count(
                "programacion",
                filter=~Exists(
                    FichaTecnica.objects.filter(
                        meta=OuterRef("programacion__meta"), periodo=OuterRef("pk")
                    )
                ),
            )
        )
        .select_related("ejercicio")
        .order_by("ejercicio__anio", "numero")
    )


@dataclass
class ConteoPeriodo:
    """How an enlace's metas stand in one periodo: to do (no ficha yet, or a borrador),
    returned (observada), sent (waiting for the IMM) and approved."""

    periodo: Periodo
    por_hacer: int = 0
    devueltas: int = 0
    enviadas: int = 0
    aprobadas: int = 0

    @property
    def pendientes(self) -> int:
        """What still needs the enlace: the home's «pendientes» in that periodo."""
        return self.por_hacer + self.devueltas

    @property
    def total(self) -> int:
        """Every meta `metas_del_periodo` lists in that periodo."""
        return self.por_hacer + self.devueltas + self.enviadas + self.aprobadas


def conteos_por_periodo(user, periodos: list[Periodo]) -> list[ConteoPeriodo]:
    """Each of `periodos` (as `periodos_con_metas` gives them, with `sin_ficha`) with its
    `ConteoPeriodo`, counting the metas `metas_del_periodo` lists (programmed there, or with
    a ficha there). One query however many periodos."""
    conteos = {p.pk: ConteoPeriodo(p) for p in periodos}
    metas = metas_visibles(user).filter(activa=True)
    fichas = (
        FichaTecnica.objects.filter(meta__in=metas, periodo__in=periodos)
        .values("periodo_id", "estado")
        .annotate(n=Count("pk"))
        .order_by()
    )
    campo = {
        Estado.BORRADOR: "por_hacer",
        Estado.OBSERVADA: "devueltas",
        Estado.ENVIADA: "enviadas",
        Estado.APROBADA: "aprobadas",
    }
    for fila in fichas:
        conteo = conteos[fila["periodo_id"]]
        nombre = campo[fila["estado"]]
        setattr(conteo, nombre, getattr(conteo, nombre) + fila["n"])
    for p in periodos:
        conteos[p.pk].por_hacer += p.sin_ficha
    return list(conteos.values())


# What a list of metas shows of each one's ficha: its link, state, «no aplica» and whether it
# was submitted on time (`tardia`, with the periodo `con_ficha` gives it).
_FICHA_EN_LA_LISTA = {"id", "meta", "periodo", "estado", "no_aplica", "primer_envio_en"}
_FICHA_FUERA_DE_LA_LISTA = [
    f"ficha_periodo__{campo.name}"
    for campo in FichaTecnica._meta.concrete_fields
    if campo.name not in _FICHA_EN_LA_LISTA
]


def metas_del_periodo(user, periodo: Periodo) -> QuerySet[Meta]:
    """The user's metas programmed in `periodo` (or with a ficha in it), most urgent first,
    annotated with their programmed and approved-accumulated quantity and `prioridad`.

    Ordered in the database so a page of it is one query however many metas there are; call
    `con_ficha` on the page to name each meta's ficha of the periodo (joined, not queried). The programación and
    the ficha of the periodo are one row each per meta (unique together), so they are joined
    once, not looked up per meta in subqueries.
    """
    return (
        metas_visibles(user)
        .filter(ejercicio_id=periodo.ejercicio_id, activa=True)
        .annotate(
            prog_periodo=FilteredRelation(
                "programacion", condition=Q(programacion__periodo=periodo)
            ),
            ficha_periodo=FilteredRelation("fichas", condition=Q(fichas__periodo=periodo)),
        )
        .annotate(
            programado=Coalesce(F("prog_periodo__cantidad"), Value(0)),
            estado_ficha=F("ficha_periodo__estado"),
        )
        # (A ficha always has an estado: no estado, no ficha in the periodo.)
        .filter(Q(programado__gt=0) | Q(estado_ficha__isnull=False))
        .annotate(
            prioridad=Case(
                *(
                    When(estado_ficha=estado, then=Value(orden))
                    for estado, orden in PRIORIDAD.items()
                    if estado is not None
                ),
                default=Value(PRIORIDAD[None]),
                output_field=IntegerField(),
            ),
            tiene_aprobada=Exists(
                FichaTecnica.objects.filter(meta=OuterRef("pk"))
                .aprobadas()
                .exclude(periodo=periodo)
                .order_by()
            ),
            acumulado=Coalesce(
                Subquery(
                    FichaTecnica.objects.filter(
                        meta=OuterRef("pk"),
                        periodo__ejercicio_id=periodo.ejercicio_id,
                        periodo__numero__lte=periodo.numero,
                    )
                    .cuentan_como_avance()
                    .order_by()
                    .values("meta")
                    .annotate(s=Sum("cantidad_alcanzada"))
                    .values("s")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        # The ficha of the periodo comes with its meta, from the join above: only the
        # columns the list shows of it (a ficha has forty more).
        .select_related("dependencia", "tipo_accion", "ficha_periodo")
        .defer(*_FICHA_FUERA_DE_LA_LISTA)
        .order_by("prioridad", "dependencia__siglas", "clave")
    )


def con_ficha(metas, periodo: Periodo) -> list[Meta]:
    """The metas (a page of `metas_del_periodo(…, periodo)`) with `meta.ficha`: its ficha of
    the periodo (None without one), which knows its periodo without reading it again."""
    metas = list(metas)
    for meta in metas:
        # (Without a ficha the join's LEFT OUTER row sets nothing.)
        meta.ficha = getattr(meta, "ficha_periodo", None)
        if meta.ficha is not None:
            meta.ficha.periodo = periodo
    return metas


@dataclass
class Respuesta:
    """A dependencia's response in one periodo: metas programmed there (the fichas expected),
    how many of their fichas were submitted, submitted on time, and approved."""

    pk: int
    siglas: str
    nombre: str
    periodo_id: int
    programadas: int
    reportadas: int
    a_tiempo: int
    aprobadas: int

    @property
    def respuesta(self) -> float | None:
        """Submitted / programmed (a fraction; None when nothing was programmed)."""
        return fraccion(self.reportadas, self.programadas)


def respuestas(periodos, *, con_nombres: bool = True) -> list[Respuesta]:
    """The response of every dependencia in each of `periodos` with a meta programmed there.

    The one definition of «respuesta» (the analista's home and the report read it): the
    expected fichas are the active metas programmed (quantity > 0) in the periodo; one query,
    each programación joined to its submitted ficha of the same periodo (there is at most one).
    Named and ordered by siglas; with `con_nombres=False`, grouped by the dependencia's id
    alone, in no order and with empty siglas and nombre, for a caller that names the
    dependencias itself (the database then neither groups nor sorts by text).
    """
    periodos = list(periodos)
    a_tiempo = Q(pk__in=[])
    for p in periodos:
        a_tiempo |= Q(
            enviada__periodo_id=p.pk,
            enviada__primer_envio_en__lt=limite_de_entrega(p.fecha_limite),
        )
    nombres = (
        {"siglas": F("meta__dependencia__siglas"), "nombre": F("meta__dependencia__nombre")}
        if con_nombres
        else {}
    )
    filas = (
        Programacion.objects.filter(
            periodo__in=periodos,
            cantidad__gt=0,
            meta__activa=True,
            meta__ejercicio=F("periodo__ejercicio"),
        )
        .annotate(
            enviada=FilteredRelation(
                "meta__fichas",
                condition=Q(meta__fichas__periodo=F("periodo"))
                & ~Q(meta__fichas__estado=Estado.BORRADOR),
            )
        )
        .values("periodo_id", pk=F("meta__dependencia_id"), **nombres)
        .annotate(
            programadas=Count("pk"),
            reportadas=Count("enviada"),
            a_tiempo=Count("enviada", filter=a_tiempo),
            aprobadas=Count("enviada", filter=Q(enviada__estado=Estado.APROBADA)),
        )
        .order_by(*(("siglas", "periodo_id") if con_nombres else ()))
    )
    return [Respuesta(**{"siglas": "", "nombre": "", **fila}) for fila in filas]


def respuesta_por_dependencia(periodo: Periodo) -> list[Respuesta]:
    """Each dependencia's response in `periodo`, by siglas (the analista's home shows it on
    every visit: computed once per data revision)."""
    return revision.memorizar(
        f"fichas:respuesta-por-dependencia:{periodo.pk}",
        lambda: respuestas([periodo]),
        ejercicios=[periodo.ejercicio_id],
    )


def acumulado_aprobado(ficha: FichaTecnica) -> int:
    """Approved quantity of the meta in its ejercicio up to the ficha's periodo."""
    return (
        FichaTecnica.objects.filter(
            meta_id=ficha.meta_id,
            periodo__ejercicio_id=ficha.periodo.ejercicio_id,
            periodo__numero__lte=ficha.periodo.numero,
        )
        .cuentan_como_avance()
        .aggregate(s=Sum("cantidad_alcanzada"))["s"]
        or 0
    )
