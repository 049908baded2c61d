"""The state corte on the micrositio: every municipio's latest published version of a cut.

Only what each municipio's own public pages print: its headline recomendación figures, the
response and timeliness its dependencias' page adds up, and each recomendación's status in
force. None of them counts people, so the suppression pattern hides none of these cells; the
approval at first try and the GIM's valoración, which no public page prints, are left out.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from informes.estatal.corte import SIN_INFORME, corte_estatal, cortes_publicados, numero_de
from informes.estatal.tabla import contexto, nombre_municipio, titulares
from publico.cache import publica


def _corte(anio: int, hasta: str):
    """The state corte of a cut some municipio published, or 404."""
    numero = numero_de(hasta)
    corte = corte_estatal(anio, numero) if numero is not None else None
    if corte is None or not corte.publicados:
        raise Http404("Ningún municipio ha publicado ese corte.")
    return corte


def _pagina(request: HttpRequest, corte) -> HttpResponse:
    return render(
        request,
        "publico/estado.html",
        {**contexto(corte, publico=True), "cortes": cortes_publicados()},
    )


# The state's pages belong to no municipio: `publica(lista=True)` lets them answer in a
# deployment of several, and the municipio it passes (the only one, or None) is not used.


@publica(lista=True)
def estado(request: HttpRequest, _municipio=None) -> HttpResponse:
    cortes = cortes_publicados()
    if not cortes:
        return render(request, "publico/sin_publicar.html")
    return _pagina(request, corte_estatal(cortes[0]["anio"], cortes[0]["numero"]))


@publica(lista=True)
def estado_corte(request: HttpRequest, _municipio, anio: int, hasta: str) -> HttpResponse:
    return _pagina(request, _corte(anio, hasta))


@publica(lista=True)
def estado_csv(request: HttpRequest, _municipio, anio: int, hasta: str) -> HttpResponse:
    """One row per municipio; a municipio without a published version has empty figures."""
    corte = _corte(anio, hasta)
    columnas = titulares(publico=True)
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow(
        ["municipio", "clave", "corte", "version", "publicado", *[c for c, _t, _f in columnas]]
    )
    for fila in corte.municipios:
        inicio = [nombre_municipio(fila), fila.municipio.clave, f"{corte.anio}-{corte.clave}"]
        if not fila.publicado:
            escritor.writerow([*inicio, "", SIN_INFORME, *[""] * len(columnas)])
            continue
        escritor.writerow(
            [
                *inicio,
                fila.informe.version,
                fila.informe.publicado_en.date().isoformat(),
                *["" if fila.cifras[c] is None else fila.cifras[c] for c, _t, _f in columnas],
            ]
        )
    respuesta = HttpResponse(salida.getvalue().encode(), content_type="text/csv; charset=utf-8")
    nombre = f"corte-estatal-{corte.anio}-{corte.clave.lower()}.csv"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
