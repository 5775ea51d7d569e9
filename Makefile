# Minka: every target uses the virtual environment in .venv/.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test test-browser browser-deps lint format bench messages clean-db

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Minka needs $(PYTHON) on the PATH."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed  ## venv, dependencies and compiled translations (idempotent)
	@$(MANAGE) compile_translations

run: install  ## migrate, load the demo content into an empty database, serve with a task worker
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo --if-empty
	@# The task worker runs in the background and stops with the server.
	@$(MANAGE) run_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$(pgrep -P $$worker) $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

browser-deps: install  ## Chromium and axe-core for the browser tests
	@bash scripts/ensure_browser.sh

test: install browser-deps  ## the whole suite (SQLite, or PostgreSQL with DATABASE_URL)
	@if [ -n "$$DATABASE_URL" ]; then $(MANAGE) create_database; fi
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install  ## ruff, the import contracts (.importlinter) and djhtml, without changing files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check $$(git ls-files 'templates/*.html' '*/templates/*.html')

format: install  ## apply ruff and djhtml formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files 'templates/*.html' '*/templates/*.html')

messages: install  ## refresh the Spanish catalogue from the sources
	$(MANAGE) makemessages --locale es --no-obsolete --ignore ".venv/*" --ignore "node_modules/*" --add-location file
	$(MANAGE) compile_translations

bench: install  ## performance figures (printed, never asserted)
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(PY) -m benchmarks
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(PY) -m benchmarks.uploads
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(PY) -m benchmarks.imports
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(PY) -m benchmarks.search
	$(PY) -m benchmarks.load

clean-db:  ## remove the local SQLite database and media
	rm -f db.sqlite3
	rm -rf media
