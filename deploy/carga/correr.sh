#!/usr/bin/env bash
# `make carga`: the portal under load on this machine, as the README deploys it.
#
# A throwaway PostgreSQL database (avgm_carga, created and dropped) with the demo, gunicorn
# with the production settings (DEBUG=0, a random SECRET_KEY, static files collected into
# var/carga/) on 127.0.0.1 only, and Locust (its own virtualenv, var/locust-venv, never the
# app's dependencies) headless: a read run, checked to change no row, then a write run,
# checked to store every save the server confirmed. Bounded: 50 users, loopback only.
# Then deadline day (cierre): 50 enlaces saving and submitting while 10 people read the report
# and 2 directivos download the draft PDF, with the bare view asked for under the same load;
# checked to lose no confirmed save, and the worker to have rendered. Then the public run:
# 100 anonymous users on the micrositio (/publico/), and the same 100 users on the bare view
# in a phase of their own, to compare throughput honestly.
#
#   deploy/carga/correr.sh                     # every phase: lectura escritura cierre publico
#   deploy/carga/correr.sh cierre              # only deadline day
#   deploy/carga/correr.sh publico             # `make carga-publico`: only the public run
set -euo pipefail
cd "$(dirname "$0")/../.."

USUARIOS=${CARGA_USUARIOS:-50}
DURACION=${CARGA_DURACION:-60}             # seconds measured once every user is logged in
DURACION_ESCRITURA=${CARGA_DURACION_ESCRITURA:-30}
USUARIOS_PUBLICO=${CARGA_USUARIOS_PUBLICO:-100}
DURACION_PUBLICO=${CARGA_DURACION_PUBLICO:-45}   # seconds measured once all 100 have started
DURACION_VACIA=${CARGA_DURACION_VACIA:-30}
DURACION_CIERRE=${CARGA_DURACION_CIERRE:-45}
FASES=${*:-lectura escritura cierre publico}
for fase in $FASES; do
  case $fase in lectura | escritura | cierre | publico) ;; *) echo "Fase desconocida: $fase" >&2; exit 2 ;; esac
