"""Every draft output says what changed since the last published version of its corte: the
same rows (`informes.cifras.cambios.filas_de_cambios`), in the same order and columns (figure,
published, draft, difference) on the page, in the PDF, in the Excel and in the JSON; a
published version's outputs carry no such section."""

import datetime
import html
import io
import json
import re
import subprocess

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from avgm.models import Modalidad
from informes.cifras.cambios import cifras_comparadas, filas_de_cambios
from informes.cifras.figures import Corte, calcular
from informes.models import InformePublicado
from informes.salidas.excel import HOJA_CAMBIOS, generar_excel
from informes.salidas.formatos import como_json
from informes.salidas.json_informe import ESQUEMA, documento
from informes.salidas.pdf import generar_pdf, html_para_pdf
from informes.salidas.reporte import con_comparacion
from tests.factories import (
    DependenciaFactory,
    FichaFactory,
    MetaFactory,
    RecomendacionFactory,
    ejercicio,
    periodo,
)

pytestmark = pytest.mark.django_db

FILA = re.compile(
    r'<tr><th scope="row">(.*?)</th><td(?: class="num")?>(.*?)</td><td(?: class="num")?>(.*?)'
    r'</td><td class="num">(.*?)</td></tr>'
)


@pytest.fixture(autouse=True)
def cache_limpia():
    cache.clear()


def _publicar(corte: Corte, version: int, usuario) -> InformePublicado:
    """A published version of the corte's figures as they are now (no PDF needed here)."""
    return InformePublicado.objects.create(
        ejercicio=corte.ejercicio,
        hasta=corte.hasta,
        version=version,
        figuras=con_comparacion(corte, calcular(corte)),
        errata="" if version == 1 else "Se corrigieron fichas aprobadas por error.",
        publicado_por=usuario,
        publicado_en=datetime.datetime(2022, 7, version, 18, tzinfo=datetime.UTC),
        sha256="0" * 64,
        paginas=1,
    )


@pytest.fixture
def corte(analista) -> Corte:
    """v1, then v2 after a second dependencia's ficha is approved, then the draft moves on:
    DIF's ficha goes back to review and a third dependencia reports late."""
    ejercicio(2022)
    fisica = Modalidad.objects.create(nombre="Física", orden=1)
    r1 = RecomendacionFactory(clave="I01", modalidades=[fisica])
    r2 = RecomendacionFactory(clave="I02")
    dif = MetaFactory(dependencia=DependenciaFactory(siglas="DIF"), recomendaciones=[r1],
                      programado={1: 4, 2: 4})  # fmt: skip
    sspm = MetaFactory(dependencia=DependenciaFactory(siglas="SSPM"), recomendaciones=[r2],
                       programado={1: 10})  # fmt: skip
    ficha_dif = FichaFactory(meta=dif, estado="aprobada", cantidad_alcanzada=3)
    corte = Corte.buscar(2022, "T2")
    _publicar(corte, 1, analista)
    FichaFactory(meta=sspm, estado="aprobada", cantidad_alcanzada=6)
    _publicar(corte, 2, analista)
    ficha_dif.estado = "observada"
    ficha_dif.save()
    tarde = MetaFactory(dependencia=DependenciaFactory(siglas="IMM"), recomendaciones=[r1],
                        programado={2: 2})  # fmt: skip
    FichaFactory(meta=tarde, periodo=periodo(2022, 2), estado="enviada", cantidad_alcanzada=1)
    return corte


def _esperadas(corte: Corte) -> list[dict]:
    v2 = InformePublicado.objects.get(version=2)
    return filas_de_cambios(calcular(corte), v2.figuras)


def _de_la_tabla(texto: str, id_seccion: str) -> list[tuple[str, ...]]:
    seccion = texto[texto.index(id_seccion) :]
    tabla = seccion[seccion.index("<tbody>") : seccion.index("</tbody>")]
    return [tuple(html.unescape(c) for c in fila) for fila in FILA.findall(tabla)]


def _como_texto(filas: list[dict]) -> list[tuple[str, ...]]:
    return [
        (f["nombre"], f["publicada_texto"], f["borrador_texto"], f["diferencia_texto"])
        for f in filas
    ]


