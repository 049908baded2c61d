"""Settings read the environment strictly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from avgm.env import env_bool, env_int


def test_env_bool_rejects_an_ambiguous_value(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG", True)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("0", False), ("True", True), ("off", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_env_int_fails_loudly(monkeypatch):
    monkeypatch.setenv("AVGM_DIAS_PLAZO_ENTREGA", "diez")
    with pytest.raises(ImproperlyConfigured):
        env_int("AVGM_DIAS_PLAZO_ENTREGA", 10)


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "es-mx"
    assert settings.TIME_ZONE == "America/Ciudad_Juarez"
