# Seguimiento AVGM — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.instalado
NODE_STAMP := node_modules/.instalado
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://root@127.0.0.1:5432/avgm

.DEFAULT_GOAL := install
.PHONY: run test test-e2e humo lint install sistema sistema-run demo bench carga carga-publico collectstatic clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Se necesita $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# System packages. The portal (make run, the server) needs only the fonts WeasyPrint draws
# with; the tests also need Chromium (browser tests), poppler (reading PDFs back) and nginx
# (make humo).
RUN_PKGS := fonts-dejavu-core
TEST_PKGS := chromium poppler-utils nginx

# $(call paquetes,PACKAGES,obligatorio|opcional,WHAT FOR): as root, apt-get installs the missing
# ones (CI runs as root on a fresh machine). Any other user is never sent to sudo: the missing
# packages are named, and the target fails if they are required or goes on if not.
define paquetes
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Instalando paquetes del sistema: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	elif [ "$(2)" = obligatorio ]; then \
	  echo "Faltan paquetes del sistema ($(3)): $$missing"; \
	  echo "Instálelos como root: apt-get install $$missing"; exit 1; \
	else \
	  echo "Aviso: faltan paquetes del sistema ($(3)): $$missing; no se instalan sin root."; \
	  echo "  Como root: apt-get install $$missing"; \
	fi
endef

install: $(STAMP) $(NODE_STAMP)
	$(call paquetes,$(RUN_PKGS),opcional,fuentes para los PDF)
	$(call paquetes,$(TEST_PKGS),opcional,solo para make test y make humo)

sistema:
	$(call paquetes,$(RUN_PKGS) $(TEST_PKGS),obligatorio,portal y pruebas)

sistema-run:
	$(call paquetes,$(RUN_PKGS),obligatorio,fuentes para los PDF)

# No nginx, no Chromium, no root: only the Python and npm packages and the fonts.
run: $(STAMP) $(NODE_STAMP) sistema-run
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

demo: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo

# Browser tests run as their own invocation (Playwright keeps an event loop running, which the ORM refuses; see docs/arquitectura.md);
# they run first so that the run closes on the whole suite's summary line.
# The rest runs on two processes (pytest-xdist's default scheduling keeps pytest-django's order:
# tests that flush the database come last on each worker).
test: install sistema
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m e2e -p no:cacheprovider -n 2; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]
	$(VENV)/bin/pytest -q -n 2

# Production-shaped smoke test: nginx (TLS) in front of two gunicorn (DEBUG=0) on PostgreSQL
# (database avgm_humo, created and dropped). See tests/test_humo.py.
humo: install sistema
	$(VENV)/bin/pytest -q -p no:cacheprovider -m produccion tests/test_humo.py

test-e2e: install sistema
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
bench: $(STAMP) $(NODE_STAMP) sistema-run
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
