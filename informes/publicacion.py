"""The narrative of a corte, the data version of a draft, and publishing a frozen version."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from avgm.models import Recomendacion
from dependencias.models import Meta, Programacion
from fichas.models import FichaTecnica, HistorialFicha
from informes.figures import Corte, calcular
from informes.models import SECCIONES_NARRATIVA, InformePublicado, NarrativaCorte


def narrativa_de(corte: Corte) -> NarrativaCorte | None:
    return NarrativaCorte.objects.filter(ejercicio=corte.ejercicio, hasta=corte.hasta).first()


def textos_de(narrativa: NarrativaCorte | None) -> dict[str, str]:
    if narrativa is None:
        return {campo: "" for campo, _ in SECCIONES_NARRATIVA}
    return narrativa.como_dict()


@transaction.atomic
def guardar_narrativa(corte: Corte, *, usuario, textos: dict[str, str]) -> NarrativaCorte:
    narrativa, _ = NarrativaCorte.objects.get_or_create(
        ejercicio=corte.ejercicio, hasta=corte.hasta
    )
    for campo, _titulo in SECCIONES_NARRATIVA:
        setattr(narrativa, campo, textos.get(campo, "").strip())
    narrativa.actualizada_por = usuario
    narrativa.save()
    return narrativa


def ultima_publicada(corte: Corte) -> InformePublicado | None:
    return (
        InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk)
        .select_related("publicado_por")
        .order_by("-version")
        .first()
    )


def version_de_datos(corte: Corte) -> str:
    """A key that changes whenever anything a draft report shows may change (7 queries).

    Fichas carry `actualizada_en`; metas and programación do not, so their counts and sums
    stand in for them; the history catches returns; the narrative has its own timestamp.
    """
    fichas = FichaTecnica.objects.filter(meta__ejercicio=corte.ejercicio).aggregate(
        n=Count("pk"), t=Max("actualizada_en")
    )
    metas = Meta.objects.filter(ejercicio=corte.ejercicio).aggregate(
        n=Count("pk"), activas=Count("pk", filter=Q(activa=True))
    )
    prog = Programacion.objects.filter(meta__ejercicio=corte.ejercicio).aggregate(
        n=Count("pk"), s=Sum("cantidad")
    )
    historial = HistorialFicha.objects.filter(ficha__meta__ejercicio=corte.ejercicio).aggregate(
        n=Count("pk"), t=Max("fecha")
    )
    narrativa = NarrativaCorte.objects.filter(
        ejercicio=corte.ejercicio, hasta=corte.hasta
    ).aggregate(t=Max("actualizada_en"))
    # Catalog edits (vigencia, tipo, categories, links to metas, siglas) have no timestamp:
    # their counts and sums stand in for them.
    catalogo = Recomendacion.objects.aggregate(
        n=Count("pk", distinct=True),
        desde=Sum("vigente_desde"),
        hasta=Sum("vigente_hasta"),
        n_modalidades=Count("modalidades", distinct=True),
        vinculos=Count("modalidades") + Count("ejes"),
        tipos=Count("pk", filter=Q(tipo=Recomendacion.Tipo.PERMANENTE), distinct=True),
    )
    enlaces = Meta.recomendaciones.through.objects.filter(
        meta__ejercicio=corte.ejercicio
    ).aggregate(n=Count("pk"), s=Sum("recomendacion_id"))
    partes = [
        corte.ejercicio.anio, corte.hasta.clave, fichas, metas, prog, historial, narrativa,
        catalogo, enlaces, settings.AVGM_UMBRAL_ALTA_RESPUESTA, settings.AVGM_INSTITUTO,
    ]  # fmt: skip
    return hashlib.sha256(repr(partes).encode()).hexdigest()[:32]


class PublicacionSimultanea(Exception):
    """Someone else published the same version of this corte meanwhile."""


def publicar(corte: Corte, *, usuario, errata: str = "") -> InformePublicado:
    """Freeze the corte's figures, narrative, PDF (with its SHA-256) and Excel as a new version.

    The PDF renders outside any transaction (it takes seconds and would hold SQLite's write
    lock); the version number is then claimed by the unique constraint, so two analistas
    publishing at once never both win silently.
    """
    from informes.excel import generar_excel
    from informes.pdf import generar_pdf
    from informes.publico.instantanea import instantanea_publica
    from informes.reporte import con_comparacion

    anterior = InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk).aggregate(
        v=Max("version")
    )["v"]
    version = (anterior or 0) + 1
    if version > 1 and not errata.strip():
        raise ValueError("Una corrección necesita su fe de erratas.")
    figuras = con_comparacion(corte, calcular(corte))
    figuras["publico"] = instantanea_publica(corte)  # what the micrositio shows (issue 13)
    narrativa = textos_de(narrativa_de(corte))
    informe = InformePublicado(
        ejercicio=corte.ejercicio,
        hasta=corte.hasta,
        version=version,
        figuras=figuras,
        narrativa=narrativa,
        errata=errata.strip(),
        publicado_por=usuario,
        publicado_en=timezone.now(),
    )
    pdf, paginas = generar_pdf(corte, figuras, narrativa, publicado=informe)
    informe.sha256 = hashlib.sha256(pdf).hexdigest()
    informe.paginas = paginas
    informe.pdf.save("informe.pdf", ContentFile(pdf), save=False)
    informe.xlsx.save(
        "informe.xlsx", ContentFile(generar_excel(corte, figuras, narrativa)), save=False
    )
    try:
        with transaction.atomic():
            informe.save()
    except IntegrityError as exc:
        raise PublicacionSimultanea from exc
    return informe
