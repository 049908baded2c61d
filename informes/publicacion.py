"""The narrative of a corte and publishing a frozen version of its report."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from avgm.models import institucion_actual
from avgm.numeros import entero
from avgm.plataforma import bitacora
from avgm.texto import filas_con_formula, limpiar_texto
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from informes.divulgacion.publicadas import proteger, sin_avance_deducible
from informes.models import SECCIONES_NARRATIVA, InformePublicado, NarrativaCorte
from informes.salidas import firma
from informes.salidas.excel import generar_excel
from informes.salidas.instantanea import instantanea_publica
from informes.salidas.pdf import generar_pdf
from informes.salidas.reporte import con_comparacion


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
    antes = narrativa.como_dict()
    for campo, _titulo in SECCIONES_NARRATIVA:
        setattr(narrativa, campo, limpiar_texto(textos.get(campo, "")).strip())
    narrativa.actualizada_por = usuario
    narrativa.save()
    _registrar_narrativa(corte, narrativa, antes=antes, usuario=usuario)
    return narrativa


def _registrar_narrativa(corte: Corte, narrativa: NarrativaCorte, *, antes, usuario) -> None:
    """Every saved version goes to the bitácora, with each changed section before → after."""
    despues = narrativa.como_dict()
    cambiadas = [(c, t) for c, t in SECCIONES_NARRATIVA if antes[c] != despues[c]]
    bitacora.registrar(
        bitacora.Tipo.NARRATIVA,
        usuario=usuario,
        descripcion=f"Narrativa del corte {corte.etiqueta}"
        + ("" if cambiadas else " (guardada sin cambios)"),
        objeto=narrativa,
        antes={titulo: antes[campo] for campo, titulo in cambiadas},
        despues={titulo: despues[campo] for campo, titulo in cambiadas},
    )


def ultima_publicada(corte: Corte) -> InformePublicado | None:
    """The corte's last published version: its number, date and author (its frozen figures
    and narrative are left in the database: pages that show the version only link to it)."""
    return (
        InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk)
        .select_related("publicado_por")
        .defer("figuras", "narrativa")
        .order_by("-version")
        .first()
    )


def _registrar_publicacion(corte: Corte, informe: InformePublicado) -> None:
    correccion = informe.version > 1
    bitacora.registrar(
        bitacora.Tipo.ERRATA if correccion else bitacora.Tipo.PUBLICACION,
        usuario=informe.publicado_por,
        descripcion=f"Informe del corte {corte.etiqueta}, versión {informe.version}"
        + (" (corrección)" if correccion else ""),
        objeto=informe,
        antes={"Versión publicada": informe.version - 1} if correccion else None,
        despues={
            "Versión publicada": informe.version,
            "SHA-256 del PDF": informe.sha256,
            "Páginas": informe.paginas,
            "Firma digital": (
                f"{informe.firma['certificado']} (serie {informe.firma['serie']})"
                if informe.firma
                else "sin firma (no hay certificado configurado)"
            ),
            **({"Fe de erratas": informe.errata} if correccion else {}),
        },
    )


class PublicacionSimultanea(Exception):
    """Someone else published the same version of this corte meanwhile."""


class NombresComoFormula(Exception):
    """Names that would reach the open data start like a spreadsheet formula."""

    def __init__(self, halladas: list[str]) -> None:
        super().__init__(
            "No se publicó: estos nombres empiezan con «=», «+», «-» o «@» y una hoja de "
            "cálculo los ejecutaría como fórmula en los datos abiertos: "
            + "; ".join(halladas[:5])
            + (f" y {entero(len(halladas) - 5)} más" if len(halladas) > 5 else "")
            + ". Corríjalos en el catálogo y publique de nuevo."
        )


def proxima_version(corte: Corte) -> int:
    anterior = InformePublicado.objects.del_corte(corte.ejercicio.pk, corte.hasta.pk).aggregate(
        v=Max("version")
    )["v"]
    return (anterior or 0) + 1


def publicar(
    corte: Corte,
    *,
    usuario,
    errata: str = "",
    version: int | None = None,
    al_publicar: Callable[[InformePublicado], None] | None = None,
) -> InformePublicado:
    """Freeze the corte's figures, narrative, PDF (with its SHA-256) and Excel as a new version.

    The counts of people the micrositio shows are suppressed and audited first
    (`informes.divulgacion`): if a hidden small count could be narrowed below 5 from this
    version and the earlier ones, `PublicacionInsegura` says which cell and nothing is
    published.

    Runs in the background worker (`informes.tasks.publicar_version`). The PDF renders outside
    any transaction (it takes seconds and would hold SQLite's write lock); the version number
    is then claimed by the unique constraint, so two analistas publishing at once never both
    win silently. `version` is the number the analista confirmed: if another version took it
    meanwhile, nothing is published. `al_publicar` runs in the same transaction as the
    version's row (the worker marks its job done there).

    The files are written only once the row holds the version, under the names that version
    gives them, replacing what a run killed halfway left there: a retry leaves no duplicate.

    With a signing certificate configured the PDF is signed by the institute
    (`informes.salidas.firma`); without one it is published unsigned and says so. A
    configured certificate that cannot sign raises `firma.CertificadoInvalido` before
    anything is rendered.
    """
    siguiente = proxima_version(corte)
    if version is not None and version != siguiente:
        raise PublicacionSimultanea
    version = siguiente
    if version > 1 and not errata.strip():
        raise ValueError("Una corrección necesita su fe de erratas.")
    # The open data's CSV keeps names exact, and what is published stays published.
    if halladas := filas_con_formula():
        raise NombresComoFormula(halladas)
    figuras = con_comparacion(corte, calcular(corte))
    figuras["publico"] = instantanea_publica(corte)  # what the micrositio shows
    # Before anything is rendered: which counts of people stay hidden, audited together with
    # every earlier version of the corte; PublicacionInsegura refuses the publication.
    figuras["publico"]["supresion"] = proteger(
        corte.ejercicio.pk, corte.hasta.pk, version, figuras["publico"]
    )
    figuras = sin_avance_deducible(figuras)  # a ratio must not give a hidden count back
    narrativa = textos_de(narrativa_de(corte))
    # Before seconds of rendering: a configured certificate that cannot sign stops here.
    certificado = firma.firmante()
    informe = InformePublicado(
        ejercicio=corte.ejercicio,
        hasta=corte.hasta,
        version=version,
        figuras=figuras,
        narrativa=narrativa,
        errata=errata.strip(),
        publicado_por=usuario,
        publicado_en=timezone.now(),
        firma=(
            firma.datos_de_firma(certificado, corte.ejercicio.municipio_id) if certificado else {}
        ),
    )
    pdf, paginas = generar_pdf(corte, figuras, narrativa, publicado=informe)
    if certificado is not None:
        # The stored SHA-256 is the signed file's: «verificar» recognises what is published.
        pdf = firma.firmar(
            pdf,
            certificado,
            motivo=f"Publicación del informe de corte {corte.etiqueta}, versión {version}",
            lugar=institucion_actual(corte.ejercicio.municipio_id).municipio,
        )
    informe.sha256 = hashlib.sha256(pdf).hexdigest()
    informe.paginas = paginas
    xlsx = generar_excel(corte, figuras, narrativa, publicado=informe)
    informe.pdf.name = informe.pdf.field.generate_filename(informe, "informe.pdf")
    informe.xlsx.name = informe.xlsx.field.generate_filename(informe, "informe.xlsx")
    try:
        with transaction.atomic():
            informe.save()  # claims the version: whoever else publishes it fails here
            escritos = [_escribir(informe.pdf, pdf), _escribir(informe.xlsx, xlsx)]
            if any(escritos):
                informe.save(update_fields=["pdf", "xlsx"])
            _registrar_publicacion(corte, informe)
            if al_publicar is not None:
                al_publicar(informe)
    except IntegrityError as exc:
        raise PublicacionSimultanea from exc
    return informe


def _escribir(archivo: FieldFile, contenido: bytes) -> bool:
    """Write a just-claimed version's file at its name; True if it had to take another one.

    A file already at that name that no published row names was left by a publication killed
    before its commit: it is replaced, not kept beside the new one under a second name.
    """
    nombre = archivo.name
    ajeno = InformePublicado.objects.filter(Q(pdf=nombre) | Q(xlsx=nombre))
    if not ajeno.exclude(pk=archivo.instance.pk).exists():
        archivo.storage.delete(nombre)
    archivo.name = archivo.storage.save(nombre, ContentFile(contenido))
    return archivo.name != nombre
