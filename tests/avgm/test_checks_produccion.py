"""Production checks: with DEBUG off, `manage.py check` names each missing setting in Spanish."""

import pytest

from avgm.plataforma import checks_produccion


@pytest.fixture
def produccion(settings, tmp_path, monkeypatch):
    """A complete production configuration; each test removes one piece."""
    settings.DEBUG = False
    settings.EMAIL_HOST = "smtp.juarez.gob.mx"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.ALLOWED_HOSTS = ["avgm.juarez.gob.mx"]
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("AVGM_PROXIES_CONFIABLES", "1")
    return settings


def ids():
    return [problema.id for problema in checks_produccion.produccion(None)]


def test_a_complete_production_configuration_passes(produccion):
    assert ids() == []


def test_nothing_is_required_in_development(settings, monkeypatch):
    settings.DEBUG = True
    settings.EMAIL_HOST = ""
    monkeypatch.delenv("AVGM_PROXIES_CONFIABLES", raising=False)
    assert ids() == []


def test_it_requires_a_mail_server(produccion):
    produccion.EMAIL_HOST = ""
    produccion.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    [problema] = checks_produccion.produccion(None)
    assert problema.id == "avgm.E101"
    assert "correo" in problema.msg


@pytest.mark.parametrize("hosts", [[], ["*"], ["avgm.juarez.gob.mx", "*"]])
def test_it_requires_named_allowed_hosts(produccion, hosts):
    produccion.ALLOWED_HOSTS = hosts
    assert ids() == ["avgm.E102"]


def test_it_requires_a_writable_media_root(produccion, tmp_path):
    carpeta = tmp_path / "solo-lectura"
    carpeta.mkdir()
    carpeta.chmod(0o500)
    produccion.MEDIA_ROOT = carpeta
    try:
        import os

        if os.access(carpeta, os.W_OK):  # root writes anywhere: use a path under a file
            (tmp_path / "archivo").write_text("x")
            produccion.MEDIA_ROOT = tmp_path / "archivo" / "media"
        assert ids() == ["avgm.E103"]
    finally:
        carpeta.chmod(0o700)


def test_it_requires_the_trusted_proxies_explicitly(produccion, monkeypatch):
    monkeypatch.delenv("AVGM_PROXIES_CONFIABLES")
    [problema] = checks_produccion.produccion(None)
    assert problema.id == "avgm.W101"
    assert "proxies" in problema.msg


def test_zero_trusted_proxies_is_a_valid_explicit_answer(produccion, monkeypatch):
    monkeypatch.setenv("AVGM_PROXIES_CONFIABLES", "0")
    assert ids() == []


def test_it_refuses_the_load_test_configuration(produccion):
    produccion.AVGM_CARGA = True
    [problema] = checks_produccion.produccion(None)
    assert problema.id == "avgm.E105"
    assert "AVGM_CARGA" in problema.msg


def test_the_check_is_registered_with_django(produccion):
    from django.core import checks

    produccion.ALLOWED_HOSTS = ["*"]
    assert "avgm.E102" in [problema.id for problema in checks.run_checks()]
