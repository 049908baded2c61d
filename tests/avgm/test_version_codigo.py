"""A deploy never serves what the previous code cached: the caches' key prefix is a
fingerprint of the code and templates, and changes with any of them."""

from avgm import settings as configuracion
from avgm.plataforma.version_codigo import huella


def _arbol(base, tabla="<td>{{ n }}</td>"):
    (base / "templates" / "informes").mkdir(parents=True)
    (base / "templates" / "informes" / "_tabla.html").write_text(tabla)
    (base / "informes").mkdir()
    (base / "informes" / "figures.py").write_text("AVANCE = 1\n")
    return base


def test_same_code_same_prefix_on_every_server(tmp_path):
    assert huella(_arbol(tmp_path / "a")) == huella(_arbol(tmp_path / "b"))


def test_a_changed_template_or_module_changes_the_prefix(tmp_path):
    base = _arbol(tmp_path)
    antes = huella(base)
    (base / "templates" / "informes" / "_tabla.html").write_text("<td class=num>{{ n }}</td>")
    despues = huella(base)
    (base / "informes" / "figures.py").write_text("AVANCE = 2\n")
    assert len({antes, despues, huella(base)}) == 3


def test_the_shared_cache_is_keyed_by_the_deployed_code():
    # (The tests swap the caches for their own: the deployment's settings are read here.)
    prefijo = configuracion.CACHES["default"]["KEY_PREFIX"]
    assert prefijo == huella(configuracion.BASE_DIR) and len(prefijo) == 12
