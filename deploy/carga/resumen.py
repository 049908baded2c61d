"""Print a Locust run (its --csv stats) as requests/s and p50/p95/p99 per page, each page's
p50/p95 as a ratio to the bare view measured in the same run, and the run's throughput."""

from __future__ import annotations

import csv
import sys

VACIA = "vista vacía"


def main(archivo: str) -> int:
    with open(archivo, encoding="utf-8") as f:
        filas = list(csv.DictReader(f))
    por_nombre = {f["Name"]: f for f in filas}
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
    return 1 if fallas else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
