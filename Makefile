# One command runner for people and CI alike. `make demo` and `make test` are all a new user needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test processes (pytest-xdist): one per CPU, at most four; PYTEST_WORKERS=0 runs the suite in one process.
# Tests with a real Celery worker on Redis (marked redis) then run in one process on their own: beside another
# process's browser and report tests their jobs waited past the tests' limits on a two-CPU machine.
PYTEST_WORKERS ?= auto
MANAGE := $(BIN)/python manage.py
# Debian packages the project needs: WeasyPrint's Pango and HarfBuzz, report fonts, libmagic to check uploads
# by their content, Chromium for browser tests.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 libmagic1 \
	chromium
VENDOR := static/vendor

.PHONY: help install system-packages demo serve test bench lint format lock check-deploy clean

help:
	@echo "make demo     set up and serve the portal with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test     install and run the whole test suite"
	@echo "make bench    seed a large trust and time the busiest pages"
	@echo "make lint     ruff check and format check"
	@echo "make format   ruff format and fix"
	@echo "make lock     re-pin requirements.lock from pyproject.toml"

# Each install runs again when what it installs from changes, by content, not by date: a fresh checkout or a
# new worktree has files newer than the stamps, and make re-ran pip and npm ci when nothing had changed.
checksum = $(shell cat $(1) | cksum | tr ' ' -)
PYTHON_INSTALLED := $(VENV)/.installed-$(call checksum,requirements.lock pyproject.toml)
VENDOR_INSTALLED := $(VENDOR)/.installed-$(call checksum,package.json package-lock.json scripts/vendor_assets.py)

install: $(PYTHON_INSTALLED) $(VENDOR_INSTALLED) .env

# A checkout is for the demo and development: manage.py runs there with DEBUG on (a key is made in
# .dev-secret-key). Production never reads this file; it sets real environment variables (see .env.example).
.env:
	printf '# Made by make install for this checkout (demo and development). Never used in production.\nDEBUG=true\n' > $@

$(PYTHON_INSTALLED):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed $(VENV)/.installed-*
	touch $@

# The NHS.UK frontend and htmx come from the npm registry at install time and are served by the app itself
# (scripts/vendor_assets.py copies them, fitting the NHS.UK CSS to our CSP). axe-core is for the browser tests
# only: they inject it into each page they check; no page links it, and the production image leaves it out.
$(VENDOR_INSTALLED):
	@command -v npm >/dev/null || { echo "npm is needed to install the NHS.UK frontend, htmx and axe-core (install Node.js 18 or newer)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor_assets.py
	rm -f $(VENDOR)/.installed $(VENDOR)/.installed-*
	touch $@

# Installs the Debian packages where it can (root with apt-get); elsewhere says what is missing.
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian packages:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Not installed (install them with your package manager for PDF reports and browser tests):" $$missing; \
	fi

demo: install system-packages
	@DEBUG=true $(MANAGE) migrate --no-input -v 0
	@DEBUG=true $(MANAGE) seed_demo
	@$(MAKE) --no-print-directory serve

# The web server, a Celery worker and Celery beat side by side (scripts/demo.py): reports are made in the
# background and reminders sent on schedule, through a folder queue when there is no REDIS_URL. Ctrl-C stops all.
serve:
	@PORT=$(PORT) $(BIN)/python scripts/demo.py

# Where the environment stops Python writing compiled bytecode beside the sources (PYTHONDONTWRITEBYTECODE),
# every test process compiled the project and rewrote each test module's asserts again: 7 s of each process's
# start, and of each manage.py the tests run. The tests keep that bytecode in .pycache/ instead.
ifneq ($(PYTHONDONTWRITEBYTECODE),)
test: export PYTHONPYCACHEPREFIX := $(CURDIR)/.pycache
test: export PYTHONDONTWRITEBYTECODE :=
endif
test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 -m "not redis" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m redis $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Seeds a large trust (600 trainees, 180,000 evidence items) and times the busiest pages; see scripts/bench.py.
bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(PYTHON_INSTALLED)
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

check-deploy: install
	DEBUG=false SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=portal.example.nhs.uk $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles .pycache