done
# A port nobody listens on (another server on loopback must never receive this load).
PUERTO=${CARGA_PUERTO:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
if (exec 3<>"/dev/tcp/127.0.0.1/$PUERTO") 2>/dev/null; then
  echo "El puerto $PUERTO ya está en uso: elija otro con CARGA_PUERTO." >&2; exit 1
fi
# gunicorn as deploy/systemd/avgm.service runs it (AVGM_GUNICORN_WORKERS=3, 4 threads each).
PROCESOS=${CARGA_PROCESOS:-3}
HILOS=${CARGA_HILOS:-4}
PG=${CARGA_PG:-postgres://root@127.0.0.1:5432}
BASE=avgm_carga
PY=.venv/bin/python
LOCUST_VENV=var/locust-venv
DIR=$PWD/var/carga
mkdir -p "$DIR"

if [ ! -x "$LOCUST_VENV/bin/locust" ]; then
  echo "Instalando Locust en $LOCUST_VENV (fuera de las dependencias del portal)…"
  python3.11 -m venv "$LOCUST_VENV"
  "$LOCUST_VENV/bin/pip" install --quiet "locust==2.47.*"
fi

export DATABASE_URL="$PG/$BASE"
export AVGM_VAR_DIR="$DIR"  # static files, media and the report's disk cache of this run
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $BASE" -c "CREATE DATABASE $BASE" >/dev/null

GUNICORN_PID=""
WORKER_PID=""
limpiar() {
  for pid in $GUNICORN_PID $WORKER_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $BASE WITH (FORCE)" >/dev/null || true
}
trap limpiar EXIT

echo "Cargando la demo en $BASE…"
DEBUG=1 $PY manage.py migrate --noinput -v0
DEBUG=1 $PY manage.py demo | tail -1   # the demo refuses DEBUG=0: only this step has DEBUG=1
ENLACES=$(DEBUG=1 $PY deploy/carga/verificar.py cuentas)
echo "Cuentas de enlace habilitadas: $(tr ',' '\n' <<<"$ENLACES" | wc -l)"

# The production settings: DEBUG=0, a random 64-character key, plain HTTP on loopback; and the
# load-test configuration (AVGM_CARGA=1): the demo app installed and its bare view routed. Idle
# keep-alive connections outlive the users' think time (1–3 s): with gunicorn's default of
# 2 s a request can race the server closing its connection (a reset the client reports).
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 AVGM_CARGA=1
SECRET_KEY=$(python3 -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(64)))')
export SECRET_KEY
$PY manage.py collectstatic --noinput -v0
.venv/bin/gunicorn avgm.wsgi --bind "127.0.0.1:$PUERTO" --workers "$PROCESOS" --threads "$HILOS" \
  --timeout 120 --keep-alive 30 --log-level warning >"$DIR/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
# The task worker renders the PDFs the directivos ask for, scheduled as idle as the deployment
# runs it (deploy/systemd/avgm-worker.service: CPUSchedulingPolicy=idle): a render only takes
# the CPU the pages leave. (A measurement, not a deployment: the production checks, mail server,
# proxies and AVGM_CARGA itself, would stop it before it starts.)
chrt --idle 0 nice -n 19 $PY manage.py db_worker --no-reload --interval 1 --skip-checks \
  >"$DIR/worker.log" 2>&1 &
WORKER_PID=$!
# Ours, and up: the bare view only exists on this server (AVGM_CARGA, the load-test configuration).
for _ in $(seq 150); do
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn no arrancó:" >&2; cat "$DIR/gunicorn.log" >&2; exit 1; }
  curl -fso /dev/null "http://127.0.0.1:$PUERTO/_bench/vacio/" && break
  sleep 0.2
done
curl -fso /dev/null "http://127.0.0.1:$PUERTO/_bench/vacio/" || { echo "gunicorn no responde." >&2; exit 1; }
# Alive is not enough: its heartbeat in the database says it reached the queue.
worker_vivo() {
  kill -0 "$WORKER_PID" 2>/dev/null && DEBUG=1 $PY deploy/carga/verificar.py worker "$WORKER_PID" && return 0
  echo "EL WORKER DE TAREAS NO ESTÁ VIVO: sin él la medición no vale. Su registro:" >&2
  tail -20 "$DIR/worker.log" >&2
  exit 1
}
worker_vivo
carga_media() { cut -d' ' -f1-3 /proc/loadavg; }

LECTORES="Enlace Analista Directivo SoloVacia"   # the read run's people (not deadline day's)
enjambre() {  # name, seconds measured, write?, user classes, [users]
  # -t bounds the whole run: the logins' burst, then $2 s measured (the locustfile stops it).
  CARGA_ENLACES="$ENLACES" CARGA_ESCRITURA="$3" CARGA_ESCRITURAS="$DIR/escrituras.txt" \
    CARGA_MEDICION="$2" "$LOCUST_VENV/bin/locust" -f deploy/carga/locustfile.py $4 --headless \
    --only-summary --host "http://127.0.0.1:$PUERTO" -u "${5:-$USUARIOS}" -r 5 -t "$(($2 + 240))s" \
    --csv "$DIR/$1" --loglevel WARNING >"$DIR/$1.log" 2>&1 || true
  grep -h "Todos dentro" "$DIR/$1.log" || echo "(no todos los usuarios ingresaron a tiempo)"
  echo "Carga media del equipo al terminar (1, 5, 15 min): $(carga_media)"
}

correr() {  # name, seconds measured, write?
  enjambre "$1" "$2" "$3" "$LECTORES"
  python3 deploy/carga/resumen.py "$DIR/$1_stats.csv"
}

anonimos() {  # name, user class, seconds measured: the public locustfile, no login
  CARGA_MEDICION="$3" "$LOCUST_VENV/bin/locust" -f deploy/carga/publico.py "$2" --headless \
    --only-summary --host "http://127.0.0.1:$PUERTO" -u "$USUARIOS_PUBLICO" -r 20 \
    -t "$(($3 + 60))s" --csv "$DIR/$1" --loglevel WARNING >"$DIR/$1.log" 2>&1 || true
  grep -h "Todos dentro" "$DIR/$1.log" || { echo "(no todos los usuarios empezaron a tiempo)"; tail -5 "$DIR/$1.log"; }
}

rc=0
if [[ " $FASES " == *" lectura "* ]]; then
  DEBUG=1 $PY deploy/carga/verificar.py huella >"$DIR/antes.json"
  DESDE=$(DEBUG=1 $PY deploy/carga/verificar.py ahora)
  echo ""
  echo "== Lectura: $USUARIOS usuarios, $DURACION s, gunicorn ${PROCESOS}×${HILOS} en 127.0.0.1:$PUERTO, PostgreSQL, worker de tareas;" \
    "luego la vista vacía, $DURACION_VACIA s, mismas personas y espera =="
  enjambre lectura "$DURACION" 0 "$LECTORES"
  enjambre lectura-vacia "$DURACION_VACIA" 0 SoloVacia
  python3 deploy/carga/resumen.py "$DIR/lectura_stats.csv" "$DIR/lectura-vacia_stats.csv" lectura || rc=1
  # The directivos asked for the draft PDF now and then: the worker must have made it.
  pedidos=$(awk -F, '$2 == "directivo: PDF" { print $3 }' "$DIR/lectura_stats.csv")
  DEBUG=1 $PY deploy/carga/verificar.py renders "$DESDE" "$([ "${pedidos:-0}" -gt 0 ] && echo 1 || echo 0)" || rc=1
  DEBUG=1 $PY deploy/carga/verificar.py huella >"$DIR/despues.json"
  if cmp -s "$DIR/antes.json" "$DIR/despues.json"; then
    echo "Sin cambios en los datos durante la lectura ($(grep -c '"' "$DIR/antes.json") tablas)."
  else
    echo "CAMBIARON DATOS durante la lectura:"; diff "$DIR/antes.json" "$DIR/despues.json" || true; rc=1
  fi
fi

if [[ " $FASES " == *" escritura "* ]]; then
  echo ""
  echo "== Escritura: $USUARIOS usuarios, $DURACION_ESCRITURA s; los enlaces guardan sus fichas =="
  correr escritura "$DURACION_ESCRITURA" 1 || rc=1
  DEBUG=1 $PY deploy/carga/verificar.py escrituras "$DIR/escrituras.txt" || rc=1
fi

if [[ " $FASES " == *" cierre "* ]]; then
  echo ""
  echo "== Día de cierre: 50 enlaces guardan (70 %) y envían (30 %) sus fichas, 10 personas leen el" \
    "informe y 2 directivos descargan el PDF borrador, $DURACION_CIERRE s; la vista vacía bajo la misma carga =="
  worker_vivo
  DEBUG=1 $PY deploy/carga/verificar.py cache | sed 's/^/Antes: /'
  DESDE=$(DEBUG=1 $PY deploy/carga/verificar.py ahora)
  : >"$DIR/escrituras.txt"
  enjambre cierre "$DURACION_CIERRE" 1 "EnlaceAlCierre LectorDelInforme DirectivoBorrador VaciaAlCierre" 65
  python3 deploy/carga/resumen.py "$DIR/cierre_stats.csv" - cierre || rc=1
  DEBUG=1 $PY deploy/carga/verificar.py escrituras "$DIR/escrituras.txt" || rc=1
  DEBUG=1 $PY deploy/carga/verificar.py renders "$DESDE" 1 || rc=1
  DEBUG=1 $PY deploy/carga/verificar.py cache | sed 's/^/Después: /'
  kill -0 "$WORKER_PID" 2>/dev/null || { echo "EL WORKER DE TAREAS MURIÓ durante la corrida." >&2; rc=1; }
fi

if [[ " $FASES " == *" publico "* ]]; then
  echo ""
  echo "== Micrositio público: $USUARIOS_PUBLICO usuarios anónimos, espera ${CARGA_ESPERA:-0.5,1.5} s," \
    "$DURACION_PUBLICO s; luego la vista vacía, $DURACION_VACIA s, mismos usuarios y espera =="
  anonimos publico Visitante "$DURACION_PUBLICO"
  anonimos publico-vacia VisitanteVacia "$DURACION_VACIA"
  python3 deploy/carga/resumen.py "$DIR/publico_stats.csv" "$DIR/publico-vacia_stats.csv" publico || rc=1
fi
exit $rc
