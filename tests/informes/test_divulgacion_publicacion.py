"""Publishing chooses and audits what the micrositio hides; a version that fails is refused."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from informes.cifras.figures import Corte
from informes.divulgacion.supresion import ETIQUETA
from informes.models import InformePublicado, Render
from informes.publicacion import publicar
from tests.factories import DependenciaFactory, FichaFactory, MetaFactory, ejercicio, periodo

pytestmark = pytest.mark.django_db

PUBLICAR = reverse("informes:publicar", args=[2022, "T2"])
CSV_V1 = reverse(
    "publico:archivo_datos",
    kwargs={
        "corte": "2022-t2",
        "version": 1,
        "archivo": "metas-por-dependencia-y-tipo-de-accion-2022-t2-v1.csv",
    },
)


@pytest.fixture(autouse=True)
def archivos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"


@pytest.fixture(autouse=True)
def cache_limpia():
    cache.clear()


def atenciones(siglas: str, mujeres: int, hombres: int = 0):
    """An approved T1 ficha of a new meta of `siglas` with these atenciones."""
    ejercicio(2022)
    dependencia = DependenciaFactory(siglas=siglas)
    meta = MetaFactory(dependencia=dependencia, programado={1: 5})
    return FichaFactory(
        meta=meta,
        periodo=periodo(2022, 1),
        estado="aprobada",
        cantidad_alcanzada=5,
        mujeres_18_29=mujeres,
        hombres_18_29=hombres,
    )


def _filas_csv(client, url: str) -> list[dict]:
    encabezado, *filas = (linea.split(",") for linea in client.get(url).text.splitlines())
    return [dict(zip(encabezado, fila, strict=True)) for fila in filas]


def test_publishing_freezes_the_hidden_cells_and_the_data_show_exactly_those(client, analista):
    dif = atenciones("DIF", mujeres=3, hombres=40)
    atenciones("SSPM", mujeres=25, hombres=12)
    v1 = publicar(Corte.buscar(2022, "T2"), usuario=analista)
    congelada = v1.figuras["publico"]["supresion"]
    assert congelada["etiqueta"] == ETIQUETA
    ocultas = {tuple(k) for k in congelada["ocultas"]}
    assert ("DIF", dif.meta.tipo_accion.nombre, "mujeres") in ocultas

    columnas = {"mujeres": "atenciones_mujeres", "hombres": "atenciones_hombres"}
    for fila in _filas_csv(client, CSV_V1):
        dependencia = "*" if fila["dependencia"] == "TOTAL" else fila["dependencia"]
        for columna, campo in columnas.items():
            oculta = any(k[0] == dependencia and k[2] == columna for k in ocultas)
            assert (fila[campo] == ETIQUETA) == oculta, (fila["dependencia"], campo)
    assert "3" not in {f["atenciones_mujeres"] for f in _filas_csv(client, CSV_V1)}


def test_a_correction_the_audit_refuses_is_not_published_and_says_which_cell(client, analista):
    """v1: DIF 5 women. The correction splits them, DIF 2 and SSPM 3: v1's TOTAL row (5 in
    both versions) already tells anyone that the two hidden counts add up to 5."""
    dif = atenciones("DIF", mujeres=5)
    publicar(Corte.buscar(2022, "T2"), usuario=analista)
    dif.mujeres_18_29 = 2
    dif.save()
    atenciones("SSPM", mujeres=3)

    client.force_login(analista)
    errata = "Tres atenciones eran de SSPM."
    respuesta = client.post(
        PUBLICAR, {"confirmar": "1", "version": "2", "errata": errata}, follow=True
    )
    assert InformePublicado.objects.count() == 1  # nothing of version 2 exists
    render = Render.objects.get(formato=Render.Formato.PUBLICACION)
    assert render.estado == Render.Estado.ERROR
    texto = respuesta.content.decode()
    assert "No se pudo publicar la versión 2" in texto
    assert "la revisión de confidencialidad de las cifras falló" in texto
    tipo = dif.meta.tipo_accion.nombre
    assert f"fila «DIF — {tipo}», columna «atenciones a mujeres»" in texto
    assert "Reintentar" not in texto  # the same data would be refused again


def test_a_version_published_before_patterns_were_frozen_is_shown_with_this_rule(client, analista):
    atenciones("DIF", mujeres=3, hombres=40)
    atenciones("SSPM", mujeres=25, hombres=12)
    v1 = publicar(Corte.buscar(2022, "T2"), usuario=analista)
    congelada = _filas_csv(client, CSV_V1)
    # As an older deployment left it: the snapshot without its pattern.
    figuras = v1.figuras
    del figuras["publico"]["supresion"]
    InformePublicado.objects.filter(pk=v1.pk).update(figuras=figuras)
    cache.clear()  # the stamp does not see an update no deployment ever makes
    assert _filas_csv(client, CSV_V1) == congelada
