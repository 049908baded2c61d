"""Print a Locust run (its --csv stats) as requests/s and p50/p95/p99 per page, each page's
p50/p95 as a ratio to the bare view measured in the same run, and the run's throughput.

python deploy/carga/resumen.py STATS.csv                  # the bare view is a row of STATS
python deploy/carga/resumen.py STATS.csv VACIA_STATS.csv [publico|lectura]
    # the bare view is its own phase (same users, same think time); also checks the run's
    # targets (METAS: the micrositio's, or the logged-in read run's)
python deploy/carga/resumen.py STATS.csv - cierre
    # deadline day: the bare view is a row of STATS, asked for under the same load; checks
    # that every page's p95 is within RAZON_CIERRE times the bare view's
"""

from __future__ import annotations

import csv
import sys

VACIA = "vista vacía"


# (p95 in ms on every page, share of the bare view's requests/s under the same load)
METAS = {
    "publico": (100.0, 0.5),  # the micrositio, 100 anonymous users
    "lectura": (150.0, 0.3),  # the portal, 50 logged-in users
}


# Deadline day: every page's p95 within this many times the bare view's p95, same run.
RAZON_CIERRE = 10.0


def _filas(archivo: str) -> list[dict]:
    with open(archivo, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(archivo: str, archivo_vacia: str | None = None, meta: str = "publico") -> int:
    filas = _filas(archivo)
    por_nombre = {f["Name"]: f for f in filas}
    if archivo_vacia == "-":
        archivo_vacia = None
    if archivo_vacia:
        vacia = {f["Name"]: f for f in _filas(archivo_vacia)}.get(VACIA)
        paginas = [f for f in filas if f["Name"] != "Aggregated"]
        for f in paginas:
            if f["Name"] == VACIA:  # the read run also asks for it between pages
                f["Name"] = f"{VACIA} (entre páginas)"
        filas = paginas + ([vacia] if vacia else []) + [por_nombre["Aggregated"]]
    else:
        vacia = por_nombre.get(VACIA)
    base50 = float(vacia["50%"]) if vacia else None
    base95 = float(vacia["95%"]) if vacia else None
    print(
        f"{'página':<30}{'pet.':>7}{'fallas':>7}{'pet/s':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'p50/vacía':>11}{'p95/vacía':>11}"
    )
    fallas = 0
    for f in sorted(filas, key=lambda f: (f["Name"] == "Aggregated", f["Name"])):
        if not int(f["Request Count"]):
            continue  # e.g. the logins, done before the measured period
        p50, p95, p99 = (float(f[k]) for k in ("50%", "95%", "99%"))
        fallas += int(f["Failure Count"]) if f["Name"] != "Aggregated" else 0
        r50 = f"{p50 / base50:>10.1f}x" if base50 else f"{'—':>11}"
        r95 = f"{p95 / base95:>10.1f}x" if base95 else f"{'—':>11}"
        print(
            f"{f['Name'][:29]:<30}{int(f['Request Count']):>7}{int(f['Failure Count']):>7}"
            f"{float(f['Requests/s']):>7.1f}{p50:>6.0f}m{p95:>6.0f}m{p99:>6.0f}m{r50}{r95}"
        )
    print("(tiempos en ms; «m» = milisegundos)")
    if archivo_vacia:
        print(
            "(«Aggregated»: las páginas; «vista vacía»: su propia fase, mismas personas y espera)"
        )
        return 1 if fallas or not _metas(filas, vacia, *METAS[meta]) else 0
    if meta == "cierre":
        total = por_nombre["Aggregated"]
        print(f"Rendimiento: {float(total['Requests/s']):.1f} pet/s en total; fallas: {fallas}")
        cumple = _razones(filas, base95)
        return 1 if fallas or not cumple else 0
    return 1 if fallas else 0


def _razones(filas: list[dict], base95: float | None) -> bool:
    """Every page's p95 within RAZON_CIERRE times the bare view's, measured under one load."""
    if not base95:
        print("Sin vista vacía en la corrida: no hay con qué comparar.")
        return False
    paginas = [
        f
        for f in filas
        if f["Name"] not in (VACIA, "Aggregated", "ingreso") and int(f["Request Count"])
    ]
    peor = max(paginas, key=lambda f: float(f["95%"]))
    razon = float(peor["95%"]) / base95
    ok = razon <= RAZON_CIERRE
    print(
        f"Meta p95 ≤ {RAZON_CIERRE:.0f}× la vista vacía en cada página: peor {razon:.1f}× "
        f"({peor['Name']}) → {'cumple' if ok else 'NO CUMPLE'}"
    )
    return ok


def _metas(filas: list[dict], vacia: dict | None, p95_maximo: float, minimo: float) -> bool:
    """The targets next to what was measured: p95 of each page, and the pages' requests/s over
    the bare view's (its own phase, same users and think time)."""
    paginas = [
        f
        for f in filas
        if not f["Name"].startswith(VACIA) and f["Name"] != "Aggregated" and int(f["Request Count"])
    ]
    peor = max(paginas, key=lambda f: float(f["95%"]))
    p95 = float(peor["95%"])
    total = next(f for f in filas if f["Name"] == "Aggregated")
    rps, rps_vacia = float(total["Requests/s"]), float(vacia["Requests/s"]) if vacia else 0.0
    razon = rps / rps_vacia if rps_vacia else 0.0
    ok_p95, ok_rps = p95 <= p95_maximo, razon >= minimo
    print(
        f"Meta p95 ≤ {p95_maximo:.0f} ms en cada página: peor p95 {p95:.0f} ms "
        f"({peor['Name']}) → {'cumple' if ok_p95 else 'NO CUMPLE'}"
    )
    print(
        f"Meta rendimiento ≥ {minimo * 100:.0f} % de la vista vacía: {rps:.1f} pet/s contra "
        f"{rps_vacia:.1f} pet/s = {razon * 100:.0f} % → {'cumple' if ok_rps else 'NO CUMPLE'}"
    )
    return ok_p95 and ok_rps


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
