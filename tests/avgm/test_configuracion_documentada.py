"""Every environment variable the settings read is a row of the README's configuration table,
with its default and what it is for; and every row names a variable something reads."""

import ast
import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
LECTORES = {"env_str", "env_bool", "env_int", "env_float", "env_list"}
TITULO = "## Configuración (variables de entorno)"


def _es_os(nodo: ast.AST, atributo: str) -> bool:
    """Whether `nodo` is `os.<atributo>`."""
    return (
        isinstance(nodo, ast.Attribute)
        and nodo.attr == atributo
        and isinstance(nodo.value, ast.Name)
        and nodo.value.id == "os"
    )


def _lee_el_entorno(funcion: ast.AST) -> bool:
    """env_*(...), os.environ.get(...) or os.getenv(...)."""
    if isinstance(funcion, ast.Name):
        return funcion.id in LECTORES
    return _es_os(funcion, "getenv") or (
        isinstance(funcion, ast.Attribute)
        and funcion.attr == "get"
        and _es_os(funcion.value, "environ")
    )


def _nombre_leido(nodo: ast.AST) -> str | None:
    """The variable name of env_*("X", ...), os.environ.get("X"), os.getenv("X") or
    os.environ["X"]; None for anything else."""
    argumento = None
    if isinstance(nodo, ast.Call) and nodo.args and _lee_el_entorno(nodo.func):
        argumento = nodo.args[0]
    elif isinstance(nodo, ast.Subscript) and _es_os(nodo.value, "environ"):
        argumento = nodo.slice
    if isinstance(argumento, ast.Constant) and isinstance(argumento.value, str):
        return argumento.value
    return None


def variables_leidas() -> set[str]:
    arbol = ast.parse((RAIZ / "avgm" / "settings.py").read_text(encoding="utf-8"))
    return {nombre for nodo in ast.walk(arbol) if (nombre := _nombre_leido(nodo))}


def filas_del_readme() -> dict[str, tuple[str, str]]:
    """Each variable named in the table's first column -> (default, meaning)."""
    texto = (RAIZ / "README.md").read_text(encoding="utf-8")
    seccion = texto.split(TITULO, 1)[1].split("\n## ", 1)[0]
    filas = {}
    for linea in seccion.splitlines():
        celdas = [c.strip() for c in linea.strip().strip("|").split("|")]
        if not linea.startswith("|") or len(celdas) != 3 or set(celdas[1]) <= {"-"}:
            continue
        for nombre in re.findall(r"`([A-Z][A-Z0-9_]*)`", celdas[0]):
            filas[nombre] = (celdas[1], celdas[2])
    return filas


def test_the_parser_finds_what_the_settings_read():
    # A floor, so that a parser that finds nothing cannot pass the test below.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "AVGM_PROXIES_CONFIABLES"} <= variables_leidas()
    assert len(variables_leidas()) > 30


@pytest.mark.parametrize("nombre", sorted(variables_leidas()))
def test_each_variable_the_settings_read_is_documented(nombre):
    filas = filas_del_readme()
    assert nombre in filas, f"{nombre} falta en la tabla «{TITULO[3:]}» del README"
    por_omision, uso = filas[nombre]
    assert por_omision and uso, f"{nombre}: la fila necesita valor por omisión y uso"


def test_each_documented_variable_is_read_by_the_settings_or_the_deployment():
    despliegue = "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((RAIZ / "deploy").rglob("*"))
        if p.is_file() and p.suffix in {".py", ".service", ".in"}
    )
    sin_lector = [
        nombre
        for nombre in filas_del_readme()
        if nombre not in variables_leidas() and nombre not in despliegue
    ]
    assert sin_lector == []


@pytest.mark.parametrize("ejemplo", [".env.example", "deploy/avgm.env.example"])
def test_each_variable_of_the_example_environment_files_is_documented(ejemplo):
    # Commented lines too: an operator uncomments them as they are.
    nombres = re.findall(
        r"^#? ?([A-Z][A-Z0-9_]*)=", (RAIZ / ejemplo).read_text(encoding="utf-8"), re.MULTILINE
    )
    assert nombres
    assert sorted(set(nombres) - set(filas_del_readme())) == []
