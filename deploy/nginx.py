#!/usr/bin/env python3
"""Write the nginx site of Seguimiento AVGM from the environment file.

    python3 deploy/nginx.py /etc/avgm/avgm.env > /etc/nginx/sites-available/avgm

nginx reads no environment, so the per-site values (domain, certificate, gunicorn address,
static folder, upload limit) are filled in here from the same file the systemd units read.
Standard library only; the smoke test (tests/test_humo.py) writes its nginx config with it.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

PLANTILLA = Path(__file__).with_name("nginx-avgm.conf.in")
# Evidence files are capped at 10 MB (AVGM_EVIDENCIA_TAMANO_MAXIMO in avgm/settings.py).
EVIDENCIA_MB = 10
OBLIGATORIAS = ("AVGM_DOMINIO", "AVGM_TLS_CERTIFICADO", "AVGM_TLS_CLAVE", "AVGM_GUNICORN")


def leer_entorno(ruta: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile reads them (comments, optional quotes)."""
    valores = {}
    for linea in ruta.read_text(encoding="utf-8").splitlines():
        linea = linea.strip()
        if not linea or linea.startswith("#") or "=" not in linea:
            continue
        clave, valor = linea.split("=", 1)
        valor = valor.strip()
        if len(valor) >= 2 and valor[0] == valor[-1] and valor[0] in "\"'":
            valor = valor[1:-1]
        valores[clave.strip()] = valor
    return valores


def sitio(entorno: dict[str, str]) -> str:
    faltan = [clave for clave in OBLIGATORIAS if not entorno.get(clave)]
    if faltan:
        raise SystemExit(f"Faltan en el archivo de entorno: {', '.join(faltan)}")
    var = entorno.get("AVGM_VAR_DIR", "/srv/avgm/var").rstrip("/")
    importacion_mb = int(entorno.get("AVGM_IMPORTACION_TAMANO_MAXIMO_MB") or 5)
    https = entorno.get("AVGM_ESCUCHA_HTTPS", "443")
    https_puerto = https.rsplit(":", 1)[-1]
    valores = {
        "AVGM_DOMINIO": entorno["AVGM_DOMINIO"],
        "AVGM_TLS_CERTIFICADO": entorno["AVGM_TLS_CERTIFICADO"],
        "AVGM_TLS_CLAVE": entorno["AVGM_TLS_CLAVE"],
        # One or more gunicorn addresses (comma-separated): nginx balances round-robin.
        "AVGM_UPSTREAM": "\n".join(
            f"    server {direccion.strip()};"
            for direccion in entorno["AVGM_GUNICORN"].split(",")
            if direccion.strip()
        ),
        "AVGM_ESCUCHA_HTTP": entorno.get("AVGM_ESCUCHA_HTTP", "80"),
        "AVGM_ESCUCHA_HTTPS": https,
        "AVGM_SUFIJO_PUERTO": "" if https_puerto == "443" else f":{https_puerto}",
        "AVGM_CARGA_MAXIMA_MB": str(max(EVIDENCIA_MB, importacion_mb) + 1),
        "STATIC_ROOT": f"{var}/static",
    }
    # safe_substitute leaves nginx's own $variables ($host, $scheme...) alone.
    texto = string.Template(PLANTILLA.read_text(encoding="utf-8")).safe_substitute(valores)
    assert "${" not in texto, "plantilla con una variable sin valor"
    return texto


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("Uso: python3 deploy/nginx.py /etc/avgm/avgm.env")
    sys.stdout.write(sitio(leer_entorno(Path(sys.argv[1]))))