def test_the_rows_compare_every_headline_figure_and_category_and_keep_what_changed(corte):
    filas = _esperadas(corte)
    claves = [f["clave"] for f in filas]
    # The headline figures, a modalidad, a trimestre, a dependencia, a recomendación and a
    # dependencia that was not in the published version at all.
    for clave in (
        "recomendaciones.impactadas",
        "modalidades.Física.impactadas",
        "periodo.T2.fichas_reportadas",
        "dependencia.DIF.aprobacion_a_la_primera",
        "recomendacion.I01.fichas_con_avance",
        "dependencia.IMM.esperadas",
    ):
        assert clave in claves, clave
    impactadas = filas[claves.index("recomendaciones.impactadas")]
    assert (impactadas["publicada"], impactadas["borrador"], impactadas["diferencia"]) == (2, 1, -1)
    assert impactadas["diferencia_texto"] == "-1"
    avance = filas[claves.index("recomendaciones.avance")]
    assert (avance["publicada_texto"], avance["borrador_texto"]) == ("100.0 %", "50.0 %")
    assert avance["diferencia_texto"] == "-50.0 pts"
    nueva = filas[claves.index("dependencia.IMM.esperadas")]
    assert (nueva["publicada_texto"], nueva["borrador_texto"]) == ("—", "1")
    # Unchanged figures are compared but not listed.
    assert "recomendaciones.declaratoria" not in claves
    # Headline figures first, in the report's order, then the categories.
    assert claves.index("recomendaciones.avance") < claves.index("modalidades.Física.impactadas")


def test_every_row_of_every_breakdown_is_compared(corte):
    figuras = calcular(corte)
    claves = set(cifras_comparadas(figuras))
    esperadas = {f"tipo.{t['tipo']}.impactadas" for t in figuras["recomendaciones_por_tipo"]}
    esperadas |= {f"modalidades.{m['nombre']}.cobertura" for m in figuras["modalidades"]}
    esperadas |= {f"ejes.{e['nombre']}.impactadas" for e in figuras["ejes"]}
    esperadas |= {f"periodo.{p['periodo']}.fichas_aprobadas" for p in figuras["periodos"]}
    esperadas |= {
        f"tipo_accion.{t['tipo_accion']}.cumplidas" for t in figuras["metas_por_tipo_accion"]
    }
    esperadas |= {
        f"dependencia.{d['dependencia']}.oportunidad" for d in figuras["respuesta_por_dependencia"]
    }
    esperadas |= {
        f"recomendacion.{r['clave']}.avance_medio"
        for r in figuras["recomendaciones_menos_atendidas"]
    }
    esperadas |= {f"gim.conteo.{c['valoracion']}" for c in figuras["valoracion_gim"]["conteo"]}
    esperadas |= {
        "recomendaciones.declaratoria", "recomendaciones.avance", "oportunidad.fraccion",
        "aprobacion_a_la_primera.fraccion", "tiempo_de_ciclo.mediana_dias",
        "resumen.dependencias_reportaron", "dependencias_alta_respuesta",
    }  # fmt: skip
    assert esperadas <= claves, esperadas - claves


def test_the_draft_page_shows_the_rows_in_the_columns_every_output_uses(client, directivo, corte):
    client.force_login(directivo)
    pagina = client.get(reverse("informes:corte", args=[2022, "T2"])).text
    assert "Última versión publicada" in pagina and "versión 2</a>" in pagina
    encabezado = pagina[pagina.index("tabla-cambios") :]
    assert re.search(
        r"<th scope=\"col\">Cifra</th><th scope=\"col\" class=\"num\">Publicada \(versión 2\)"
        r"</th><th scope=\"col\" class=\"num\">Borrador</th><th scope=\"col\" class=\"num\">"
        r"Diferencia</th>",
        encabezado,
    )
    assert _de_la_tabla(pagina, "tabla-cambios") == _como_texto(_esperadas(corte))


def test_the_draft_pdf_prints_the_same_rows(corte):
    figuras = con_comparacion(corte, calcular(corte))
    impreso = html_para_pdf(corte, figuras, {})
    assert "Cambios desde la versión 2 publicada el 02/07/2022" in impreso
    assert _de_la_tabla(impreso, 'id="cambios-publicada"') == _como_texto(_esperadas(corte))


