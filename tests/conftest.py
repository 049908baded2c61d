"""Shared personas (the permission ladder) and fixtures, and the demo loaded once."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from avgm.plataforma import roles
from tests.factories import DependenciaFactory, EnlaceFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _nada_en_el_checkout(tmp_path_factory):
    """Tests never write into the checkout: media and report caches live in a temporary
    folder for the whole session, before any session-scoped fixture (the demo) runs."""
    raiz = tmp_path_factory.mktemp("avgm-var")
    with override_settings(MEDIA_ROOT=raiz / "media", AVGM_CACHE_INFORMES=raiz / "cache"):
        yield


@pytest.fixture(autouse=True)
def renders_en_la_peticion(settings):
    """Tasks run inside the request that queues them (the immediate backend);
    tests/informes/test_informe_render.py runs the real database backend and `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def dependencia_a(db):
    """The dependencia whose data the tests look at."""
    return DependenciaFactory(siglas="DIF", nombre="Desarrollo Integral de la Familia")


@pytest.fixture
def dependencia_b(db):
    """Another dependencia: its enlace must never see dependencia_a's data."""
    return DependenciaFactory(siglas="SSPM", nombre="Secretaría de Seguridad Pública Municipal")


@pytest.fixture
def enlace_a(dependencia_a):
    """Enlace of dependencia A."""
    return EnlaceFactory(usuario__username="enlace_a", dependencia=dependencia_a).usuario


@pytest.fixture
def enlace_b(dependencia_b):
    """Enlace of dependencia B (an outsider to A's data)."""
    return EnlaceFactory(usuario__username="enlace_b", dependencia=dependencia_b).usuario


@pytest.fixture
def analista(db):
    """IMM statistics staff: reviews everything."""
    return UserFactory(username="analista", rol=roles.ANALISTA)


@pytest.fixture
def directivo(db):
    """Read-only director."""
    return UserFactory(username="directivo", rol=roles.DIRECTIVO)


@pytest.fixture
def administrador(db):
    """Keeps accounts (Django admin); not a superuser, reads no seguimiento data."""
    return UserFactory(username="administrador", rol=roles.ADMINISTRADOR)


# --- Fichas workflow ---


@pytest.fixture
def media_tmp(settings, tmp_path):
    """Uploaded evidence goes to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meta_a(dependencia_a):
    """A meta of dependencia A programmed 10 in T1 and 5 in T2 of 2022."""
    from tests.factories import MetaFactory

    return MetaFactory(clave="DIF-01", dependencia=dependencia_a, programado={1: 10, 2: 5})


@pytest.fixture
def ficha_a(meta_a, enlace_a):
    """A borrador of meta_a in T1, filled so it can be submitted."""
    from tests.factories import FichaFactory

    return FichaFactory(
        meta=meta_a,
        creada_por=enlace_a,
        cantidad_alcanzada=10,
        actividades="Taller de sensibilización con personal de guardia.",
        lugar="Sector Centro",
    )


# --- Publishing ---


@pytest.fixture
def publicar_sin_pdf(monkeypatch):
    """Publishing skips the PDF render: the version gets a one-page stand-in file. For tests
    that read a version's figures, pages or workbook, not its PDF (the real render is tested
    in test_informe_publicacion and test_informe_formatos)."""
    monkeypatch.setattr("informes.publicacion.generar_pdf", lambda *a, **k: (b"%PDF-1.7", 1))


# What a published report's HTML stamps with the time of its publication: document metadata
# (the PDF's dates), which the layout does not depend on.
_FECHAS_DEL_DOCUMENTO = re.compile(r'(<meta name="dcterms\.(?:created|modified)" content=")[^"]*"')


@pytest.fixture(scope="session", autouse=True)
def _cada_pdf_una_vez():
    """WeasyPrint lays out each distinct HTML once per session: the same HTML with the same
    base URL gives the same PDF, and many tests publish the same small scenario (the
    micrositio's tests, sixteen times the same report). HTML that differs only in its
    dcterms dates (the time of publication) shares the layout and keeps its own metadata, as
    WeasyPrint reads it from that HTML; a different HTML, even by one figure or the version
    number, is laid out for real."""
    import weasyprint
    from weasyprint.document import DocumentMetadata
    from weasyprint.html import get_html_metadata

    maquetados: dict[str, weasyprint.Document] = {}
    hechos: dict[str, _DocumentoUnaVez] = {}

    class HTMLUnaVez(weasyprint.HTML):
        def __init__(self, *args, string=None, **kwargs):
            self._clave = None
            if string is not None and not args:
                self._clave = f"{kwargs}\0{string}"
            super().__init__(*args, string=string, **kwargs)

        def render(self, *args, **kwargs):
            if self._clave is None or args or kwargs:
                return super().render(*args, **kwargs)
            clave = hashlib.sha256(self._clave.encode()).hexdigest()
            if clave not in hechos:
                sin_fechas = _FECHAS_DEL_DOCUMENTO.sub(r'\1"', self._clave)
                maqueta = hashlib.sha256(sin_fechas.encode()).hexdigest()
                if maqueta not in maquetados:
                    maquetados[maqueta] = super().render()
                documento = maquetados[maqueta].copy()
                documento.metadata = DocumentMetadata(**get_html_metadata(self))
                hechos[clave] = _DocumentoUnaVez(documento)
            return hechos[clave]

    parche = pytest.MonkeyPatch()
    parche.setattr(weasyprint, "HTML", HTMLUnaVez)
    yield
    parche.undo()


class _DocumentoUnaVez:
    """A laid-out document whose PDF bytes are written once."""

    def __init__(self, documento):
        self._documento = documento
        self.pages = documento.pages
        self._pdf = None

    def write_pdf(self, *args, **kwargs):
        if args or kwargs:
            return self._documento.write_pdf(*args, **kwargs)
        if self._pdf is None:
            self._pdf = self._documento.write_pdf()
        return self._pdf

    def __getattr__(self, nombre):
        return getattr(self._documento, nombre)


@pytest.fixture(autouse=True)
def _sin_certificado_de_firma(settings):
    """Reports are published unsigned unless a test configures a certificate
    (tests/informes/test_firma.py): neither a developer's AVGM_FIRMA_PKCS12 nor the demo's
    generated certificate changes what the suite publishes."""
    settings.AVGM_FIRMA_PKCS12 = ""
    settings.AVGM_FIRMA_CLAVE = ""
    settings.AVGM_FIRMA_DEMO = False
    settings.AVGM_FIRMA_TSA = ""


@pytest.fixture(autouse=True)
def _hasher_rapido(settings):
    """Personas are created per test: hash their passwords quickly (not a security setting)."""
    # PBKDF2 stays accepted for data loaded before this fixture (the session's demo).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _caches_temporales(settings, tmp_path):
    """Tests never write into the checkout: the report's disk cache (draft PDFs, render
    locks) lives in a temporary folder, and the in-memory cache starts empty (its keys use
    the data revision, which stays put while on_commit callbacks do not run)."""
    from django.core.cache import caches

    settings.AVGM_CACHE_INFORMES = tmp_path / "cache-informes"
    # The portal's shared cache is a database table; tests that do not touch the database
    # use memory (tests/demo/test_bench_cache.py covers the database cache itself).
    memoria = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": memoria, "LOCATION": "pruebas-default"},
        "local": {"BACKEND": memoria, "LOCATION": "pruebas-local"},
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


# --- The Juárez demo, loaded once per session (per xdist worker) ---
#
# The demo (without its published versions and without the invented second municipio:
# `demo --sin-publicar --solo-juarez`) is loaded into the test database inside a transaction that stays open while the tests that use it run; each of them
# nests its own transaction in it (pytest-django's `db`, a savepoint rolled back after the
# test), and the demo itself is rolled back after the last of them. No other test may run in
# between: one would see the demo's rows, and a transactional test would flush them. So the
# tests that use it are sorted to the end of the database tests (before the transactional
# ones, which pytest-django puts after them), and `pytest_runtest_teardown` closes the
# transaction as soon as the next test does not use the demo.


class _DemoAbierta:
    """The open transaction that holds the demo, and how to roll it back."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomico = None
        self.salida = ""

    @property
    def abierta(self) -> bool:
        return self.atomico is not None

    def abrir(self) -> None:
        with self.blocker.unblock():
            self.atomico = transaction.atomic()
            self.atomico.__enter__()
            try:
                salida = StringIO()
                with override_settings(DEBUG=True):  # the demo refuses to load in production
                    call_command("demo", "--sin-publicar", "--solo-juarez", stdout=salida)
            except BaseException:
                self.cerrar()
                raise
        self.salida = salida.getvalue()

    def cerrar(self) -> None:
        if self.atomico is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomico.__exit__(None, None, None)
        self.atomico = None


_DEMO: list[_DemoAbierta] = []  # the session's, once a test asked for it


def _usa_demo(item) -> bool:
    return "_demo_en_transaccion" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def _demo_en_transaccion(django_db_setup, django_db_blocker):
    """The demo in its open transaction (see above); use `demo_cargada` or `informe_demo`."""
    demo = _DemoAbierta(django_db_blocker)
    demo.abrir()
    _DEMO.append(demo)
    yield demo
    demo.cerrar()


def _abierta(demo: _DemoAbierta) -> _DemoAbierta:
    if not demo.abierta:
        pytest.fail(
            "The session's demo was already rolled back: the tests that use it must run "
            "together (tests/conftest.py sorts them; was the order changed?)."
        )
    return demo


@pytest.fixture
def demo_cargada(_demo_en_transaccion, db) -> str:
    """The Juárez Ene–Jun 2022 demo without its published versions (what `manage.py demo
    --sin-publicar` prints is the value), loaded once per session; what a test changes is
    rolled back after it."""
    return _abierta(_demo_en_transaccion).salida


@pytest.fixture(scope="session")
def informe_demo(_demo_en_transaccion, django_db_blocker) -> dict:
    """The demo's Ene–Jun 2022 draft report rendered once per session: its figures and its
    HTML, PDF and Excel bytes (the PDF is the expensive part)."""
    from informes.cifras.figures import Corte, calcular
    from informes.salidas.formatos import FORMATOS

    _abierta(_demo_en_transaccion)
    with django_db_blocker.unblock(), transaction.atomic():
        corte = Corte.buscar(2022, "T2")
        figuras = calcular(corte)
        informe = {f: FORMATOS[f](corte, dict(figuras)) for f in ("html", "pdf", "xlsx")}
        transaction.set_rollback(True)  # rendering leaves the demo as it found it
    return {**informe, "figuras": figuras}


APARTE = ("e2e", "produccion")  # their own invocations (Makefile): never in a plain `pytest`


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Leave the browser and production tests to their own invocations, unless `-m` names
    them; put the demo's tests last (stable sort). This runs before pytest-django's own
    (stable) sort by kind, so they end up last among the database tests."""
    expresion = config.getoption("markexpr") or ""
    aparte = [m for m in APARTE if not re.search(rf"\b{m}\b", expresion)]
    fuera = [i for i in items if any(i.get_closest_marker(m) for m in aparte)]
    if fuera:
        config.hook.pytest_deselected(items=fuera)
        items[:] = [i for i in items if not any(i.get_closest_marker(m) for m in aparte)]
    for item in items:
        _restaura_lo_inicial(item)
    items.sort(key=_usa_demo)


def _restaura_lo_inicial(item) -> None:
    """Every test that commits (transactional) gets the database's initial rows back.

    Such a test empties the database when it ends; without serialized rollback Django then
    re-runs post_migrate, which recreates role groups under new ids, and the next test that
    reloads the initial rows (serialized rollback) collides with them. Reloading the initial
    rows for every committing test keeps catalogs, roles and review codes as migrations left
    them, whatever the order."""
    marca = item.get_closest_marker("django_db")
    comprometida = (marca is not None and marca.kwargs.get("transaction")) or any(
        f in item.fixturenames for f in ("transactional_db", "live_server")
    )
    if comprometida and "django_db_serialized_rollback" not in item.fixturenames:
        item.fixturenames.append("django_db_serialized_rollback")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo back once the next test does not use it (or none is left)."""
    resultado = yield
    if _DEMO and (nextitem is None or not _usa_demo(nextitem)):
        _DEMO[0].cerrar()
    return resultado
