# Seguimiento AVGM — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.instalado
NODE_STAMP := node_modules/.instalado
SYS_STAMP := var/.sistema
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://root@127.0.0.1:5432/avgm

.PHONY: run test test-e2e humo lint install sistema demo bench carga carga-publico collectstatic clean

install: $(STAMP) $(NODE_STAMP) $(SYS_STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Se necesita $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# System packages: fonts for WeasyPrint, Chromium for browser tests, poppler to read PDFs back,
# nginx for the production-shaped smoke test (make humo).
SYS_PKGS := fonts-dejavu-core chromium poppler-utils nginx
$(SYS_STAMP):
	@mkdir -p var
	@missing=$$(for p in $(SYS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Instalando paquetes del sistema: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi
	touch $@

sistema: $(SYS_STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo ""
	@echo "  Portal:  http://$(HOST):$(PORT)/"
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/"
	@$(PY) manage.py demo --cuentas
	@echo ""
	@# The task worker (PDF, Excel, publishing) runs beside the server and stops with it.
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo

# Browser tests run as their own invocation (Playwright keeps an event loop running, which the ORM refuses; see docs/arquitectura.md);
# they run first so that the run closes on the whole suite's summary line.
# The rest runs on two processes (pytest-xdist's default scheduling keeps pytest-django's order:
# tests that flush the database come last on each worker).
test: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m e2e -p no:cacheprovider; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]
	$(VENV)/bin/pytest -q -n 2

# Production-shaped smoke test: nginx (TLS) in front of two gunicorn (DEBUG=0) on PostgreSQL
# (database avgm_humo, created and dropped). See tests/test_humo.py.
humo: install
	$(VENV)/bin/pytest -q -p no:cacheprovider -m produccion tests/test_humo.py

test-e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

collectstatic: install
	DEBUG=0 SECRET_KEY=ci-only-$$RANDOM$$RANDOM$$RANDOM$$RANDOM ALLOWED_HOSTS=avgm.example.org \
	  $(PY) manage.py collectstatic --noinput >/dev/null
	DEBUG=0 SECRET_KEY=ci-only-a9f3k2m8q7w1e5r4t6y0u2i8o3p7a5s9d1f4g6h8j2k0l3z5x7c9v1b3n5m7q9w DATABASE_URL= \
	  ALLOWED_HOSTS=avgm.example.org EMAIL_HOST=smtp.example.org AVGM_PROXIES_CONFIABLES=1 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Figures, report page, PDF and Excel at demo and state scale (on var/bench.sqlite3), then the
# Excel import of 6,000 metas (on its own throwaway database, rolled back).
BENCH_IMPORT_DB := sqlite:///$(CURDIR)/var/bench-importar.sqlite3
bench: install
	$(PY) manage.py bench
	DATABASE_URL=$(BENCH_IMPORT_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_IMPORT_DB) $(PY) manage.py bench_importar

# Load test: gunicorn with the production settings on a throwaway PostgreSQL copy of the demo,
# 50 Locust users (own virtualenv, var/locust-venv) on 127.0.0.1 (deploy/carga/correr.sh).
carga: install
	deploy/carga/correr.sh

# Only the public run: 100 anonymous users on /publico/, then the bare view under the same load.
carga-publico: install
	deploy/carga/correr.sh publico

clean:
	rm -rf $(VENV) node_modules var