def test_the_draft_workbook_has_the_same_rows_right_after_the_summary(corte):
    libro = load_workbook(io.BytesIO(generar_excel(corte, calcular(corte), {})))
    assert libro.sheetnames[:2] == ["Resumen", HOJA_CAMBIOS]
    hoja = libro[HOJA_CAMBIOS]
    assert hoja["A2"].value.startswith("Cambios desde la versión 2 publicada el 02/07/2022")
    assert [c.value for c in hoja[3]] == ["Cifra", "Publicada (versión 2)", "Borrador",
                                          "Diferencia"]  # fmt: skip
    filas = [tuple(c.value for c in fila) for fila in hoja.iter_rows(min_row=4)]
    esperadas = _esperadas(corte)
    assert [f[0] for f in filas] == [f["nombre"] for f in esperadas]
    for leida, f in zip(filas, esperadas, strict=True):
        if f["tipo"] == "lista":
            assert leida[1:] == (f["publicada_texto"], f["borrador_texto"], f["diferencia_texto"])
            continue
        for valor, campo in zip(leida[1:], ("publicada", "borrador", "diferencia"), strict=True):
            assert valor == (f[campo] if f[campo] is not None else f[f"{campo}_texto"]), f
    impactadas = next(r for r in hoja.iter_rows(min_row=4) if r[0].value.startswith("Avance"))
    assert impactadas[1].number_format == "0.0%" and "pts" in impactadas[3].number_format


def test_the_draft_json_names_the_last_published_version_and_validates(corte):
    datos = json.loads(como_json(corte, calcular(corte)))
    jsonschema.validate(datos, json.loads(ESQUEMA.read_text()),
                        cls=jsonschema.Draft202012Validator)  # fmt: skip
    assert datos["estado"]["borrador"] is True
    assert datos["estado"]["version_publicada"] == 2
    assert datos["estado"]["publicado_en"].startswith("2022-07-02")
    cambios = datos["cambios_desde_publicacion"]
    assert cambios["version"] == 2
    assert cambios["filas"] == json.loads(json.dumps(_esperadas(corte)))


@pytest.mark.slow
def test_the_rendered_pdf_lists_the_rows_in_the_same_order(corte, tmp_path):
    pdf, _paginas = generar_pdf(corte, con_comparacion(corte, calcular(corte)), {})
    (tmp_path / "borrador.pdf").write_bytes(pdf)
    texto = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "borrador.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    texto = re.sub(r"\s+", " ", texto)  # a long name wraps inside its cell
    seccion = texto[texto.index("Cambios desde la versión 2") :]
    posiciones = [seccion.index(f["nombre"]) for f in _esperadas(corte)]
    assert posiciones == sorted(posiciones)


def test_a_published_version_carries_no_changes_section(client, directivo, corte):
    v2 = InformePublicado.objects.get(version=2)
    client.force_login(directivo)
    pagina = client.get(reverse("informes:publicado", args=[v2.pk])).text
    assert "cambios-publicada" not in pagina and "tabla-cambios" not in pagina
    impreso = html_para_pdf(corte, v2.figuras, {}, publicado=v2)
    assert 'id="cambios-publicada"' not in impreso and "Cambios desde" not in impreso
    libro = load_workbook(io.BytesIO(generar_excel(corte, v2.figuras, {}, publicado=v2)))
    assert HOJA_CAMBIOS not in libro.sheetnames
    datos = documento(v2.figuras, publicado=v2)
    assert "cambios_desde_publicacion" not in datos
    assert datos["estado"] == {
        "borrador": False,
        "version_publicada": 2,
        "publicado_en": v2.publicado_en.isoformat(),
    }
    jsonschema.validate(
        json.loads(json.dumps(datos, default=str)),
        json.loads(ESQUEMA.read_text()),
        cls=jsonschema.Draft202012Validator,
    )


def test_a_corte_never_published_says_so_in_every_output(client, directivo):
    ejercicio(2022)
    meta = MetaFactory(recomendaciones=[RecomendacionFactory()], programado={1: 2})
    FichaFactory(meta=meta, estado="aprobada", cantidad_alcanzada=1)
    corte = Corte.buscar(2022, "T2")
    aviso = "Este corte aún no tiene versiones publicadas"
    client.force_login(directivo)
    assert aviso in client.get(reverse("informes:corte", args=[2022, "T2"])).text
    assert aviso in html_para_pdf(corte, con_comparacion(corte, calcular(corte)), {})
    libro = load_workbook(io.BytesIO(generar_excel(corte, calcular(corte), {})))
    assert libro[HOJA_CAMBIOS]["A2"].value.startswith(aviso)
    assert libro[HOJA_CAMBIOS].max_row == 3  # title, the notice, the header: no rows
    datos = json.loads(como_json(corte, calcular(corte)))
    assert datos["cambios_desde_publicacion"] is None
    assert datos["estado"]["version_publicada"] is None
