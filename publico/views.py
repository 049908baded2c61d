"""The public micrositio: pages read from published, frozen versions only; no login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from avgm.numeros import fraccion
from informes.cifras import definiciones
from informes.divulgacion.supresion import ETIQUETA
from informes.models import SECCIONES_NARRATIVA
from informes.salidas import datos_abiertos as datos
from informes.salidas.charts import barras
from informes.salidas.datos_formatos import TIPOS
from publico import consultas, sitio
from publico.cache import publica
from publico.verificacion import VerificarForm, verificar_hash, verificar_pdf

# {clave: definición}, read from the one table of figure definitions.
_DEFINICIONES = {clave: d.texto for clave, d in definiciones.FIGURAS.items()}

TITULARES = ["declaratoria", "programadas", "impactadas", "avance"]


def _sin_publicar(request: HttpRequest) -> HttpResponse:
    return sitio.pagina(request, "publico/sin_publicar.html", status=200)


def _pagina_corte(request: HttpRequest, municipio, informe) -> HttpResponse:
    f = informe.figuras
    graficas = [
        barras(
            "g-modalidad", "Recomendaciones programadas e impactadas por modalidad",
            [(m["nombre"], [m["programadas"], m["impactadas"]]) for m in f["modalidades"]],
            ["Programadas", "Impactadas"],
        ),
        barras(
            "g-eje", "Recomendaciones programadas e impactadas por eje transversal",
            [(e["nombre"], [e["programadas"], e["impactadas"]]) for e in f["ejes"]],
            ["Programadas", "Impactadas"],
        ),
    ]  # fmt: skip
    return sitio.pagina(
        request,
        "publico/corte.html",
        {
            "informe": informe,
            "f": f,
            # The published narrative, section by section with its title (only what was frozen).
            "narrativa": [
                (titulo, informe.narrativa.get(campo, ""))
                for campo, titulo in SECCIONES_NARRATIVA
                if informe.narrativa.get(campo)
            ],
            "tipos": [
                {**t, "avance": fraccion(t["impactadas"], t["programadas"])}
                for t in f["recomendaciones_por_tipo"]
            ],
            "titulares": [
                (definiciones.FIGURAS[k].nombre, f["recomendaciones"][k], definiciones.texto(k), k)
                for k in TITULARES
            ],
            "definiciones": _DEFINICIONES,
            "graficas": graficas,
            "versiones": [
                i
                for i in consultas.todas(municipio)
                if i.ejercicio_id == informe.ejercicio_id and i.hasta_id == informe.hasta_id
            ],
            "cortes": consultas.vigentes(municipio),
            "libro_publico": datos.libro_publico(informe),
        },
    )


@publica(lista=True)
def inicio(request: HttpRequest, municipio) -> HttpResponse:
    if municipio is None:
        # Several municipios: each has its own micrositio, listed here.
        return sitio.pagina(
            request, "publico/municipios.html", {"municipios": consultas.por_municipio()}
        )
    informe = consultas.ultimo(municipio)
    return _pagina_corte(request, municipio, informe) if informe else _sin_publicar(request)


@publica
def corte(request: HttpRequest, municipio, anio: int, hasta: str) -> HttpResponse:
    return _pagina_corte(request, municipio, consultas.del_corte(municipio, anio, hasta))


@publica
def recomendaciones(request: HttpRequest, municipio) -> HttpResponse:
    informe = consultas.ultimo(municipio)
    if informe is None:
        return _sin_publicar(request)
    return sitio.pagina(
        request,
        "publico/recomendaciones.html",
        {
            "informe": informe,
            "recomendaciones": datos.recomendaciones(informe),
            "estados": datos.ESTADOS,
        },
    )


@publica
def recomendacion(request: HttpRequest, municipio, clave: str) -> HttpResponse:
    por_corte = []
    for informe in consultas.vigentes(municipio):
        rec = next((r for r in datos.recomendaciones(informe) if r["clave"] == clave), None)
        if rec is not None:
            por_corte.append((informe, rec))
    if not por_corte:
        raise Http404("No existe esa recomendación en los informes publicados.")
    informe, rec = por_corte[-1]
    return sitio.pagina(
        request,
        "publico/recomendacion.html",
        {"informe": informe, "rec": rec, "por_corte": por_corte, "estados": datos.ESTADOS},
    )


@publica
def dependencias(request: HttpRequest, municipio) -> HttpResponse:
    informe = consultas.ultimo(municipio)
    if informe is None:
        return _sin_publicar(request)
    return sitio.pagina(
        request,
        "publico/dependencias.html",
        {
            "informe": informe,
            "filas": informe.figuras["respuesta_por_dependencia"],
            "definiciones": _DEFINICIONES,
        },
    )


@publica
def dependencia(request: HttpRequest, municipio, siglas: str) -> HttpResponse:
    por_corte = []
    for informe in consultas.vigentes(municipio):
        fila = next(
            (d for d in informe.figuras["respuesta_por_dependencia"] if d["dependencia"] == siglas),
            None,
        )
        if fila is None:
            continue
        metas = [
            datos.para_mostrar(m)
            for m in datos.metas_con_supresion(informe) or []
            if m["dependencia"] == siglas
        ]
        periodos = [
            (p, fila["detalle"][p["periodo"]], fila["periodos"][p["periodo"]])
            for p in informe.figuras["corte"]["periodos"]
        ]
        por_corte.append({"informe": informe, "fila": fila, "periodos": periodos, "metas": metas})
    if not por_corte:
        raise Http404("Esa dependencia no aparece en los informes publicados.")
    return sitio.pagina(
        request,
        "publico/dependencia.html",
        {
            "nombre": por_corte[-1]["fila"]["nombre"],
            "siglas": siglas,
            "por_corte": por_corte,
            "definiciones": _DEFINICIONES,
            "etiqueta": ETIQUETA,
        },
    )


@publica
def serie(request: HttpRequest, municipio) -> HttpResponse:
    cortes = consultas.vigentes(municipio)
    filas = [(i, i.figuras["recomendaciones"]) for i in cortes]
    grafica = barras(
        "g-serie", "Recomendaciones programadas e impactadas por corte publicado",
        [(i.etiqueta, [r["programadas"], r["impactadas"]]) for i, r in filas],
        ["Programadas", "Impactadas"],
    )  # fmt: skip
    avance = barras(
        "g-serie-avance", "Avance por corte publicado (impactadas / programadas)",
        [(i.etiqueta, [r["avance"]]) for i, r in filas], ["Avance"], porcentaje=True,
    )  # fmt: skip
    return sitio.pagina(
        request,
        "publico/serie.html",
        {"filas": filas, "graficas": [grafica, avance], "definiciones": _DEFINICIONES},
    )


@publica
def archivo(request: HttpRequest, municipio) -> HttpResponse:
    informes = consultas.todas(municipio)
    con_libro = {i.pk for i in informes if datos.libro_publico(i)}
    return sitio.pagina(
        request, "publico/archivo.html", {"informes": informes, "con_libro": con_libro}
    )


@publica(en_servidor=False)
def pdf(request: HttpRequest, municipio, pk: int) -> FileResponse:
    informe = consultas.publicado(municipio, pk)
    nombre = f"informe-de-corte-{datos.clave_corte(informe)}-v{informe.version}.pdf"
    return FileResponse(informe.pdf.open("rb"), content_type="application/pdf", filename=nombre)


@publica(en_servidor=False)
def xlsx(request: HttpRequest, municipio, pk: int) -> FileResponse:
    informe = consultas.publicado(municipio, pk)
    if not datos.libro_publico(informe):
        raise Http404(
            "El micrositio no ofrece el Excel de esta versión: se congeló con fichas que el IMM "
            "no había revisado. Sus cifras, su PDF y sus datos abiertos siguen disponibles."
        )
    nombre = f"informe-de-corte-{datos.clave_corte(informe)}-v{informe.version}.xlsx"
    return FileResponse(
        informe.xlsx.open("rb"), as_attachment=True, filename=nombre, content_type=TIPOS["xlsx"]
    )


@login_not_required
def verificar(request: HttpRequest, municipio: str | None = None) -> HttpResponse:
    """Upload a PDF or paste its SHA-256: is it an authentic published version? Changes nothing.

    Any municipio's version is found, and the answer says whose it is; the page itself is in
    the frame of the micrositio it was reached from (none on the bare address of several)."""
    request.municipio_publico = sitio.municipio_de(municipio)
    resultado = None
    if request.method == "POST":
        form = VerificarForm(request.POST, request.FILES)
        if form.is_valid():
            archivo_pdf = form.cleaned_data.get("pdf")
            resultado = (
                verificar_pdf(archivo_pdf)
                if archivo_pdf
                else verificar_hash(form.cleaned_data["sha256"])
            )
    elif request.GET.get("sha256"):
        form = VerificarForm(request.GET)
        if form.is_valid():
            resultado = verificar_hash(form.cleaned_data["sha256"])
    else:
        form = VerificarForm()
    return sitio.pagina(request, "publico/verificar.html", {"form": form, "resultado": resultado})


@publica(en_servidor=False)
def logo(request: HttpRequest, municipio) -> FileResponse:
    inst = municipio.institucion
    if not inst.logo:
        raise Http404("Sin logotipo.")
    return FileResponse(inst.logo.open("rb"))
