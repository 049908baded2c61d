"""WCAG 2.1 AA with axe-core in a deployment with two municipios, the second made up: what
only such a deployment shows (the «Municipio de demostración» banner, the Coordinación
estatal's municipio selector, the state corte, the micrositio's list of municipios and the
state's public page) has no serious or critical violation at desktop and phone width, and
the banner is on the made-up municipio's pages and on no page of the real one.

Screenshots of every page at both widths go to /tmp/a11ymun/ to look at."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from avgm.models import AVISO_DEMOSTRACION, Adscripcion
from avgm.plataforma import roles
from fichas.models import FichaTecnica
from informes.cifras.corte import Corte
from informes.publicacion import publicar
from tests.e2e import axe
from tests.e2e.axe import AXE, PANTALLAS, a_ancho, en_cada_ancho, entrar
from tests.factories import UserFactory, ejercicio, municipio_principal, periodo
from tests.informes.test_estatal import borrador_chihuahua
from tests.publico.test_publico_vistas import escenario

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Pages axe can be injected into, in place of the suite's `abrir` (tests/e2e/axe.py).
abrir = axe.abrir

FOTOS = Path("/tmp/a11ymun")
ANCHOS = tuple(ancho for ancho, _ in PANTALLAS.values())


@pytest.fixture
def dos_municipios(settings, tmp_path, publicar_sin_pdf, dependencia_a, enlace_a, analista):
    """Juárez and Chihuahua, made up (`demostracion`), each with its corte Ene–Jun 2022
    published (the pages read the versions' figures, not their PDFs)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AVGM_CACHE_INFORMES = tmp_path / "cache"
    escenario(dependencia_a, enlace_a)
    demo = borrador_chihuahua()
    demo.demostracion = True
    demo.save()
    for m in (municipio_principal(), demo):
        publicar(Corte.de(ejercicio(2022, m), periodo(2022, 2, m)), usuario=analista)
    return municipio_principal(), demo


def _aviso_a_la_vista(pagina, aviso: bool) -> None:
    """The made-up municipio's notice is on the page, visible, or nowhere on it."""
    if aviso:
        expect(pagina.get_by_text(AVISO_DEMOSTRACION).first).to_be_visible()
    else:
        expect(pagina.get_by_text(AVISO_DEMOSTRACION)).to_have_count(0)


def test_pages_of_several_municipios_have_no_serious_accessibility_violation(
    abrir, live_server, dos_municipios
):
    assert AXE.exists(), "make install (npm ci) installs axe-core"
    juarez, demo = dos_municipios
    FOTOS.mkdir(parents=True, exist_ok=True)
    analista_demo = UserFactory(username="analista.demo", rol=roles.ANALISTA)
    Adscripcion.objects.create(usuario=analista_demo, municipio=demo)
    coordinacion = UserFactory(username="coordinacion", rol=roles.COORDINACION)
    ficha = FichaTecnica.objects.filter(meta__dependencia__municipio=demo).first()
    paginas = {rol: abrir(*PANTALLAS["escritorio"]) for rol in ("demo", "estado", "publico")}
    entrar(paginas["demo"], live_server, analista_demo)
    entrar(paginas["estado"], live_server, coordinacion)
    corte = [2022, "T2"]
    # (who, address, whether the made-up municipio's notice shows, screenshot name)
    recorrido = [
        ("demo", reverse("inicio"), True, "analista-demo-inicio"),
        ("demo", reverse("fichas:ficha", args=[ficha.pk]), True, "analista-demo-ficha"),
        ("estado", reverse("inicio"), False, "coordinacion-inicio"),
        ("estado", reverse("informes:estatal_corte", args=corte), True, "coordinacion-estatal"),
        ("publico", reverse("publico:inicio"), True, "publico-municipios"),
        ("publico", reverse("publico:estado"), True, "publico-estado"),
        ("publico", reverse("publico:m:inicio", args=[demo.clave]), True, "publico-demo-inicio"),
        ("publico", reverse("publico:m:inicio", args=[juarez.clave]), False, "publico-juarez"),
    ]
    encontradas, visitas = [], []

    def revisar(pagina, foto: str, aviso: bool) -> list[str]:
        """axe at both widths (as loaded, then resized), the notice seen or not at each."""
        _aviso_a_la_vista(pagina, aviso)
        halladas = en_cada_ancho(pagina, visitas, str(FOTOS / foto), ANCHOS)
        _aviso_a_la_vista(pagina, aviso)
        return halladas

    for rol, url, aviso, foto in recorrido:
        pagina = paginas[rol]
        a_ancho(pagina, *PANTALLAS["escritorio"])
        respuesta = pagina.goto(f"{live_server.url}{url}")
        assert respuesta.status == 200, f"{url} como {rol}: {respuesta.status}"
        if rol == "estado":  # the Coordinación's selector, in the nav on a desktop
            expect(pagina.get_by_role("combobox", name="Municipio")).to_be_visible()
        encontradas += revisar(pagina, foto, aviso)

    # The Coordinación's selector, then the made-up municipio it chose: now its notice shows.
    estado = paginas["estado"]
    a_ancho(estado, *PANTALLAS["escritorio"])
    estado.goto(f"{live_server.url}{reverse('informes:estatal_corte', args=corte)}")
    estado.get_by_role("combobox", name="Municipio").select_option(label=demo.nombre)
    estado.get_by_role("button", name="Ver", exact=True).click()
    expect(estado.get_by_text(f"Ahora consulta el seguimiento de {demo.nombre}.")).to_be_visible()
    assert estado.goto(f"{live_server.url}{reverse('inicio')}").status == 200
    encontradas += revisar(estado, "coordinacion-eligio-demo", True)
    # On a phone the selector is in the collapsed menu: opened, it is checked too.
    estado.get_by_role("button", name="Mostrar menú").click()
    expect(estado.get_by_role("combobox", name="Municipio")).to_be_visible()
    encontradas += axe.violaciones(estado)
    visitas.append(estado.url)
    estado.screenshot(path=str(FOTOS / "coordinacion-menu-390.png"), full_page=True)

    print(f"\n{len(visitas)} páginas revisadas; fotos en {FOTOS}/")
    print("\n".join(encontradas))
    assert not encontradas, "\n".join(encontradas)
